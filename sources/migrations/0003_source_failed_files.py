from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_chunking_signature"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="failed_files",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "Files of a folder source that could not be read: [{path, reason, needs_ocr}]; their pages are empty."
                ),
                verbose_name="files not read",
            ),
        ),
    ]
