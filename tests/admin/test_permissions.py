"""Who reaches what: anonymous, logged-in non-staff, staff without the group, curator, superuser."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from enrichment.models import EnrichmentOverlay, PilotSignoff
from tests.admin.factories import DuplicateCandidateFactory, RunFactory, make_user, translated_activity

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "non_staff", "staff", "curator", "superuser")
CURATOR_PERMISSIONS = {
    "activities.view_activity",
    "activities.view_activitysource",
    "activities.view_category",
    "activities.view_duplicatecandidate",
    "activities.add_reviewdecision",
    "activities.view_reviewdecision",
    "activities.change_reviewdecision",
    "activities.add_filtercorrection",
    "activities.view_filtercorrection",
    "activities.change_filtercorrection",
    "activities.view_rebuildrun",
    "activities.run_rebuild",
    "activities.add_notagamemark",
    "activities.view_notagamemark",
    "activities.change_notagamemark",
    "sources.view_source",
    "sources.view_chunk",
    "enrichment.view_enrichmentrun",
    "enrichment.view_enrichmentoverlay",
    "enrichment.change_enrichmentoverlay",
    "enrichment.review_overlay",
    "enrichment.add_pilotsignoff",
    "enrichment.view_pilotsignoff",
    "enrichment.sign_off_pilot",
}


def login(client, role: str):
    if role != "anonymous":
        client.force_login(
            make_user(role, staff=role != "non_staff", curator=role == "curator", superuser=role == "superuser")
        )
    return client


@pytest.fixture
def rows():
    activity, overlay = translated_activity()
    return {"activity": activity, "overlay": overlay, "run": RunFactory(), "candidate": DuplicateCandidateFactory()}


def curator_pages(rows) -> list[str]:
    return [
        reverse("admin:enrichment_enrichmentoverlay_changelist"),
        reverse("admin:enrichment_enrichmentoverlay_change", args=[rows["overlay"].pk]),
        reverse("admin:enrichment_enrichmentoverlay_history", args=[rows["overlay"].pk]),
        reverse("admin:enrichment_sources_dashboard"),
        reverse("admin:enrichment_enrichmentrun_change", args=[rows["run"].pk]),
        reverse("admin:activities_duplicatecandidate_changelist"),
        reverse("admin:activities_reviewdecision_changelist"),
        reverse("admin:activities_reviewdecision_add"),
        reverse("admin:activities_activity_changelist"),
        reverse("admin:activities_activity_correct_filters", args=[rows["activity"].pk]),
        reverse("admin:activities_filtercorrection_changelist"),
        reverse("admin:activities_rebuildrun_changelist"),
        reverse("admin:activities_duplicatecandidate_change", args=[rows["candidate"].pk]),
    ]


def test_curators_group_has_exactly_the_permissions_of_the_work():
    group = Group.objects.get(name="Curators")
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
    assert granted == CURATOR_PERMISSIONS


@pytest.mark.parametrize("role", ["anonymous", "non_staff"])
def test_anonymous_and_non_staff_are_sent_to_the_login_page(client, rows, role):
    login(client, role)
    for url in [reverse("admin:index"), *curator_pages(rows)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_staff_without_the_group_is_refused_every_curator_page(client, rows):
    login(client, "staff")
    for url in curator_pages(rows):
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("role", ["curator", "superuser"])
def test_curator_and_superuser_reach_every_curator_page(client, rows, role):
    login(client, role)
    for url in [reverse("admin:index"), *curator_pages(rows)]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:auth_user_add",
        "admin:django_q_schedule_changelist",
    ],
)
def test_curator_cannot_manage_users_groups_or_schedules(client, url_name):
    login(client, "curator")
    assert client.get(reverse(url_name)).status_code == 403


def test_curator_cannot_add_or_delete_overlays(client, rows):
    login(client, "curator")
    overlay = rows["overlay"]
    assert client.get(reverse("admin:enrichment_enrichmentoverlay_delete", args=[overlay.pk])).status_code == 403
    assert client.get(reverse("admin:enrichment_enrichmentoverlay_changelist") + "add/").status_code in {403, 404}


def test_curator_reads_activities_but_cannot_change_them(client, rows):
    login(client, "curator")
    activity = Activity.objects.get(content_key=rows["overlay"].content_key)
    response = client.post(reverse("admin:activities_activity_change", args=[activity.pk]), {"name": "Other"})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.name != "Other"


@pytest.mark.parametrize(("role", "allowed"), [("staff", False), ("curator", True), ("superuser", True)])
def test_only_reviewers_can_approve_through_the_changelist_action(client, rows, role, allowed):
    login(client, role)
    overlay = rows["overlay"]
    response = client.post(
        reverse("admin:enrichment_enrichmentoverlay_changelist"),
        {"action": "approve_selected", "_selected_action": [overlay.pk]},
    )
    overlay.refresh_from_db()
    assert (overlay.state == EnrichmentOverlay.State.APPROVED) is allowed
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize(("role", "allowed"), [("staff", False), ("curator", True), ("superuser", True)])
def test_only_sign_off_permission_can_sign_off_a_pilot(client, rows, role, allowed):
    login(client, role)
    response = client.post(reverse("admin:enrichment_enrichmentrun_sign_off", args=[rows["run"].pk]), {"note": "ok"})
    assert response.status_code == (302 if allowed else 403)
    assert PilotSignoff.objects.filter(run=rows["run"]).exists() is allowed


def test_anonymous_post_to_sign_off_changes_nothing(client, rows):
    response = client.post(reverse("admin:enrichment_enrichmentrun_sign_off", args=[rows["run"].pk]), {"note": "x"})
    assert response.status_code == 302
    assert not PilotSignoff.objects.exists()


def test_sign_off_refuses_get(client, rows):
    login(client, "curator")
    assert client.get(reverse("admin:enrichment_enrichmentrun_sign_off", args=[rows["run"].pk])).status_code == 405


def test_sign_off_without_a_csrf_token_is_refused(rows):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("curator", curator=True))
    response = client.post(reverse("admin:enrichment_enrichmentrun_sign_off", args=[rows["run"].pk]), {"note": "x"})
    assert response.status_code == 403
    assert not PilotSignoff.objects.exists()
