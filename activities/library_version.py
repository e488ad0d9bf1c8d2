"""The published library's version (``LibraryVersion``): read by whatever caches a view of the library,
changed by whatever writes it.

The token is random, never a counter: a counter rolled back with a transaction (a failed publish, a test) would
hand an old number to a different library. It changes with

- every ``search.reindex`` (the rebuild's publish and enrichment's overlays reindex after their bulk writes),
- any saved or deleted Activity, any change of its categories (the admin, curator corrections),
- any saved or deleted Source (a deleted source leaves its links without one; a title is a facet label).
"""

import uuid

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from activities.models import Activity, LibraryVersion
from sources.models import Source

SINGLETON = 1


def library_version() -> str:
    """The current version's token ("" before the library's first change).

    Plain SQL: every cached page asks for it, and compiling the ORM query would cost more than the rest of a
    cache hit."""
    table = connection.ops.quote_name(LibraryVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [SINGLETON])
        row = cursor.fetchone()
    return row[0] if row else ""


def library_changed() -> None:
    """Give the library a new version (inside the caller's transaction, so it commits with the change)."""
    LibraryVersion.objects.update_or_create(pk=SINGLETON, defaults={"token": uuid.uuid4().hex})


@receiver(post_save, sender=Activity, dispatch_uid="activities.library_version.activity_saved")
@receiver(post_delete, sender=Activity, dispatch_uid="activities.library_version.activity_deleted")
@receiver(post_save, sender=Source, dispatch_uid="activities.library_version.source_saved")
@receiver(post_delete, sender=Source, dispatch_uid="activities.library_version.source_deleted")
def on_library_row_changed(sender, **kwargs) -> None:
    library_changed()


@receiver(m2m_changed, sender=Activity.categories.through, dispatch_uid="activities.library_version.categories")
def on_categories_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        library_changed()
