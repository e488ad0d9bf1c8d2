"""The "Rebuild now" button: queues rebuild_corpus as a django-q2 task (run in process by the test settings),
records the run and its QA report, refuses a second one while one is queued or running."""

from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django_q.models import Task

from activities.models import Activity, RebuildRun
from enrichment.models import EnrichmentOverlay
from tests.activities.test_corrections import write_wink
from tests.admin.factories import make_user

pytestmark = pytest.mark.django_db

REBUILD = reverse("admin:activities_rebuildrun_rebuild")
RUNS = reverse("admin:activities_rebuildrun_changelist")


@pytest.fixture
def extracted(settings):
    write_wink(settings.EXTRACTED_DIR)
    return settings.EXTRACTED_DIR


def test_button_is_on_the_run_list_for_a_curator(curator_client):
    assert REBUILD in curator_client.get(RUNS).content.decode()


def test_button_queues_a_task_that_publishes_and_records_the_run(curator_client, curator, extracted):
    response = curator_client.post(REBUILD)
    assert response["Location"] == RUNS
    run = RebuildRun.objects.get()
    assert (run.requested_by, run.published, run.finished_at is not None) == (curator, True, True)
    assert run.report["activities"]["published"] == 1
    assert Activity.objects.get().name == "Wink"
    task = Task.objects.get()
    assert (task.func, task.args, task.success) == ("activities.tasks.queued_rebuild", (run.pk,), True)
    (message,) = get_messages(response.wsgi_request)
    assert (message.level, f"#{run.pk}" in str(message)) == (messages.SUCCESS, True)


def test_run_page_shows_its_qa_report(curator_client, extracted):
    curator_client.post(REBUILD)
    run = RebuildRun.objects.get()
    page = curator_client.get(reverse("admin:activities_rebuildrun_change", args=[run.pk])).content.decode()
    assert "&quot;corrections&quot;" in page
    assert "&quot;published&quot;: true" in page


def test_refused_while_a_rebuild_is_queued_or_running(curator_client, extracted):
    running = RebuildRun.objects.create()
    response = curator_client.post(REBUILD)
    assert list(RebuildRun.objects.all()) == [running]
    assert not Task.objects.exists()
    assert f"#{running.pk}" in str(next(iter(get_messages(response.wsgi_request))))


def test_a_run_older_than_a_task_may_live_does_not_block(curator_client, extracted, settings):
    dead = RebuildRun.objects.create()
    lifetime = settings.Q_CLUSTER["retry"]
    RebuildRun.objects.filter(pk=dead.pk).update(started_at=timezone.now() - timedelta(seconds=lifetime + 60))
    curator_client.post(REBUILD)
    assert RebuildRun.objects.filter(published=True).count() == 1


def test_the_orphan_gate_still_applies(curator_client, extracted):
    EnrichmentOverlay.objects.create(
        content_key="f" * 64, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Orfan", activity_name="Gone"
    )
    curator_client.post(REBUILD)
    run = RebuildRun.objects.get()
    assert (run.published, run.finished_at is not None) == (False, True)
    assert run.report["enrichment"]["orphaned"] == 1
    assert not Activity.objects.exists()


def test_staff_without_the_permission_cannot_rebuild(client, extracted):
    client.force_login(make_user("staff"))
    assert client.post(REBUILD).status_code == 403
    assert not RebuildRun.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, extracted):
    response = client.post(REBUILD)
    assert response["Location"].startswith(reverse("admin:login"))
    assert not RebuildRun.objects.exists()


def test_get_does_not_rebuild(curator_client, extracted):
    assert curator_client.get(REBUILD).status_code == 405
    assert not RebuildRun.objects.exists()
