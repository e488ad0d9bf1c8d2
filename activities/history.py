"""Saving a curator's record with its django-simple-history row saying who changed it and why."""

from django.db import models
from django.utils import timezone


def save_with_history(instance: models.Model, *, user, reason: str) -> None:
    """Save ``instance``; its history row names ``user`` and the ``reason`` (shown in the admin's History)."""
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def revoke_with_history(record: models.Model, *, user, reason: str = "revoked") -> None:
    """Take a curator's record out of force now; the row stays, for the record, and its history says why."""
    record.revoked_at = timezone.now()
    save_with_history(record, user=user, reason=reason)
