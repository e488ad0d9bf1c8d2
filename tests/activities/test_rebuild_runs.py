"""A killed rebuild's RebuildRun: the next rebuild finishes it as interrupted, keeping whether it published."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db.models.signals import pre_save
from django.utils import timezone, translation

from activities.models import Activity, RebuildRun
from activities.rebuild import corpus_rebuild
from tests.activities.test_rebuild import WINK
from tests.admin.factories import make_user
from tests.extraction_docs import activity, write_chunk

pytestmark = pytest.mark.django_db


@pytest.fixture
def extracted(settings):
    write_chunk(settings.EXTRACTED_DIR, "a.part01", [activity("Wink", WINK)])
    return settings.EXTRACTED_DIR


def _started_ago(run: RebuildRun, seconds: int) -> RebuildRun:
    RebuildRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(seconds=seconds))
    return run


def test_next_rebuild_marks_an_unfinished_command_line_run_interrupted(extracted):
    killed = RebuildRun.objects.create()
    corpus_rebuild()
    killed.refresh_from_db()
    assert killed.finished_at is not None
    assert killed.report["interrupted"] is True
    assert not killed.published


def test_a_recently_queued_run_is_left_waiting(extracted):
    queued = RebuildRun.objects.create(requested_by=make_user("curator", curator=True))
    corpus_rebuild()
    queued.refresh_from_db()
    assert queued.finished_at is None


def test_a_queued_run_older_than_a_task_may_live_is_marked_interrupted(extracted, settings):
    queued = RebuildRun.objects.create(requested_by=make_user("curator", curator=True))
    _started_ago(queued, settings.Q_CLUSTER["retry"] + 60)
    corpus_rebuild()
    queued.refresh_from_db()
    assert queued.report["interrupted"] is True


def _die_before_finishing(sender, instance, update_fields=None, **kwargs):
    if update_fields and "finished_at" in update_fields and instance.finished_at is not None:
        raise SystemExit("killed after the publishing commit")


def test_a_run_killed_after_its_commit_is_recorded_as_published(extracted):
    pre_save.connect(_die_before_finishing, sender=RebuildRun)
    try:
        with pytest.raises(SystemExit):
            corpus_rebuild()
    finally:
        pre_save.disconnect(_die_before_finishing, sender=RebuildRun)
    killed = RebuildRun.objects.get()
    assert (killed.published, killed.finished_at) == (True, None)
    assert Activity.objects.count() == 1
    corpus_rebuild()
    killed.refresh_from_db()
    assert (killed.published, killed.report["interrupted"]) == (True, True)


@pytest.mark.parametrize(("published", "state"), [(True, "published"), (False, "failed")])
def test_the_admin_lists_an_interrupted_run_by_whether_it_committed(extracted, published, state):
    killed = RebuildRun.objects.create(published=published)
    corpus_rebuild()
    killed.refresh_from_db()
    with translation.override("en"):
        assert str(admin.site._registry[RebuildRun].state(killed)) == state
