"""The review queue and the side-by-side change screen, driven through the admin as a curator."""

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from activities.models import Activity
from enrichment.models import EnrichmentOverlay
from enrichment.review import overlay_save_edit
from tests.admin.factories import ORIGINAL, ROMANIAN, SourceFactory, make_user, translated_activity

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enrichment_enrichmentoverlay_changelist")


def change_url(overlay) -> str:
    return reverse("admin:enrichment_enrichmentoverlay_change", args=[overlay.pk])


def listed(response) -> set[int]:
    return {overlay.pk for overlay in response.context["cl"].result_list}


def form_data(overlay, **changes) -> dict:
    return {**{name: getattr(overlay, name) for name in ROMANIAN}, **changes}


def test_queue_filters_by_state(curator_client):
    _a, unreviewed = translated_activity()
    _b, _approved = translated_activity(state=EnrichmentOverlay.State.APPROVED)
    assert listed(curator_client.get(CHANGELIST, {"state__exact": "unreviewed"})) == {unreviewed.pk}


def test_queue_filters_by_kind(curator_client):
    _a, polish = translated_activity(kind=EnrichmentOverlay.Kind.RO_POLISH)
    translated_activity(kind=EnrichmentOverlay.Kind.EN_TO_RO)
    assert listed(curator_client.get(CHANGELIST, {"kind__exact": "ro-polish"})) == {polish.pk}


def test_queue_filters_by_source_of_the_activity(curator_client):
    book = SourceFactory(title="Games for Everybody")
    _a, from_book = translated_activity(source=book)
    translated_activity()
    assert listed(curator_client.get(CHANGELIST, {"source": book.pk})) == {from_book.pk}


def test_queue_filters_by_estimated_values_present(curator_client):
    _a, estimated = translated_activity(estimated={"players_min": 10})
    _b, stated = translated_activity()
    assert listed(curator_client.get(CHANGELIST, {"estimated": "yes"})) == {estimated.pk}
    assert listed(curator_client.get(CHANGELIST, {"estimated": "no"})) == {stated.pk}


def test_queue_filters_by_failing_checks(curator_client):
    _a, broken = translated_activity(description_ro="")
    translated_activity()
    assert listed(curator_client.get(CHANGELIST, {"checks": "error"})) == {broken.pk}


def test_queue_filters_combine(curator_client):
    book = SourceFactory()
    _a, wanted = translated_activity(source=book, description_ro="")
    translated_activity(source=book)
    translated_activity(description_ro="")
    assert listed(curator_client.get(CHANGELIST, {"source": book.pk, "checks": "error"})) == {wanted.pk}


def test_queue_search_finds_romanian_name_original_name_and_content_key(curator_client):
    _a, wanted = translated_activity(name_ro="Scaunele muzicale")
    other_activity, other = translated_activity()
    Activity.objects.filter(pk=other_activity.pk).update(name="Musical Chairs")
    assert listed(curator_client.get(CHANGELIST, {"q": "muzicale"})) == {wanted.pk}
    assert listed(curator_client.get(CHANGELIST, {"q": "Musical"})) == {other.pk}
    assert listed(curator_client.get(CHANGELIST, {"q": wanted.content_key})) == {wanted.pk}


def test_search_stays_within_the_active_filters(curator_client):
    translated_activity(state=EnrichmentOverlay.State.APPROVED)
    assert listed(curator_client.get(CHANGELIST, {"q": ORIGINAL["name"], "state__exact": "unreviewed"})) == set()


def test_change_screen_shows_the_original_with_source_page_and_quote(curator_client):
    book = SourceFactory(title="Games for Everybody")
    activity, overlay = translated_activity(source=book, estimated={"players_min": 10})
    page = curator_client.get(change_url(overlay)).content.decode()
    assert ORIGINAL["description"] in page
    assert "Games for Everybody" in page
    # The admin is served in the default language (no language prefix on /admin/).
    with translation.override(settings.LANGUAGE_CODE):
        assert ", {} 12".format(gettext("page")) in page
    assert "Chairs are placed in a row, back to back" in page
    assert '<dd class="estimated">10</dd>' in page
    assert reverse("activities:detail", args=[activity.pk]) in page


