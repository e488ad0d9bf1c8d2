"""Reads for the curator's review of overlays: each overlay beside its original, the change screen's context, and
the next overlay waiting for review."""

from django.db.models import OuterRef, QuerySet, Subquery

from activities.models import Activity, ActivitySource
from enrichment.checks import FIELDS
from enrichment.models import EnrichmentOverlay
from enrichment.review import overlay_check_results

ORIGINAL_PREFIX = "original_"


def _original(field: str) -> Subquery:
    return Subquery(Activity.objects.filter(content_key=OuterRef("content_key")).values(field)[:1])


def overlays_with_originals(overlays: QuerySet) -> QuerySet:
    """The overlays annotated ``original_<field>`` with their published game's text of each checked field."""
    return overlays.annotate(**{f"{ORIGINAL_PREFIX}{field}": _original(field) for field in FIELDS})


def annotated_originals(overlay: EnrichmentOverlay) -> dict[str, str]:
    """{field: original text} of an overlay read through ``overlays_with_originals``."""
    return {field: getattr(overlay, f"{ORIGINAL_PREFIX}{field}", None) or "" for field in FIELDS}


def overlays_from_source(overlays: QuerySet, source_id) -> QuerySet:
    """The overlays of the games found in one source."""
    keys = ActivitySource.objects.filter(source_id=source_id).values("activity__content_key")
    return overlays.filter(content_key__in=keys)


def overlays_of_games_named(overlays: QuerySet, words: str) -> QuerySet:
    """The overlays whose original game's name contains ``words``."""
    originals = Activity.objects.filter(name__icontains=words).values("content_key")
    return overlays.filter(content_key__in=originals)


def overlay_review_context(overlay: EnrichmentOverlay) -> dict:
    """What the change screen shows beside the form: the original, its sources, the checks."""
    activity = Activity.objects.filter(content_key=overlay.content_key).first()
    sources = (
        ActivitySource.objects.filter(activity=activity).select_related("source")
        if activity
        else ActivitySource.objects.none()
    )
    originals = {field: getattr(activity, field, "") or "" for field in FIELDS}
    return {
        "activity": activity,
        "original_fields": [(field, originals[field]) for field in FIELDS],
        "activity_sources": list(sources),
        "estimated": sorted(overlay.estimated.items()),
        "check_results": overlay_check_results(overlay=overlay, originals=originals),
    }


def next_unreviewed_overlay(after: EnrichmentOverlay) -> EnrichmentOverlay | None:
    """The unreviewed overlay that follows ``after`` in content-key order (the review queue's walking order)."""
    return (
        EnrichmentOverlay.objects.filter(state=EnrichmentOverlay.State.UNREVIEWED, content_key__gt=after.content_key)
        .order_by("content_key")
        .first()
    )
