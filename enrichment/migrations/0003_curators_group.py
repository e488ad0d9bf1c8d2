"""The "Curators" group: exactly the permissions a curator's work needs.

View the library and its sources; review overlays (change + review_overlay);
record and revoke duplicate decisions; sign off a pilot. Nothing on users,
groups or any other setting. Permissions are normally created after all
migrations (post_migrate), so they are created here first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATORS = "Curators"
PERMISSIONS = {
    "activities": [
        "view_activity",
        "view_activitysource",
        "view_category",
        "view_duplicatecandidate",
        "add_reviewdecision",
        "view_reviewdecision",
        "change_reviewdecision",
    ],
    "sources": ["view_source", "view_chunk"],
    "enrichment": [
        "view_enrichmentrun",
        "view_enrichmentoverlay",
        "change_enrichmentoverlay",
        "review_overlay",
        "add_pilotsignoff",
        "view_pilotsignoff",
        "sign_off_pilot",
    ],
}


def create_curators(apps, schema_editor):
    for app_label in PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=CURATORS)
    for app_label, codenames in PERMISSIONS.items():
        found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        missing = set(codenames) - {permission.codename for permission in found}
        if missing:
            raise RuntimeError(f"Permissions not found for {app_label}: {sorted(missing)}")
        group.permissions.add(*found)


def delete_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("activities", "0001_initial"),
        ("sources", "0001_initial"),
        ("enrichment", "0002_run_status_batch_map"),
    ]

    operations = [migrations.RunPython(create_curators, delete_curators)]
