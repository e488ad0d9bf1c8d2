"""Pilots and waves hold the library lease: refused while another run holds it, released when they end."""

import pytest

from activities.lease import lease_acquire
from activities.models import LibraryLease
from enrichment.models import EnrichmentRun
from enrichment.waves import STOP_INTERRUPTED, RunRefused, pilot_run, wave_run


def test_a_wave_is_refused_while_another_run_holds_the_lease(library, fake, signed_off):
    lease_acquire(holder="other-host:123:abcd")
    with pytest.raises(RunRefused, match="other-host:123:abcd"):
        wave_run()
    assert fake.message_requests == []


def test_runs_left_running_by_a_dead_holder_are_marked_interrupted(library, fake):
    dead = EnrichmentRun.objects.create(kind=EnrichmentRun.Kind.WAVE, holder="dead:1:x")
    pilot_run()
    dead.refresh_from_db()
    assert (dead.status, dead.stop_reason) == (EnrichmentRun.Status.INTERRUPTED, STOP_INTERRUPTED)


def test_a_run_releases_the_lease_when_it_ends(library, fake):
    pilot_run()
    assert LibraryLease.objects.get().holder == ""
