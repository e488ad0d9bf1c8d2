"""Answers to the rebuild's hooks (``activities/signals.py``)."""

from __future__ import annotations

import hashlib

from django.dispatch import receiver

from activities.signals import library_inputs, library_published, library_will_publish
from enrichment.models import EnrichmentOverlay
from enrichment.overlays import overlays_match
from enrichment.publishing import overlays_apply


@receiver(library_will_publish, dispatch_uid="enrichment_overlays_match")
def on_library_will_publish(sender, activities, withheld_keys=(), **kwargs) -> dict:
    return overlays_match(activities=activities, withheld_keys=withheld_keys)


@receiver(library_published, dispatch_uid="enrichment_overlays_apply")
def on_library_published(sender, activity_ids, **kwargs) -> dict:
    # The rebuild has just written these rows from the extraction files.
    return {"overlays_shown": overlays_apply(activity_ids=activity_ids, fresh=True)}


@receiver(library_inputs, dispatch_uid="enrichment_overlays_digest")
def on_library_inputs(sender, **kwargs) -> str:
    # The overlays a publish applies (their fills, EstimateFill, are what applying them writes).
    digest = hashlib.sha256()
    for row in EnrichmentOverlay.objects.order_by("pk").values_list().iterator(chunk_size=2000):
        digest.update(repr(row).encode())
    return digest.hexdigest()
