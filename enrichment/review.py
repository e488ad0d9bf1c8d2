"""Curator review of overlays: approve, reject, edit, dismiss warnings, revert.

One place for the rules, so the admin's single and bulk actions (and any
future command) behave identically. Every change is saved with the acting
user for ``simple_history`` and then published, so the public page reflects
it at once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from activities.history import save_with_history
from activities.models import Activity, ActivitySource
from enrichment.checks import FIELDS, CheckResult, overlay_checks
from enrichment.models import EnrichmentOverlay, EnrichmentRun
from enrichment.publishing import original_fingerprint, overlay_publish
from sources.models import Chunk

APPROVE_BLOCKED = _("“{overlay}” cannot be approved while a check reports an error: {errors}")
UNKNOWN_FIELD = _("“{field}” is not an editable field of an overlay.")

# The overlay's editable text fields, in FIELDS order.
TEXT_FIELDS = tuple(f"{name}_ro" for name in FIELDS)


class ReviewError(Exception):
    pass


@dataclass
class BulkResult:
    done: list[EnrichmentOverlay] = field(default_factory=list)
    refused: list[tuple[EnrichmentOverlay, str]] = field(default_factory=list)


def overlay_originals(*, content_key: str) -> dict[str, str]:
    """The original-language text of the activity an overlay translates (empty strings when it is orphaned)."""
    activity = Activity.objects.filter(content_key=content_key).values(*FIELDS).first()
    return {name: (activity or {}).get(name) or "" for name in FIELDS}


def overlay_translations(*, overlay: EnrichmentOverlay) -> dict[str, str]:
    return {name: getattr(overlay, f"{name}_ro") for name in FIELDS}


def overlay_check_results(
    *, overlay: EnrichmentOverlay, originals: Mapping[str, str] | None = None
) -> list[CheckResult]:
    """The overlay's failing checks, without the warnings a curator dismissed."""
    if originals is None:
        originals = overlay_originals(content_key=overlay.content_key)
    return overlay_checks(
        originals=originals, translations=overlay_translations(overlay=overlay), dismissed=overlay.dismissed_warnings
    )


class ChecksFailing(StrEnum):
    """What an overlay's checks come to: an error, only warnings, or nothing."""

    ERRORS = "error"
    WARNINGS_ONLY = "warning"
    NONE = "none"


def _checks_failing(results: list[CheckResult]) -> ChecksFailing:
    if any(result.is_error for result in results):
        return ChecksFailing.ERRORS
    return ChecksFailing.WARNINGS_ONLY if results else ChecksFailing.NONE


def overlays_with_failing_checks(*, overlays: QuerySet, outcome: ChecksFailing) -> QuerySet:
    """The overlays whose checks come to ``outcome``.

    Checks need the language detector, so they run in Python; the answer is
    still a QuerySet (a pk filter), so it chains with the other filters.
    """
    originals = {
        row["content_key"]: row
        for row in Activity.objects.filter(content_key__in=overlays.values("content_key")).values(
            "content_key", *FIELDS
        )
    }
    matching = []
    for row in overlays.values("pk", "content_key", "dismissed_warnings", *TEXT_FIELDS):
        results = overlay_checks(
            originals=originals.get(row["content_key"], {}),
            translations={name: row[f"{name}_ro"] for name in FIELDS},
            dismissed=row["dismissed_warnings"],
        )
        if _checks_failing(results) == outcome:
            matching.append(row["pk"])
    return overlays.filter(pk__in=matching)


def _save(overlay: EnrichmentOverlay, *, user, reason: str) -> None:
    if overlay.state in (EnrichmentOverlay.State.APPROVED, EnrichmentOverlay.State.EDITED):
        # The curator judged the translation against the original published now.
        activity = Activity.objects.filter(content_key=overlay.content_key).first()
        if activity is not None:
            overlay.original_fingerprint = original_fingerprint(
                name=activity.name,
                description=activity.description,
                rules=activity.rules,
                variations=activity.variations,
            )
    save_with_history(overlay, user=user, reason=reason)
    overlay_publish(content_key=overlay.content_key)


@transaction.atomic
def overlay_approve(*, overlay: EnrichmentOverlay, user) -> EnrichmentOverlay:
    errors = [result.message for result in overlay_check_results(overlay=overlay) if result.is_error]
    if errors:
        raise ReviewError(APPROVE_BLOCKED.format(overlay=overlay, errors=" ".join(errors)))
    overlay.state = EnrichmentOverlay.State.APPROVED
    _save(overlay, user=user, reason="approved")
    return overlay


@transaction.atomic
def overlay_reject(*, overlay: EnrichmentOverlay, user) -> EnrichmentOverlay:
    """Hide the overlay from the public pages; a rejected key counts as missing, so a later wave re-requests it."""
    overlay.state = EnrichmentOverlay.State.REJECTED
    _save(overlay, user=user, reason="rejected")
    return overlay


