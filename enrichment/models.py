"""Enrichment: the Romanian overlay of each activity, and the runs that make it.

Overlays are keyed by the activity's content key and live outside what the
rebuild regenerates: they cost money (the model) and attention (curators).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EnrichmentOverlay(models.Model):
    class Kind(models.TextChoices):
        RO_POLISH = "ro-polish", _("Romanian polish")
        EN_TO_RO = "en-ro", _("English → Romanian")

    class State(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Unreviewed")
        APPROVED = "approved", _("Approved")
        EDITED = "edited", _("Edited")
        REJECTED = "rejected", _("Rejected")
        NEEDS_REVIEW = "needs_review", _("Needs review: the original changed")

    content_key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_ro = models.CharField(_("Romanian name"), max_length=300, blank=True)
    description_ro = models.TextField(_("Romanian description"), blank=True)
    rules_ro = models.TextField(_("Romanian rules"), blank=True)
    variations_ro = models.TextField(_("Romanian variations"), blank=True)
    estimated = models.JSONField(
        _("estimated values"), default=dict, blank=True, help_text=_("Filter values the source does not state.")
    )
    model = models.CharField(max_length=100, blank=True)
    prompt_version = models.CharField(max_length=40, blank=True)
    input_hash = models.CharField(max_length=64, blank=True)
    # enrichment.publishing.original_fingerprint of the original this overlay translates: when a rebuild publishes
    # a different original under the same content key, a reviewed translation goes back to review.
    original_fingerprint = models.CharField(max_length=64, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    state = models.CharField(_("review state"), max_length=16, choices=State.choices, default=State.UNREVIEWED)
    dismissed_warnings = models.JSONField(default=list, blank=True)
    # What the overlay was made from, so an orphaned overlay (its content key
    # gone after a re-extraction) can be offered re-attach candidates even
    # when the old Activity rows are gone (e.g. after an import).
    activity_name = models.CharField(_("original name"), max_length=300, blank=True)
    chunk_keys = models.JSONField(default=list, blank=True)
    run = models.ForeignKey("EnrichmentRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="overlays")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_key"]
        verbose_name = _("enrichment overlay")
        verbose_name_plural = _("enrichment overlays")
        permissions = [("review_overlay", _("Can approve, edit and reject overlays"))]

    def __str__(self) -> str:
        return self.name_ro or self.content_key

    @property
    def is_shown(self) -> bool:
        return self.state not in (self.State.REJECTED, self.State.NEEDS_REVIEW)

    @property
    def holds_work(self) -> bool:
        """Whether a wave must leave the key alone: anything but a rejected overlay is someone's work."""
        return self.state != self.State.REJECTED


class EnrichmentRun(models.Model):
    class Kind(models.TextChoices):
        PILOT = "pilot", _("Pilot")
        WAVE = "wave", _("Wave")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        BATCH_PENDING = "batch_pending", _("Batch submitted, results pending")
        FINISHED = "finished", _("Finished")
        STOPPED = "stopped", _("Stopped early")
        INTERRUPTED = "interrupted", _("Interrupted (stop signal, or the process died)")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING)
    holder = models.CharField(max_length=100, blank=True, help_text=_("The lease holder that ran it."))
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    batch_id = models.CharField(max_length=100, blank=True)
    keys_requested = models.PositiveIntegerField(default=0)
    keys_succeeded = models.PositiveIntegerField(default=0)
    keys_blocked = models.PositiveIntegerField(default=0)
    keys_invalid = models.PositiveIntegerField(default=0)
    # Keys whose overlay was stored by someone else meanwhile (never overwritten).
    keys_skipped = models.PositiveIntegerField(default=0)
    # Keys never sent, abandoned in flight, or left unanswered by a failing service: still missing.
    keys_not_sent = models.PositiveIntegerField(default=0)
    tokens_in = models.PositiveBigIntegerField(default=0)
    tokens_out = models.PositiveBigIntegerField(default=0)
    tokens_cache_read = models.PositiveBigIntegerField(default=0)
    tokens_cache_write = models.PositiveBigIntegerField(default=0)
    requests_sent = models.PositiveIntegerField(default=0)
    # custom_id -> {"chunk_key", "keys"}: how batch results map back to content keys.
    batch_requests = models.JSONField(default=dict, blank=True)
    collected_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=200, blank=True)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("enrichment run")
        verbose_name_plural = _("enrichment runs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class PilotSignoff(models.Model):
    """A curator's sign-off of a pilot run; the wave gate reads the latest
    one that is not revoked."""

    run = models.ForeignKey(EnrichmentRun, on_delete=models.PROTECT, related_name="signoffs")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    signed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("pilot sign-off")
        verbose_name_plural = _("pilot sign-offs")
        permissions = [("sign_off_pilot", _("Can sign off an enrichment pilot"))]

    def __str__(self) -> str:
        return f"Sign-off of {self.run}" + (" (revoked)" if self.revoked_at else "")


class KeyOutcome(models.Model):
    """The last failed outcome for a content key (blocked or invalid), so the
    status report can list them; a key with an overlay has none."""

    class Outcome(models.TextChoices):
        BLOCKED = "blocked", _("Blocked")
        INVALID = "invalid", _("Invalid")

    content_key = models.CharField(max_length=64, unique=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=1)
    run = models.ForeignKey(EnrichmentRun, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("key outcome")
        verbose_name_plural = _("key outcomes")

    def __str__(self) -> str:
        return f"{self.content_key}: {self.outcome}"


class EstimateFill(models.Model):
    """Which filter fields of a published activity an overlay's estimates filled,
    so a re-publish (edit, rejection) undoes exactly those and never a value the
    extraction itself estimated. Keyed by the activity's content key; rewritten
    whenever overlays are applied to it."""

    activity_key = models.CharField(max_length=64, unique=True)
    fields = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.activity_key}: {', '.join(self.fields)}"
