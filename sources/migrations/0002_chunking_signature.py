from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="source",
            name="chunking",
            field=models.CharField(
                blank=True,
                help_text="Reader/chunker version and size the chunks were cut with; a change re-chunks the source.",
                max_length=100,
                verbose_name="chunking",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="kind",
            field=models.CharField(
                choices=[
                    ("pdf", "PDF"),
                    ("html", "HTML"),
                    ("text", "Plain text"),
                    ("markdown", "Markdown"),
                    ("web-mirror", "Web mirror"),
                    ("other", "Other"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
    ]
