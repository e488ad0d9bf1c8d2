"""``Activity.filter_origins``: where each published filter value came from.

SQLite adds the column by rebuilding the table, which drops the indexes made in
plain SQL (migrations 0003, 0004, 0006): they are made again as 0006 makes them.
"""

import importlib

from django.db import migrations, models

category_mask = importlib.import_module("activities.migrations.0006_category_mask")
recreate_filter_cover = category_mask.filter_cover_order._recreate(category_mask.COLUMNS_AFTER)


class Migration(migrations.Migration):
    dependencies = [("activities", "0006_category_mask")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="filter_origins",
            field=models.JSONField(blank=True, default=dict, verbose_name="filter value origins"),
        ),
        migrations.RunSQL(category_mask.NAME_ORDER_SQL, migrations.RunSQL.noop),
        migrations.RunPython(recreate_filter_cover, recreate_filter_cover),
    ]
