import pytest

from activities.models import Activity
from enrichment.checks import MSG_NUMBER_MISSING
from enrichment.models import EnrichmentOverlay
from enrichment.overlays import activities_needing_overlay
from enrichment.review import (
    APPROVE_BLOCKED,
    UNKNOWN_FIELD,
    ChecksFailing,
    ReviewError,
    overlay_approve,
    overlay_reject,
    overlay_revert,
    overlay_save_edit,
    overlays_approve,
    overlays_reject,
    overlays_with_failing_checks,
    warning_dismiss,
    warnings_dismiss,
)
from tests.admin.factories import ROMANIAN, make_user, translated_activity

pytestmark = pytest.mark.django_db

LONG_ORIGINAL = "Players form two teams of equal size and stand in two lines facing each other across the room."


@pytest.fixture
def user(db):
    return make_user("reviewer", curator=True)


def test_approve_marks_approved_and_publishes_the_romanian_text(user):
    activity, overlay = translated_activity()
    overlay_approve(overlay=overlay, user=user)
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.APPROVED
    assert activity.name_ro == ROMANIAN["name_ro"]


def test_approve_is_refused_while_a_check_reports_an_error(user):
    _activity, overlay = translated_activity(rules_ro="Se scoate un scaun când muzica se oprește.")
    with pytest.raises(ReviewError) as refused:
        overlay_approve(overlay=overlay, user=user)
    expected = MSG_NUMBER_MISSING.format(field="rules", numbers="1")
    assert str(refused.value) == APPROVE_BLOCKED.format(overlay=overlay, errors=expected)
    overlay.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.UNREVIEWED


def test_reject_hides_the_romanian_text_from_the_activity(user):
    activity, overlay = translated_activity()
    overlay_approve(overlay=overlay, user=user)
    overlay_reject(overlay=overlay, user=user)
    activity.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.REJECTED
    assert activity.name_ro == ""
    assert activity.description_ro == ""


def test_edit_saves_the_text_as_edited_and_publishes_it(user):
    activity, overlay = translated_activity()
    overlay_save_edit(overlay=overlay, user=user, values={"name_ro": "Scaunele muzicale"})
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert (overlay.state, overlay.name_ro) == (EnrichmentOverlay.State.EDITED, "Scaunele muzicale")
    assert activity.name_ro == "Scaunele muzicale"


def test_edit_without_a_change_leaves_the_state_alone(user):
    _activity, overlay = translated_activity()
    overlay_save_edit(overlay=overlay, user=user, values={"name_ro": ROMANIAN["name_ro"]})
    overlay.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.UNREVIEWED
    assert overlay.history.count() == 1


def test_edit_of_a_field_that_is_not_text_is_refused(user):
    _activity, overlay = translated_activity()
    with pytest.raises(ReviewError, match=UNKNOWN_FIELD.format(field="state")):
        overlay_save_edit(overlay=overlay, user=user, values={"state": "approved"})


def test_dismissed_warning_no_longer_shows_and_approval_follows(user):
    activity, overlay = translated_activity(description_ro="Două echipe față în față.")
    Activity.objects.filter(pk=activity.pk).update(description=LONG_ORIGINAL)
    assert warning_dismiss(overlay=overlay, user=user) == ["length:description"]
    overlay.refresh_from_db()
    assert overlay.dismissed_warnings == ["length:description"]
    overlay_approve(overlay=overlay, user=user)
    assert overlay.state == EnrichmentOverlay.State.APPROVED


def test_editing_a_field_brings_back_its_dismissed_warning(user):
    activity, overlay = translated_activity(description_ro="Două echipe față în față.")
    Activity.objects.filter(pk=activity.pk).update(description=LONG_ORIGINAL)
    warning_dismiss(overlay=overlay, user=user)
    overlay_save_edit(overlay=overlay, user=user, values={"description_ro": "Două echipe, față în față."})
    overlay.refresh_from_db()
    assert overlay.dismissed_warnings == []


def test_bulk_approve_approves_the_clean_and_refuses_those_with_errors(user):
    _a, clean = translated_activity()
    _b, broken = translated_activity(description_ro="")
    result = overlays_approve(overlays=EnrichmentOverlay.objects.order_by("pk"), user=user)
    assert [overlay.pk for overlay in result.done] == [clean.pk]
    assert [overlay.pk for overlay, _reason in result.refused] == [broken.pk]
    broken.refresh_from_db()
    assert broken.state == EnrichmentOverlay.State.UNREVIEWED


def test_bulk_reject_rejects_every_selected_overlay(user):
    translated_activity()
    translated_activity()
    result = overlays_reject(overlays=EnrichmentOverlay.objects.all(), user=user)
    assert len(result.done) == 2
    assert set(EnrichmentOverlay.objects.values_list("state", flat=True)) == {EnrichmentOverlay.State.REJECTED}
    assert not Activity.objects.exclude(name_ro="").exists()


def test_bulk_dismiss_counts_only_overlays_that_had_warnings(user):
    activity, _with_warning = translated_activity(description_ro="Două echipe față în față.")
    Activity.objects.filter(pk=activity.pk).update(description=LONG_ORIGINAL)
    translated_activity()
    result = warnings_dismiss(overlays=EnrichmentOverlay.objects.all(), user=user)
    assert len(result.done) == 1


def test_failing_checks_selector_splits_errors_warnings_and_clean(user):
    _a, clean = translated_activity()
    _b, broken = translated_activity(name_ro="")
    warned_activity, warned = translated_activity(description_ro="Două echipe față în față.")
    Activity.objects.filter(pk=warned_activity.pk).update(description=LONG_ORIGINAL)
    overlays = EnrichmentOverlay.objects.all()
    assert list(overlays_with_failing_checks(overlays=overlays, outcome=ChecksFailing.ERRORS)) == [broken]
    assert list(overlays_with_failing_checks(overlays=overlays, outcome=ChecksFailing.WARNINGS_ONLY)) == [warned]
    assert list(overlays_with_failing_checks(overlays=overlays, outcome=ChecksFailing.NONE)) == [clean]


def test_history_records_who_made_each_change(user):
    _activity, overlay = translated_activity()
    overlay_save_edit(overlay=overlay, user=user, values={"name_ro": "Scaunele muzicale"})
    overlay_approve(overlay=overlay, user=user)
    latest, edit, created = overlay.history.all()[:3]
    assert (latest.state, latest.history_user, latest.history_change_reason) == ("approved", user, "approved")
    assert (edit.name_ro, edit.history_user) == ("Scaunele muzicale", user)
    assert created.name_ro == ROMANIAN["name_ro"]


def test_revert_restores_an_earlier_version_and_publishes_it(user):
    activity, overlay = translated_activity()
    overlay_save_edit(overlay=overlay, user=user, values={"name_ro": "Scaunele muzicale"})
    overlay_reject(overlay=overlay, user=user)
    first = overlay.history.earliest()
    overlay_revert(overlay=first.instance, user=user)
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert (overlay.state, overlay.name_ro) == (EnrichmentOverlay.State.UNREVIEWED, ROMANIAN["name_ro"])
    assert activity.name_ro == ROMANIAN["name_ro"]
    assert overlay.history.latest().history_change_reason == "reverted"


def test_rejected_key_is_back_among_those_a_wave_requests(user):
    activity, overlay = translated_activity()
    assert activity.content_key not in {work.content_key for work in activities_needing_overlay()}
    overlay_reject(overlay=overlay, user=user)
    assert activity.content_key in {work.content_key for work in activities_needing_overlay()}
