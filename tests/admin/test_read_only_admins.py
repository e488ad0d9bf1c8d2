"""What nobody does by hand, not even a superuser: edit derived rows, add records made elsewhere, delete a
curator's record (it is revoked instead)."""

import pytest
from django.urls import reverse

from activities.decisions import decision_record
from activities.models import ReviewDecision
from tests.admin.factories import ActivitySourceFactory, RunFactory, make_user
from tests.factories import ChunkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(make_user("admin", superuser=True))
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:activities_activity_add",
        "admin:activities_rebuildrun_add",
        "admin:activities_duplicatecandidate_add",
        "admin:activities_filtercorrection_add",
        "admin:activities_notagamemark_add",
        "admin:enrichment_enrichmentrun_add",
        "admin:enrichment_pilotsignoff_add",
        "admin:enrichment_keyoutcome_add",
        "admin:sources_source_add",
        "admin:sources_chunk_add",
    ],
)
def test_rows_written_elsewhere_cannot_be_added_by_hand(superuser_client, url_name):
    assert superuser_client.get(reverse(url_name)).status_code == 403


def test_a_published_game_can_be_viewed_but_not_changed_or_deleted(superuser_client):
    activity = ActivitySourceFactory().activity
    page = superuser_client.get(reverse("admin:activities_activity_change", args=[activity.pk])).content.decode()
    assert activity.name in page
    assert 'name="_save"' not in page
    delete = reverse("admin:activities_activity_delete", args=[activity.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403


def test_an_enrichment_run_cannot_be_deleted(superuser_client):
    run = RunFactory()
    delete = reverse("admin:enrichment_enrichmentrun_delete", args=[run.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403


def test_a_decision_is_revoked_never_deleted(superuser_client):
    decision = decision_record(key_a="a", key_b="b", decision=ReviewDecision.Decision.MERGE, user=make_user("curator"))
    delete = reverse("admin:activities_reviewdecision_delete", args=[decision.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert ReviewDecision.objects.filter(pk=decision.pk).exists()


def test_a_decision_can_be_added_by_hand(superuser_client):
    assert superuser_client.get(reverse("admin:activities_reviewdecision_add")).status_code == 200


def test_a_source_can_be_deleted_but_not_changed(superuser_client):
    source = ChunkFactory().source
    change = reverse("admin:sources_source_change", args=[source.pk])
    assert superuser_client.post(change, {"title": "Other"}).status_code == 403
    delete = reverse("admin:sources_source_delete", args=[source.pk])
    assert superuser_client.get(delete).status_code == 200
