"""Answers to the rebuild's hooks (``activities/signals.py``)."""

from __future__ import annotations

from django.dispatch import receiver

from activities.signals import library_published, library_will_publish
from enrichment.overlays import overlays_match
from enrichment.publishing import overlays_apply


@receiver(library_will_publish, dispatch_uid="enrichment_overlays_match")
def on_library_will_publish(sender, activities, withheld_keys=(), **kwargs) -> dict:
    return overlays_match(activities=activities, withheld_keys=withheld_keys)


@receiver(library_published, dispatch_uid="enrichment_overlays_apply")
def on_library_published(sender, activity_ids, **kwargs) -> dict:
    # The rebuild has just written these rows from the extraction files.
    return {"overlays_shown": overlays_apply(activity_ids=activity_ids, fresh=True)}
