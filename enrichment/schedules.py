"""The django-q2 schedules of the enrichment: one cron fire per entry of
``settings.ENRICHMENT_WAVE_SCHEDULES`` (each one batch wave), and a periodic
collection of submitted batches. ``schedules_setup`` is idempotent: it makes
the schedule table match the settings, keyed by schedule name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_q.models import Schedule

WAVE_FUNC = "enrichment.tasks.scheduled_wave"
COLLECT_FUNC = "enrichment.tasks.collect_pending_batches"
WAVE_NAME_PREFIX = "enrichment wave "
COLLECT_NAME = "enrichment batch collection"
COLLECT_EVERY_MINUTES = 15


@transaction.atomic
def schedules_setup(*, crons: list[str] | None = None) -> dict:
    """Create or update the schedules; delete wave schedules no longer configured."""
    crons = list(settings.ENRICHMENT_WAVE_SCHEDULES if crons is None else crons)
    wanted = {f"{WAVE_NAME_PREFIX}{cron}": cron for cron in crons}
    created, updated = [], []
    for name, cron in wanted.items():
        _, was_created = Schedule.objects.update_or_create(
            name=name,
            defaults={"func": WAVE_FUNC, "schedule_type": Schedule.CRON, "cron": cron, "repeats": -1},
        )
        (created if was_created else updated).append(name)
    _, was_created = Schedule.objects.update_or_create(
        name=COLLECT_NAME,
        defaults={
            "func": COLLECT_FUNC,
            "schedule_type": Schedule.MINUTES,
            "minutes": COLLECT_EVERY_MINUTES,
            "repeats": -1,
        },
    )
    (created if was_created else updated).append(COLLECT_NAME)
    stale = Schedule.objects.filter(name__startswith=WAVE_NAME_PREFIX).exclude(name__in=wanted)
    removed = sorted(stale.values_list("name", flat=True))
    stale.delete()
    return {"created": created, "updated": updated, "removed": removed}
