"""``NotAGameMark`` (with history): a curator's verdict that a published entry is not a game.

The Curators group may record, view and revoke marks, like duplicate decisions. Permissions are normally
created after all migrations (post_migrate), so they are created here first.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CURATORS = "Curators"
CURATOR_CODENAMES = ["add_notagamemark", "view_notagamemark", "change_notagamemark"]


def grant_curators(apps, schema_editor):
    app_config = apps.get_app_config("activities")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name=CURATORS).first()
    if group is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="activities", codename__in=CURATOR_CODENAMES
        )
        group.permissions.add(*permissions)


def revoke_curators(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=CURATORS).first()
    if group is not None:
        permissions = apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="activities", codename__in=CURATOR_CODENAMES
        )
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0007_activity_filter_origins"),
        ("enrichment", "0003_curators_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalNotAGameMark",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("content_key", models.CharField(db_index=True, max_length=64)),
                ("name", models.CharField(blank=True, max_length=300, verbose_name="name")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("marked_at", models.DateTimeField(blank=True, editable=False)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "marked_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical not-a-game mark",
                "verbose_name_plural": "historical not-a-game marks",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="NotAGameMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("content_key", models.CharField(db_index=True, max_length=64)),
                ("name", models.CharField(blank=True, max_length=300, verbose_name="name")),
                ("note", models.TextField(blank=True, verbose_name="note")),
                ("marked_at", models.DateTimeField(auto_now_add=True)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                (
                    "marked_by",
                    models.ForeignKey(
                        blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "verbose_name": "not-a-game mark",
                "verbose_name_plural": "not-a-game marks",
                "ordering": ["-marked_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("revoked_at__isnull", True)),
                        fields=("content_key",),
                        name="one_not_a_game_mark_in_force",
                    )
                ],
            },
        ),
        migrations.RunPython(grant_curators, revoke_curators),
    ]
