"""``Activity.play_doubt``: why a curator should check that a published entry is a game (set by the rebuild).

SQLite adds the column by rebuilding the table, which drops the indexes made in plain SQL (migrations 0003, 0004,
0006): they are made again as 0007 makes them.
"""

import importlib

from django.db import migrations, models

category_mask = importlib.import_module("activities.migrations.0006_category_mask")
recreate_filter_cover = category_mask.filter_cover_order._recreate(category_mask.COLUMNS_AFTER)


class Migration(migrations.Migration):
    dependencies = [("activities", "0014_library_version")]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="play_doubt",
            field=models.CharField(
                blank=True,
                choices=[("no-goal", "names no way to win or end"), ("thin-play", "few play directions")],
                default="",
                editable=False,
                max_length=16,
                verbose_name="check it is a game",
            ),
        ),
        migrations.RunSQL(category_mask.NAME_ORDER_SQL, migrations.RunSQL.noop),
        migrations.RunPython(recreate_filter_cover, recreate_filter_cover),
    ]
