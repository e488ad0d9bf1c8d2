"""``Activity.category_mask``: the activity's categories as one integer (see
``activities/category_masks.py``), filled for the rows already published.

SQLite: the covering filter index (migrations 0003, 0004) gains the mask as its
last column, so the listing's facets still never read the wide table rows. And
SQLite adds a NOT NULL column by rebuilding the table, which drops the indexes
that migration 0003 made in plain SQL: the name order index is made again.
"""

import importlib

from django.db import migrations, models

from activities import taxonomy

# The index is dropped and made again exactly as migration 0004 does it.
filter_cover_order = importlib.import_module("activities.migrations.0004_filter_cover_order")
COLUMNS_BEFORE = filter_cover_order.NEW_COLUMNS
COLUMNS_AFTER = f"{COLUMNS_BEFORE}, category_mask"


NAME_ORDER_SQL = "CREATE INDEX IF NOT EXISTS activity_name_order ON activities_activity (name, id)"


def fill_masks(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    codes: dict[int, list[str]] = {}
    for activity_id, code in Activity.categories.through.objects.values_list("activity_id", "category__code"):
        codes.setdefault(activity_id, []).append(code)
    Activity.objects.bulk_update(
        [Activity(pk=pk, category_mask=taxonomy.category_mask(values)) for pk, values in codes.items()],
        ["category_mask"],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0005_alter_duplicatecandidate_options_and_more")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="category_mask",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.RunSQL(NAME_ORDER_SQL, migrations.RunSQL.noop),
        migrations.RunPython(fill_masks, migrations.RunPython.noop),
        migrations.RunPython(
            filter_cover_order._recreate(COLUMNS_AFTER), filter_cover_order._recreate(COLUMNS_BEFORE)
        ),
    ]
