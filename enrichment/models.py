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

    content_key = models.CharField(max_length=64, unique=True, verbose_name=_("content key"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_ro = models.CharField(_("Romanian name"), max_length=300, blank=True)
    description_ro = models.TextField(_("Romanian description"), blank=True)
    rules_ro = models.TextField(_("Romanian rules"), blank=True)
    variations_ro = models.TextField(_("Romanian variations"), blank=True)
    estimated = models.JSONField(
        _("estimated values"), default=dict, blank=True, help_text=_("Filter values the source does not state.")
    )
    model = models.CharField(max_length=100, blank=True, verbose_name=_("model"))
    prompt_version = models.CharField(max_length=40, blank=True, verbose_name=_("prompt version"))
    input_hash = models.CharField(max_length=64, blank=True, verbose_name=_("input hash"))
    # enrichment.publishing.original_fingerprint of the original this overlay translates: when a rebuild publishes
    # a different original under the same content key, a reviewed translation goes back to review.
    original_fingerprint = models.CharField(max_length=64, blank=True, verbose_name=_("original fingerprint"))
    tokens_in = models.PositiveIntegerField(default=0, verbose_name=_("input tokens"))
    tokens_out = models.PositiveIntegerField(default=0, verbose_name=_("output tokens"))
    state = models.CharField(_("review state"), max_length=16, choices=State.choices, default=State.UNREVIEWED)
    dismissed_warnings = models.JSONField(default=list, blank=True, verbose_name=_("dismissed warnings"))
    # What the overlay was made from, so an orphaned overlay (its content key
    # gone after a re-extraction) can be offered re-attach candidates even
    # when the old Activity rows are gone (e.g. after an import).
    activity_name = models.CharField(_("original name"), max_length=300, blank=True)
    chunk_keys = models.JSONField(default=list, blank=True, verbose_name=_("chunk keys"))
    run = models.ForeignKey(
        "EnrichmentRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="overlays",
        verbose_name=_("run"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
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

    kind = models.CharField(max_length=8, choices=Kind.choices, verbose_name=_("kind"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING, verbose_name=_("status"))
    holder = models.CharField(
        max_length=100, blank=True, help_text=_("The lease holder that ran it."), verbose_name=_("holder")
    )
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started at"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished at"))
    batch_id = models.CharField(max_length=100, blank=True, verbose_name=_("batch ID"))
    keys_requested = models.PositiveIntegerField(default=0, verbose_name=_("keys requested"))
    keys_succeeded = models.PositiveIntegerField(default=0, verbose_name=_("keys succeeded"))
    keys_blocked = models.PositiveIntegerField(default=0, verbose_name=_("keys blocked"))
    keys_invalid = models.PositiveIntegerField(default=0, verbose_name=_("keys invalid"))
    # Keys whose overlay was stored by someone else meanwhile (never overwritten).
    keys_skipped = models.PositiveIntegerField(default=0, verbose_name=_("keys skipped"))
    # Keys never sent, abandoned in flight, or left unanswered by a failing service: still missing.
    keys_not_sent = models.PositiveIntegerField(default=0, verbose_name=_("keys not sent"))
    tokens_in = models.PositiveBigIntegerField(default=0, verbose_name=_("input tokens"))
    tokens_out = models.PositiveBigIntegerField(default=0, verbose_name=_("output tokens"))
    tokens_cache_read = models.PositiveBigIntegerField(default=0, verbose_name=_("cache read tokens"))
    tokens_cache_write = models.PositiveBigIntegerField(default=0, verbose_name=_("cache write tokens"))
    requests_sent = models.PositiveIntegerField(default=0, verbose_name=_("requests sent"))
    # custom_id -> {"chunk_key", "keys"}: how batch results map back to content keys.
    batch_requests = models.JSONField(default=dict, blank=True, verbose_name=_("batch requests"))
    collected_at = models.DateTimeField(null=True, blank=True, verbose_name=_("collected at"))
    stop_reason = models.CharField(max_length=200, blank=True, verbose_name=_("stop reason"))
    parameters = models.JSONField(default=dict, blank=True, verbose_name=_("parameters"))

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("enrichment run")
        verbose_name_plural = _("enrichment runs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class PilotSignoff(models.Model):
    """A curator's sign-off of a pilot run; the wave gate reads the latest
    one that is not revoked."""

    run = models.ForeignKey(EnrichmentRun, on_delete=models.PROTECT, related_name="signoffs", verbose_name=_("run"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("signed by")
    )
    signed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("signed at"))
    note = models.TextField(blank=True, verbose_name=_("note"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("revoked by"),
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

    content_key = models.CharField(max_length=64, unique=True, verbose_name=_("content key"))
    outcome = models.CharField(max_length=16, choices=Outcome.choices, verbose_name=_("outcome"))
    detail = models.TextField(blank=True, verbose_name=_("detail"))
    attempts = models.PositiveSmallIntegerField(default=1, verbose_name=_("attempts"))
    run = models.ForeignKey(EnrichmentRun, null=True, on_delete=models.SET_NULL, verbose_name=_("run"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

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

    activity_key = models.CharField(max_length=64, unique=True, verbose_name=_("activity key"))
    fields = models.JSONField(default=list, verbose_name=_("fields"))

    class Meta:
        verbose_name = _("estimate fill")
        verbose_name_plural = _("estimate fills")

    def __str__(self) -> str:
        return f"{self.activity_key}: {', '.join(self.fields)}"
