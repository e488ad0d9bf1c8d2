"""The life of a RebuildRun row when its process dies.

A rebuild killed before it finishes cannot record its own end. The next
rebuild does it: every other unfinished run that cannot still be alive is
marked interrupted. A run started from the command line (nobody requested it
from the admin) is dead once another rebuild starts; a run queued from the
admin may wait in the queue, so it is dead only when it started longer ago
than a task may live (``Q_CLUSTER["retry"]``: django-q2 would have redelivered
it by then). Whether a killed run published is already on its row: the
publishing transaction marks it published in the same commit.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from activities.models import RebuildRun

INTERRUPTED = "interrupted: the rebuild ended without finishing; marked by rebuild #{run}"


def task_lifetime() -> timedelta:
    return timedelta(seconds=settings.Q_CLUSTER.get("retry", settings.Q_CLUSTER["timeout"]))


def runs_stale(*, current: RebuildRun) -> list[RebuildRun]:
    """Unfinished runs other than ``current`` that cannot still be queued or running."""
    alive_since = timezone.now() - task_lifetime()
    return list(
        RebuildRun.objects.filter(finished_at__isnull=True)
        .exclude(pk=current.pk)
        .filter(Q(requested_by__isnull=True) | Q(started_at__lt=alive_since))
        .order_by("pk")
    )


def runs_interrupted_mark(*, current: RebuildRun) -> list[int]:
    """Finish every stale run as interrupted, keeping whether it published; returns their ids."""
    now = timezone.now()
    stale = runs_stale(current=current)
    for run in stale:
        run.report = {**run.report, "interrupted": True, "error": INTERRUPTED.format(run=current.pk)}
        run.finished_at = now
        run.save(update_fields=["report", "finished_at"])
    return [run.pk for run in stale]
