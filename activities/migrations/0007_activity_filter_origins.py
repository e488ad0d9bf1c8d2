"""``Activity.filter_origins``: where each published filter value came from; ``Activity.estimated_mask``: the
estimated fields as one integer (filled for the rows already published); ``Activity.translation_stale``.

SQLite adds the column by rebuilding the table, which drops the indexes made in
plain SQL (migrations 0003, 0004, 0006): they are made again as 0006 makes them.
"""

import importlib

from django.db import migrations, models

from activities import taxonomy

category_mask = importlib.import_module("activities.migrations.0006_category_mask")
recreate_filter_cover = category_mask.filter_cover_order._recreate(category_mask.COLUMNS_AFTER)


def fill_estimated_masks(apps, schema_editor):
    Activity = apps.get_model("activities", "Activity")
    estimated = Activity.objects.exclude(estimated_fields=[]).only("pk", "estimated_fields")
    Activity.objects.bulk_update(
        [Activity(pk=row.pk, estimated_mask=taxonomy.field_mask(row.estimated_fields)) for row in estimated],
        ["estimated_mask"],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_category_mask")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="filter_origins",
            field=models.JSONField(blank=True, default=dict, verbose_name="filter value origins"),
        ),
        migrations.AddField(
            model_name="activity",
            name="estimated_mask",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="activity",
            name="translation_stale",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(fill_estimated_masks, migrations.RunPython.noop),
        migrations.RunSQL(category_mask.NAME_ORDER_SQL, migrations.RunSQL.noop),
        migrations.RunPython(recreate_filter_cover, recreate_filter_cover),
    ]
