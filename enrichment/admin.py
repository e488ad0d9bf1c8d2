"""The curator's admin for enrichment: the review queue, the side-by-side
change screen, the pilot sign-off page and the sources dashboard.

Every state change goes through ``enrichment.review`` / ``enrichment.gate``;
this module only translates requests into those calls and messages.

django-q2's schedules are shown read-only: ``manage.py setup_schedules`` writes
them from the settings, and a schedule's function edited here would run any
importable function in the worker.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_q.admin import ScheduleAdmin
from django_q.models import Schedule
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Activity
from enrichment import gate
from enrichment.checks import FIELDS
from enrichment.dashboard import source_dashboard_rows
from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome, PilotSignoff
from enrichment.review import (
    TEXT_FIELDS,
    ChecksFailing,
    ReviewError,
    overlay_approve,
    overlay_check_results,
    overlay_reject,
    overlay_revert,
    overlay_save_edit,
    overlays_approve,
    overlays_reject,
    overlays_with_failing_checks,
    pilot_sample,
    warning_dismiss,
    warnings_dismiss,
)
from enrichment.selectors import (
    ORIGINAL_PREFIX,
    annotated_originals,
    next_unreviewed_overlay,
    overlay_review_context,
    overlays_from_source,
    overlays_of_games_named,
    overlays_with_originals,
)
from gamelibrary.admin_mixins import ReadOnlyAdminMixin, post_path
from sources.models import Source

REVIEW_BUTTONS = ("_approve", "_approve_next", "_reject", "_dismiss")


class SourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        return [(source.pk, str(source)) for source in Source.objects.only("pk", "title", "path")]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return overlays_from_source(queryset, self.value())


class EstimatedFilter(admin.SimpleListFilter):
    title = _("estimated values")
    parameter_name = "estimated"

    def lookups(self, request, model_admin):
        return [("yes", _("present")), ("no", _("none"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(estimated={})
        if self.value() == "no":
            return queryset.filter(estimated={})
        return queryset


class FailingChecksFilter(admin.SimpleListFilter):
    title = _("failing checks")
    parameter_name = "checks"

    def lookups(self, request, model_admin):
        return [
            (ChecksFailing.ERRORS, _("errors")),
            (ChecksFailing.WARNINGS_ONLY, _("warnings only")),
            (ChecksFailing.NONE, _("none")),
        ]

    def queryset(self, request, queryset):
        if self.value() in set(ChecksFailing):
            return overlays_with_failing_checks(overlays=queryset, outcome=ChecksFailing(self.value()))
        return queryset


@admin.register(EnrichmentOverlay)
class EnrichmentOverlayAdmin(SimpleHistoryAdmin):
    list_display = ("name_ro", "original_name", "kind", "state", "has_estimated", "checks_summary", "updated_at")
    list_filter = ("state", "kind", SourceFilter, EstimatedFilter, FailingChecksFilter)
    search_fields = ("name_ro", "content_key")
    list_per_page = 50
    fields = TEXT_FIELDS
    actions = ("approve_selected", "reject_selected", "dismiss_warnings_selected")
    change_form_template = "admin/enrichment/enrichmentoverlay/change_form.html"
    change_list_template = "admin/enrichment/enrichmentoverlay/change_list.html"

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, extra_context={**(extra_context or {}), "queue": gate.queue_state()})

    def has_add_permission(self, request):
        # Overlays come from enrichment runs, never typed in from scratch.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would lose history and paid-for text; rejecting is the curator's "no".
        return request.user.is_superuser

    def has_review_permission(self, request):
        return request.user.has_perm("enrichment.review_overlay")

    def has_change_history_permission(self, request, obj=None):
        return super().has_change_history_permission(request, obj) and self.has_review_permission(request)

    def get_queryset(self, request):
        return overlays_with_originals(super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        # The list filters are already applied to ``queryset``: widen the search within it, never beyond.
        filtered = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            queryset |= overlays_of_games_named(filtered, search_term)
        return queryset, may_have_duplicates

    @admin.display(description=_("original name"), ordering=f"{ORIGINAL_PREFIX}name")
    def original_name(self, overlay):
        return getattr(overlay, f"{ORIGINAL_PREFIX}name", None) or "—"

    @admin.display(description=_("estimated"), boolean=True)
    def has_estimated(self, overlay):
        return bool(overlay.estimated)

    @admin.display(description=_("checks"))
    def checks_summary(self, overlay):
        results = overlay_check_results(overlay=overlay, originals=annotated_originals(overlay))
        if not results:
            return "✓"
        errors = sum(result.is_error for result in results)
        warnings = len(results) - errors
        parts = []
        if errors:
            parts.append(ngettext("%d error", "%d errors", errors) % errors)
        if warnings:
            parts.append(ngettext("%d warning", "%d warnings", warnings) % warnings)
        return ", ".join(parts)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Refuse before the form saves anything: a review button needs the review permission.
        if request.method == "POST" and _review_button(request) and not self.has_review_permission(request):
            raise PermissionDenied
        overlay = self.get_object(request, object_id)
        if overlay is not None:
            extra_context = {**(extra_context or {}), **overlay_review_context(overlay)}
            extra_context["can_review"] = self.has_review_permission(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Pair each editable Romanian field with its original, so the two read row by row.
        form = context["adminform"].form
        originals = dict(context.get("original_fields", ()))
        if originals and all(name in form.fields for name in TEXT_FIELDS):
            context["review_rows"] = [
                (capfirst(Activity._meta.get_field(name).verbose_name), originals[name], form[f"{name}_ro"])
                for name in FIELDS
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if request.resolver_match and request.resolver_match.url_name.endswith("_simple_history"):
            overlay_revert(overlay=obj, user=request.user)
            return
        current = EnrichmentOverlay.objects.get(pk=obj.pk)
        overlay_save_edit(
            overlay=current, user=request.user, values={name: form.cleaned_data[name] for name in form.changed_data}
        )

    def response_change(self, request, obj):
        pressed = _review_button(request)
        if pressed is None:
            return super().response_change(request, obj)
        obj.refresh_from_db()
        done = self._review_from_change_form(request, obj, pressed)
        if pressed == "_approve_next" and done:
            following = next_unreviewed_overlay(after=obj)
            if following is None:
                return HttpResponseRedirect(reverse("admin:enrichment_enrichmentoverlay_changelist"))
            return HttpResponseRedirect(reverse("admin:enrichment_enrichmentoverlay_change", args=[following.pk]))
        return HttpResponseRedirect(request.path)

    def _review_from_change_form(self, request, overlay, pressed: str) -> bool:
        if pressed in {"_approve", "_approve_next"}:
            try:
                overlay_approve(overlay=overlay, user=request.user)
            except ReviewError as error:
                self.message_user(request, str(error), messages.ERROR)
                return False
            self.message_user(request, _("Approved “%s”.") % overlay, messages.SUCCESS)
        elif pressed == "_reject":
            overlay_reject(overlay=overlay, user=request.user)
            self.message_user(request, _("Rejected “%s”; a later wave will translate it again.") % overlay)
        else:
            dismissed = warning_dismiss(overlay=overlay, user=request.user)
            self.message_user(request, _("Dismissed %d warning(s).") % len(dismissed))
        return True

    @admin.action(description=_("Approve selected overlays"), permissions=["review"])
    def approve_selected(self, request, queryset):
        result = overlays_approve(overlays=queryset, user=request.user)
        if result.done:
            self.message_user(request, _("Approved %d overlay(s).") % len(result.done), messages.SUCCESS)
        for _overlay, reason in result.refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description=_("Reject selected overlays (translate again later)"), permissions=["review"])
    def reject_selected(self, request, queryset):
        result = overlays_reject(overlays=queryset, user=request.user)
        self.message_user(request, _("Rejected %d overlay(s).") % len(result.done))

    @admin.action(description=_("Dismiss warnings of selected overlays"), permissions=["review"])
    def dismiss_warnings_selected(self, request, queryset):
        result = warnings_dismiss(overlays=queryset, user=request.user)
        self.message_user(request, _("Dismissed warnings on %d overlay(s).") % len(result.done))

    def get_urls(self):
        return [
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name="enrichment_sources_dashboard"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        if not request.user.has_perm("sources.view_source"):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Sources dashboard"),
            "rows": source_dashboard_rows(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/enrichment/dashboard.html", context)


def _review_button(request) -> str | None:
    """Which review button of the change screen was pressed, if any."""
    return next((name for name in REVIEW_BUTTONS if name in request.POST), None)


@admin.register(EnrichmentRun)
class EnrichmentRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "started_at", "finished_at", "keys_requested", "keys_succeeded", "stop_reason")
    list_filter = ("kind",)
    change_form_template = "admin/enrichment/enrichmentrun/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = self.get_object(request, object_id)
        if run is not None and run.kind == EnrichmentRun.Kind.PILOT:
            extra_context = {
                **(extra_context or {}),
                "sample": pilot_sample(run=run),
                "signoffs": list(run.signoffs.select_related("signed_by", "revoked_by")),
                "can_sign_off": request.user.has_perm("enrichment.sign_off_pilot"),
                "gate_open": gate.wave_gate_open(),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            post_path(self, "<int:run_id>/sign-off/", self.sign_off_view, "enrichment_enrichmentrun_sign_off"),
            post_path(
                self, "<int:run_id>/revoke/<int:signoff_id>/", self.revoke_view, "enrichment_enrichmentrun_revoke"
            ),
            *super().get_urls(),
        ]

    def _pilot_or_403(self, request, run_id) -> EnrichmentRun:
        if not request.user.has_perm("enrichment.sign_off_pilot"):
            raise PermissionDenied
        return get_object_or_404(EnrichmentRun, pk=run_id, kind=EnrichmentRun.Kind.PILOT)

    def _back(self, run) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:enrichment_enrichmentrun_change", args=[run.pk]))

    def sign_off_view(self, request, run_id):
        run = self._pilot_or_403(request, run_id)
        try:
            gate.pilot_signoff(run=run, user=request.user, note=request.POST.get("note", "").strip())
        except gate.GateError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("Signed off %s: full-corpus waves may run.") % run, messages.SUCCESS)
        return self._back(run)

    def revoke_view(self, request, run_id, signoff_id):
        run = self._pilot_or_403(request, run_id)
        signoff = get_object_or_404(PilotSignoff, pk=signoff_id, run=run)
        try:
            gate.pilot_revoke(signoff=signoff, user=request.user)
        except gate.GateError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("Revoked the sign-off of %s.") % run, messages.WARNING)
        return self._back(run)


@admin.register(PilotSignoff)
class PilotSignoffAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    list_display = ("run", "signed_by", "signed_at", "note", "revoked_at", "revoked_by")
    list_select_related = ("run", "signed_by", "revoked_by")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)


@admin.register(KeyOutcome)
class KeyOutcomeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("content_key", "outcome", "detail", "run", "updated_at")
    list_select_related = ("run",)
    list_filter = ("outcome",)
    search_fields = ("content_key",)
    deletable = True


admin.site.unregister(Schedule)


@admin.register(Schedule)
class ReadOnlyScheduleAdmin(ReadOnlyAdminMixin, ScheduleAdmin):
    deletable = True