def test_change_screen_lists_failing_checks(curator_client):
    _activity, overlay = translated_activity(rules_ro="Se scoate un scaun.")
    response = curator_client.get(change_url(overlay))
    assert [result.code for result in response.context["check_results"]] == ["numbers:rules", "length:rules"]


def test_saving_an_edit_marks_it_edited_and_publishes_it(curator_client):
    activity, overlay = translated_activity()
    response = curator_client.post(change_url(overlay), form_data(overlay, name_ro="Scaunele muzicale", _save="1"))
    assert response.status_code == 302
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert (overlay.state, activity.name_ro) == (EnrichmentOverlay.State.EDITED, "Scaunele muzicale")


def test_approve_button_saves_and_approves(curator_client):
    activity, overlay = translated_activity()
    curator_client.post(change_url(overlay), form_data(overlay, _approve="1"))
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.APPROVED
    assert activity.description_ro == ROMANIAN["description_ro"]


def test_approve_and_next_goes_to_the_next_unreviewed_overlay(curator_client):
    _a, first = translated_activity()
    translated_activity(state=EnrichmentOverlay.State.APPROVED)
    _c, following = translated_activity()
    response = curator_client.post(change_url(first), form_data(first, _approve_next="1"))
    assert response["Location"] == change_url(following)
    response = curator_client.post(change_url(following), form_data(following, _approve_next="1"))
    assert response["Location"] == CHANGELIST


def test_approve_and_next_stays_on_an_overlay_that_cannot_be_approved(curator_client):
    _a, broken = translated_activity(name_ro="")
    translated_activity()
    response = curator_client.post(change_url(broken), form_data(broken, _approve_next="1"))
    assert response["Location"] == change_url(broken)


def test_review_button_without_the_review_permission_saves_nothing(client):
    editor = make_user("editor")
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_enrichmentoverlay", "change_enrichmentoverlay"])
    )
    client.force_login(editor)
    _activity, overlay = translated_activity()
    response = client.post(change_url(overlay), form_data(overlay, name_ro="Altceva", _approve="1"))
    assert response.status_code == 403
    overlay.refresh_from_db()
    assert (overlay.name_ro, overlay.state) == (ROMANIAN["name_ro"], EnrichmentOverlay.State.UNREVIEWED)


def test_approve_button_with_a_check_error_shows_why_and_does_not_approve(curator_client):
    _activity, overlay = translated_activity()
    response = curator_client.post(change_url(overlay), form_data(overlay, rules_ro="", _approve="1"), follow=True)
    overlay.refresh_from_db()
    assert overlay.state == EnrichmentOverlay.State.EDITED
    [refused] = get_messages(response.wsgi_request)
    assert refused.level == messages.ERROR


def test_reject_button_unpublishes_the_romanian_text(curator_client):
    activity, overlay = translated_activity()
    curator_client.post(change_url(overlay), form_data(overlay, _approve="1"))
    curator_client.post(change_url(overlay), form_data(overlay, _reject="1"))
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert (overlay.state, activity.name_ro) == (EnrichmentOverlay.State.REJECTED, "")


def test_dismiss_button_dismisses_the_current_warnings(curator_client):
    activity, overlay = translated_activity(description_ro="Două echipe față în față.")
    Activity.objects.filter(pk=activity.pk).update(description="x" * 200)
    curator_client.post(change_url(overlay), form_data(overlay, _dismiss="1"))
    overlay.refresh_from_db()
    assert (overlay.dismissed_warnings, overlay.state) == (["length:description"], EnrichmentOverlay.State.UNREVIEWED)


