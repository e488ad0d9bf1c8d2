"""The Curators group may correct filter values (and revoke corrections), see rebuild runs and start one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATORS = "Curators"
CODENAMES = [
    "add_filtercorrection",
    "view_filtercorrection",
    "change_filtercorrection",
    "view_rebuildrun",
    "run_rebuild",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("activities")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATORS)
    found = list(Permission.objects.filter(content_type__app_label="activities", codename__in=CODENAMES))
    missing = set(CODENAMES) - {permission.codename for permission in found}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    group.permissions.add(*found)


def withdraw(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=CURATORS).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="activities", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0009_filtercorrection"),
        ("enrichment", "0003_curators_group"),
    ]

    operations = [migrations.RunPython(grant, withdraw)]
