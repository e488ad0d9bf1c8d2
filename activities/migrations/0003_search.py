"""The full-text search index, per database vendor (see activities/search/).

SQLite: an FTS5 table filled by ``activities.search.reindex()``. PostgreSQL:
the unaccent extension, an IMMUTABLE wrapper around it, and a GIN index on the
very expression the PostgreSQL backend queries. Other vendors: nothing.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from activities.search import sqlite

        if sqlite.fts5_available():
            schema_editor.execute(sqlite.CREATE_TABLE_SQL)
            # Activities published before this migration get indexed now.
            sqlite.SqliteFts5Backend().reindex(activity_ids=None)
    elif vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex

        from activities.search import postgres

        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute(postgres.CREATE_FUNCTION_SQL)
        Activity = apps.get_model("activities", "Activity")
        index = GinIndex(postgres.search_document(), name=postgres.INDEX_NAME)
        schema_editor.execute(index.create_sql(Activity, schema_editor))


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from activities.search import sqlite

        schema_editor.execute(sqlite.DROP_TABLE_SQL)
    elif vendor == "postgresql":
        from activities.search import postgres

        schema_editor.execute(f"DROP INDEX IF EXISTS {postgres.INDEX_NAME}")
        schema_editor.execute(postgres.DROP_FUNCTION_SQL)


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_categories")]

    operations = [migrations.RunPython(create_index, drop_index)]
