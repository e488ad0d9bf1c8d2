"""The listing's default order is the name a page shows (Romanian when translated, else the original): an index on
that expression, so the first page of an unsearched listing still reads 20 index entries. Declared on the model, so
SQLite makes it again whenever a migration rebuilds the table."""

import activities.models
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0015_activity_play_doubt"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                django.db.models.functions.comparison.Coalesce(activities.models.EmptyAsNull("name_ro"), "name"),
                models.F("id"),
                name="activity_display_order",
            ),
        ),
    ]
