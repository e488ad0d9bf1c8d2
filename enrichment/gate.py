"""The pilot sign-off gate: full-corpus waves run only after a curator has
signed off a pilot run, and stop running again once that sign-off is revoked."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from enrichment.models import EnrichmentOverlay, EnrichmentRun, PilotSignoff
from gamelibrary import llm

# Overlays that wait for a curator.
UNREVIEWED_STATES = (EnrichmentOverlay.State.UNREVIEWED, EnrichmentOverlay.State.NEEDS_REVIEW)

WAVE_REFUSED_NO_SIGNOFF = (
    "Refusing to run a wave: no curator has signed off an enrichment pilot. "
    "Run `manage.py enrich --pilot`, review its overlays in the admin and sign the pilot off first."
)
SIGNOFF_NOT_A_PILOT = "Only a pilot run can be signed off."
SIGNOFF_PILOT_NOT_FINISHED = "This pilot has not finished yet; sign it off once it has."
SIGNOFF_ALREADY_REVOKED = "This sign-off is already revoked."


class GateError(Exception):
    """A sign-off that cannot be given or revoked; the message says why."""


@transaction.atomic
def pilot_signoff(*, run: EnrichmentRun, user, note: str = "") -> PilotSignoff:
    if run.kind != EnrichmentRun.Kind.PILOT:
        raise GateError(SIGNOFF_NOT_A_PILOT)
    if run.finished_at is None:
        raise GateError(SIGNOFF_PILOT_NOT_FINISHED)
    return PilotSignoff.objects.create(run=run, signed_by=user, note=note)


@transaction.atomic
def pilot_revoke(*, signoff: PilotSignoff, user) -> None:
    if signoff.revoked_at is not None:
        raise GateError(SIGNOFF_ALREADY_REVOKED)
    signoff.revoked_at = timezone.now()
    signoff.revoked_by = user
    signoff.save(update_fields=["revoked_at", "revoked_by"])


def wave_gate_open() -> bool:
    """Whether a sign-off of a pilot run stands (not revoked)."""
    return PilotSignoff.objects.filter(run__kind=EnrichmentRun.Kind.PILOT, revoked_at__isnull=True).exists()


@dataclass(frozen=True)
class QueueState:
    """What the review queue needs to explain itself when it has nothing to review."""

    api_key: bool
    overlays: int
    unreviewed: int
    pilots: int
    signed_off: bool

    @property
    def next_step(self) -> str:
        """The one thing to do next for overlays to reach the queue."""
        if self.unreviewed:
            return ""
        if not self.api_key and not self.overlays:
            return "no_api_key"
        if not self.pilots:
            return "no_pilot"
        if not self.signed_off:
            return "sign_off"
        return "run_wave"


def queue_state() -> QueueState:
    return QueueState(
        api_key=llm.is_configured(),
        overlays=EnrichmentOverlay.objects.count(),
        unreviewed=EnrichmentOverlay.objects.filter(state__in=UNREVIEWED_STATES).count(),
        pilots=EnrichmentRun.objects.filter(kind=EnrichmentRun.Kind.PILOT).count(),
        signed_off=wave_gate_open(),
    )
