"""django-q2 schedules of the waves, made from settings, idempotently."""

import json

from django.core.management import call_command
from django_q.models import Schedule

from enrichment.schedules import COLLECT_NAME, WAVE_FUNC, schedules_setup


def test_two_nightly_cron_waves_and_a_collection_by_default(db):
    schedules_setup()
    waves = Schedule.objects.filter(func=WAVE_FUNC).order_by("cron")
    assert [(s.schedule_type, s.cron, s.repeats) for s in waves] == [
        (Schedule.CRON, "20 23 * * *", -1),
        (Schedule.CRON, "50 0 * * *", -1),
    ]
    assert Schedule.objects.filter(name=COLLECT_NAME, schedule_type=Schedule.MINUTES).exists()


def test_first_cron_fire_is_in_the_future_not_at_setup(db):
    schedules_setup(crons=["20 23 * * *"])
    schedule = Schedule.objects.get(func=WAVE_FUNC)
    assert (schedule.next_run.hour, schedule.next_run.minute) == (23, 20)


def test_setting_up_twice_creates_nothing_new(db):
    schedules_setup()
    report = schedules_setup()
    assert report["created"] == []
    assert Schedule.objects.count() == 3


def test_a_changed_schedule_setting_replaces_the_old_fires(db, settings):
    schedules_setup()
    settings.ENRICHMENT_WAVE_SCHEDULES = ["0 2 * * *"]
    report = schedules_setup()
    assert list(Schedule.objects.filter(func=WAVE_FUNC).values_list("cron", flat=True)) == ["0 2 * * *"]
    assert len(report["removed"]) == 2


def test_command_prints_its_report_as_json_on_the_last_line(db, capsys):
    call_command("setup_schedules", "--json")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(json.loads(last)["created"]) == 3
