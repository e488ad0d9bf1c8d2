"""Curators' "not a game" marks: an entry a person judged not to be a game stays out of the library.

A mark names a content key (the entry's own, which is one of its versions' keys) and is applied by every
rebuild: the entry whose versions include a marked key is not published. At most one mark per key is in
force; revoking keeps the row for the record, and the next rebuild publishes the entry again.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from activities.history import revoke_with_history, save_with_history
from activities.models import Activity, NotAGameMark

ALREADY_REVOKED = _("This mark was already revoked on {when:%Y-%m-%d %H:%M}.")


class MarkError(Exception):
    pass


def marks_in_force():
    return NotAGameMark.objects.filter(revoked_at__isnull=True)


def marked_keys() -> set[str]:
    """The content keys a mark in force names."""
    return set(marks_in_force().values_list("content_key", flat=True))


@transaction.atomic
def mark_record(*, activity: Activity, user, note: str = "") -> NotAGameMark:
    """Mark a published entry as not a game; marking it again changes nothing."""
    existing = marks_in_force().select_for_update().filter(content_key=activity.content_key).first()
    if existing is not None:
        return existing
    mark = NotAGameMark(content_key=activity.content_key, name=activity.name[:300], note=note, marked_by=user)
    save_with_history(mark, user=user, reason="marked")
    return mark


@transaction.atomic
def mark_revoke(*, mark: NotAGameMark, user) -> NotAGameMark:
    if mark.revoked_at is not None:
        raise MarkError(ALREADY_REVOKED.format(when=mark.revoked_at))
    revoke_with_history(mark, user=user)
    return mark