def test_queue_shows_how_many_checks_fail(curator_client):
    _a, broken = translated_activity(description_ro="", rules_ro="")
    _b, clean = translated_activity()
    response = curator_client.get(CHANGELIST)
    admin = response.context["cl"].model_admin
    rows = {overlay.pk: admin.checks_summary(overlay) for overlay in response.context["cl"].result_list}
    with translation.override(settings.LANGUAGE_CODE):
        assert rows == {broken.pk: ngettext("%d error", "%d errors", 2) % 2, clean.pk: "✓"}


def test_bulk_reject_action(curator_client):
    overlays = [translated_activity()[1] for _ in range(3)]
    curator_client.post(
        CHANGELIST, {"action": "reject_selected", "_selected_action": [overlay.pk for overlay in overlays[:2]]}
    )
    states = dict(EnrichmentOverlay.objects.values_list("pk", "state"))
    assert [states[overlay.pk] for overlay in overlays] == ["rejected", "rejected", "unreviewed"]


def test_bulk_approve_action_reports_the_overlays_it_refused(curator_client):
    _a, clean = translated_activity()
    _b, broken = translated_activity(name_ro="")
    response = curator_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [clean.pk, broken.pk]}, follow=True
    )
    states = dict(EnrichmentOverlay.objects.values_list("pk", "state"))
    assert (states[clean.pk], states[broken.pk]) == ("approved", "unreviewed")
    [approved, refused] = get_messages(response.wsgi_request)
    assert (approved.level, refused.level) == (messages.SUCCESS, messages.ERROR)
    assert str(broken) in refused.message


def test_bulk_dismiss_warnings_action(curator_client):
    activity, overlay = translated_activity(description_ro="Două echipe față în față.")
    Activity.objects.filter(pk=activity.pk).update(description="x" * 200)
    curator_client.post(CHANGELIST, {"action": "dismiss_warnings_selected", "_selected_action": [overlay.pk]})
    overlay.refresh_from_db()
    assert overlay.dismissed_warnings == ["length:description"]


def test_history_page_shows_who_changed_what(curator_client, curator):
    _activity, overlay = translated_activity()
    curator_client.post(change_url(overlay), form_data(overlay, name_ro="Scaunele muzicale", _save="1"))
    page = curator_client.get(reverse("admin:enrichment_enrichmentoverlay_history", args=[overlay.pk])).content.decode()
    assert "curator" in page
    assert "Scaunele muzicale" in page


def test_revert_from_history_restores_text_and_state(curator_client, curator):
    activity, overlay = translated_activity()
    overlay_save_edit(overlay=overlay, user=curator, values={"name_ro": "Nume greșit"})
    first = overlay.history.earliest()
    url = reverse("admin:enrichment_enrichmentoverlay_simple_history", args=[overlay.pk, first.history_id])
    response = curator_client.post(url, form_data(first.instance, _save="1"))
    assert response.status_code == 302
    overlay.refresh_from_db()
    activity.refresh_from_db()
    assert (overlay.name_ro, overlay.state) == (ROMANIAN["name_ro"], EnrichmentOverlay.State.UNREVIEWED)
    assert activity.name_ro == ROMANIAN["name_ro"]
    assert overlay.history.latest().history_user == curator


def test_an_empty_review_queue_says_there_is_no_api_key_and_what_to_do(admin_client, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    page = admin_client.get(reverse("admin:enrichment_enrichmentoverlay_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["queue"].next_step == "no_api_key"
    assert 'id="queue-state"' in page.text


def test_an_empty_review_queue_with_a_key_asks_for_a_pilot(admin_client, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    page = admin_client.get(reverse("admin:enrichment_enrichmentoverlay_changelist"))
    assert page.context["queue"].next_step == "no_pilot"


def test_a_queue_with_unreviewed_work_shows_no_explanation(admin_client):
    EnrichmentOverlay.objects.create(content_key="k" * 64, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Joc")
    page = admin_client.get(reverse("admin:enrichment_enrichmentoverlay_changelist"))
    assert page.context["queue"].next_step == ""
    assert 'id="queue-state"' not in page.text
