"""The full-text search index, per database vendor (see activities/search/),
and indexes for the listing's filters and facets.

SQLite: an FTS5 table filled by ``activities.search.reindex()``. PostgreSQL:
the unaccent extension, an IMMUTABLE wrapper around it, and a GIN index on the
very expression the PostgreSQL backend queries. Other vendors: nothing.

The listing indexes are plain SQL, outside the models' state, so that they do
not change the Meta of models owned elsewhere.
"""

from django.db import migrations

# SQLite joins each full-text match to its activity by id; with every filter
# column in the index, counts and facets never read the (wide) table rows.
FILTER_COVER_SQL = (
    "CREATE INDEX activity_filter_cover ON activities_activity "
    "(id, indoor_outdoor, space, language, materials_needed, players_min, players_max, "
    "duration_min, duration_max, age_min, age_max)"
)
# The default order of the listing (by name, then id): the first page of an
# unsearched listing reads 20 index entries instead of sorting the library.
NAME_ORDER_SQL = "CREATE INDEX activity_name_order ON activities_activity (name, id)"
# The source facet and filter: activity -> its sources without touching the rows.
SOURCE_LINK_SQL = "CREATE INDEX activity_source_link ON activities_activitysource (activity_id, source_id)"
# The same, the other way round, for the source facet of an unfiltered listing.
SOURCE_COUNT_SQL = "CREATE INDEX activity_source_count ON activities_activitysource (source_id, activity_id)"


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from activities.search import sqlite

        if sqlite.fts5_available():
            schema_editor.execute(sqlite.CREATE_TABLE_SQL)
            # Activities published before this migration get indexed now.
            sqlite.SqliteFts5Backend().reindex(activity_ids=None)
        schema_editor.execute(FILTER_COVER_SQL)
    elif vendor == "postgresql":
        from django.contrib.postgres.indexes import GinIndex

        from activities.search import postgres

        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute(postgres.CREATE_FUNCTION_SQL)
        Activity = apps.get_model("activities", "Activity")
        index = GinIndex(postgres.search_document(), name=postgres.INDEX_NAME)
        schema_editor.execute(index.create_sql(Activity, schema_editor))
    schema_editor.execute(SOURCE_LINK_SQL)
    schema_editor.execute(SOURCE_COUNT_SQL)
    schema_editor.execute(NAME_ORDER_SQL)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute("DROP INDEX IF EXISTS activity_source_link")
    schema_editor.execute("DROP INDEX IF EXISTS activity_source_count")
    schema_editor.execute("DROP INDEX IF EXISTS activity_name_order")
    if vendor == "sqlite":
        from activities.search import sqlite

        schema_editor.execute("DROP INDEX IF EXISTS activity_filter_cover")
        schema_editor.execute(sqlite.DROP_TABLE_SQL)
    elif vendor == "postgresql":
        from activities.search import postgres

        schema_editor.execute(f"DROP INDEX IF EXISTS {postgres.INDEX_NAME}")
        schema_editor.execute(postgres.DROP_FUNCTION_SQL)


class Migration(migrations.Migration):
    dependencies = [("activities", "0002_categories")]

    operations = [migrations.RunPython(create_index, drop_index)]
