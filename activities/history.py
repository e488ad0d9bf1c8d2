"""Saving a curator's record with its django-simple-history row saying who changed it and why."""

from django.db import models


def save_with_history(instance: models.Model, *, user, reason: str) -> None:
    """Save ``instance``; its history row names ``user`` and the ``reason`` (shown in the admin's History)."""
    instance._history_user = user
    instance._change_reason = reason
    instance.save()
