"""SQLite only: the covering filter index (``activity_filter_cover``, migration
0003) again, with its columns reordered.

A search joins each full-text match to its activity by id through this index.
With ``indoor_outdoor`` as its second column, SQLite used the setting filter's
``IN ('indoor', 'both')`` as an index constraint and probed the index twice per
match, for a row that the id alone already identifies. Behind the id now come
the columns that are only ever filtered by OR-ed range tests (group size,
duration, age), which SQLite cannot turn into index constraints: one probe per
match. The index covers the same columns, so counts and facets still never read
the wide table rows. Other vendors: nothing (0003 made this index on SQLite only).
"""

from django.db import migrations

INDEX = "activity_filter_cover"
OLD_COLUMNS = (
    "id, indoor_outdoor, space, language, materials_needed, players_min, players_max, "
    "duration_min, duration_max, age_min, age_max"
)
NEW_COLUMNS = (
    "id, players_min, players_max, duration_min, duration_max, age_min, age_max, "
    "indoor_outdoor, space, language, materials_needed"
)


def _recreate(columns: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"CREATE INDEX {INDEX} ON activities_activity ({columns})")
        # Dropping the index dropped its planner statistics too; where the database
        # keeps statistics, give the new index its own at once (else the planner
        # may skip it until the next ANALYZE).
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
            if cursor.fetchone() is not None:
                schema_editor.execute(f"ANALYZE {INDEX}")

    return run


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_search")]

    operations = [migrations.RunPython(_recreate(NEW_COLUMNS), _recreate(OLD_COLUMNS))]
