"""A rebuild asked for from the admin: queued as a django-q2 task, one at a time.

The RebuildRun is created when the rebuild is queued, so the admin lists it at
once; its ``finished_at`` stays empty while it is queued or running. A second
request is refused while a run is unfinished, unless it started longer ago than
a task may live (``Q_CLUSTER["retry"]``): that run died with its worker. The
task calls the same service as ``manage.py rebuild_corpus``, without
``--allow-orphans``: the orphan gate still applies.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from activities.models import RebuildRun
from activities.rebuild.pipeline import RebuildRefused, corpus_rebuild
from activities.rebuild.runs import task_lifetime

TASK = "activities.tasks.queued_rebuild"
BUSY = _("A rebuild is already queued or running (#{run}, since {when:%Y-%m-%d %H:%M} UTC); wait for it to finish.")


class RebuildBusy(Exception):
    pass


def rebuild_unfinished() -> RebuildRun | None:
    """The run queued or running now, if any (runs older than a task may live are dead, not running)."""
    alive_since = timezone.now() - task_lifetime()
    return RebuildRun.objects.filter(finished_at__isnull=True, started_at__gte=alive_since).order_by("-pk").first()


def rebuild_request(*, user) -> RebuildRun:
    """Queue a rebuild on behalf of ``user``; raises RebuildBusy when one is queued or running."""
    with transaction.atomic():
        busy = rebuild_unfinished()
        if busy is not None:
            raise RebuildBusy(str(BUSY).format(run=busy.pk, when=busy.started_at))
        run = RebuildRun.objects.create(requested_by=user)
    try:
        async_task(TASK, run.pk, task_name=f"rebuild #{run.pk}")
    except Exception as error:
        _run_fail(run.pk, error)
        raise
    return run


def _run_fail(run_id: int, error: Exception) -> None:
    RebuildRun.objects.filter(pk=run_id, finished_at__isnull=True).update(
        finished_at=timezone.now(), report={"error": repr(error)}
    )


def queued_rebuild_run(run_id: int) -> dict:
    """Run the queued rebuild ``run_id``; its QA report is saved on the run."""
    run = RebuildRun.objects.get(pk=run_id)
    try:
        report = corpus_rebuild(run=run)
    except RebuildRefused as refusal:
        return {"run": run_id, "published": False, "refused": str(refusal)}
    except Exception as error:
        # A failing publish is recorded by corpus_rebuild; one before it would leave the run looking alive.
        _run_fail(run_id, error)
        raise
    return {"run": run_id, "published": report["published"]}
