from django.db import migrations

from activities.taxonomy import CATEGORIES


def create_categories(apps, schema_editor):
    Category = apps.get_model("activities", "Category")
    for position, term in enumerate(CATEGORIES):
        Category.objects.update_or_create(
            code=term.code, defaults={"label_ro": term.label_ro, "label_en": term.label_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]
    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