@transaction.atomic
def overlay_save_edit(*, overlay: EnrichmentOverlay, user, values: Mapping[str, str]) -> EnrichmentOverlay:
    """Apply a curator's text edits; an actual change makes the overlay "edited", which no wave overwrites."""
    for name in values:
        if name not in TEXT_FIELDS:
            raise ReviewError(UNKNOWN_FIELD.format(field=name))
    changed = [name for name, value in values.items() if getattr(overlay, name) != value]
    if not changed:
        return overlay
    for name in changed:
        setattr(overlay, name, values[name])
    # A dismissal was a judgement of the old text; a changed field is judged afresh.
    changed_fields = {name.removesuffix("_ro") for name in changed}
    overlay.dismissed_warnings = [
        code for code in overlay.dismissed_warnings if code.partition(":")[2] not in changed_fields
    ]
    overlay.state = EnrichmentOverlay.State.EDITED
    _save(overlay, user=user, reason="edited")
    return overlay


@transaction.atomic
def warning_dismiss(*, overlay: EnrichmentOverlay, user) -> list[str]:
    """Dismiss every warning the overlay currently shows; returns the codes dismissed (errors cannot be)."""
    codes = [result.code for result in overlay_check_results(overlay=overlay) if not result.is_error]
    if codes:
        overlay.dismissed_warnings = sorted(set(overlay.dismissed_warnings) | set(codes))
        save_with_history(overlay, user=user, reason="warnings dismissed")
    return codes


@transaction.atomic
def overlay_revert(*, overlay: EnrichmentOverlay, user) -> EnrichmentOverlay:
    """Save an overlay rebuilt from a history version (text, state and dismissals) as the current one."""
    _save(overlay, user=user, reason="reverted")
    return overlay


def overlays_approve(*, overlays: Iterable[EnrichmentOverlay], user) -> BulkResult:
    """Approve each overlay in its own transaction; those with check errors are refused, not fatal to the rest."""
    result = BulkResult()
    for overlay in overlays:
        try:
            result.done.append(overlay_approve(overlay=overlay, user=user))
        except ReviewError as error:
            result.refused.append((overlay, str(error)))
    return result


def overlays_reject(*, overlays: Iterable[EnrichmentOverlay], user) -> BulkResult:
    return BulkResult(done=[overlay_reject(overlay=overlay, user=user) for overlay in overlays])


def warnings_dismiss(*, overlays: Iterable[EnrichmentOverlay], user) -> BulkResult:
    result = BulkResult()
    for overlay in overlays:
        if warning_dismiss(overlay=overlay, user=user):
            result.done.append(overlay)
    return result


# How many overlays of each kind the pilot page shows, and when a Romanian
# description counts as expanded (it may only add what the chunk text says).
PILOT_SAMPLE_PER_KIND = 8
EXPANSION_RATIO = 1.5


@dataclass
class PilotSampleItem:
    overlay: EnrichmentOverlay
    originals: dict[str, str]
    chunks: list[tuple[str, str]]

    @property
    def expanded(self) -> bool:
        original = len(self.originals["description"].strip())
        return len(self.overlay.description_ro.strip()) > EXPANSION_RATIO * original

    @property
    def needs_source_text(self) -> bool:
        return bool(self.overlay.estimated) or self.expanded


def pilot_sample(*, run: EnrichmentRun) -> dict[str, list[PilotSampleItem]]:
    """A sample of a pilot run's overlays per kind, those with estimated values
    or an expanded description first, each with the chunk text they came from.

    At most twice the sample size is examined per kind (those with estimated
    values, then the rest, in key order), so a large pilot's page stays quick.
    """
    sample: dict[str, list[PilotSampleItem]] = {}
    for kind, label in EnrichmentOverlay.Kind.choices:
        overlays = run.overlays.filter(kind=kind).order_by("content_key")
        examined = [
            *overlays.exclude(estimated={})[:PILOT_SAMPLE_PER_KIND],
            *overlays.filter(estimated={})[:PILOT_SAMPLE_PER_KIND],
        ]
        items = [
            PilotSampleItem(
                overlay=overlay,
                originals=overlay_originals(content_key=overlay.content_key),
                chunks=_chunk_texts(overlay),
            )
            for overlay in examined
        ]
        items.sort(key=lambda item: (not item.needs_source_text, item.overlay.content_key))
        sample[label] = items[:PILOT_SAMPLE_PER_KIND]
    return sample


def _chunk_texts(overlay: EnrichmentOverlay) -> list[tuple[str, str]]:
    keys = overlay.chunk_keys or list(
        ActivitySource.objects.filter(activity__content_key=overlay.content_key).values_list("chunk_key", flat=True)
    )
    texts = dict(Chunk.objects.filter(key__in=keys).values_list("key", "text"))
    return [(key, texts[key]) for key in dict.fromkeys(keys) if key in texts]
