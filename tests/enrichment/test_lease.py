"""The wave lease: one conditional UPDATE, portable to SQLite and PostgreSQL, with expiry."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from enrichment.lease import LEASE_NAME, lease_acquire, lease_release, lease_renew
from enrichment.models import EnrichmentRun, WaveLease
from enrichment.waves import STOP_INTERRUPTED, RunRefused, pilot_run, wave_run


def test_a_free_lease_is_acquired(db):
    assert lease_acquire(holder="a")
    assert WaveLease.objects.get(name=LEASE_NAME).holder == "a"


def test_a_held_lease_is_refused_to_another_holder(db):
    assert lease_acquire(holder="a")
    assert not lease_acquire(holder="b")
    assert WaveLease.objects.get().holder == "a"


def test_an_expired_lease_is_taken_over(db):
    assert lease_acquire(holder="crashed")
    WaveLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert lease_acquire(holder="b")
    assert WaveLease.objects.get().holder == "b"


def test_a_released_lease_is_free_again(db):
    lease_acquire(holder="a")
    lease_release(holder="a")
    assert lease_acquire(holder="b")


def test_only_the_holder_renews_or_releases(db):
    lease_acquire(holder="a")
    assert not lease_renew(holder="b")
    lease_release(holder="b")
    assert WaveLease.objects.get().holder == "a"
    assert lease_renew(holder="a")


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
    assert WaveLease.objects.get().holder == ""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_holders_get_the_lease_exactly_once():
    """Real concurrent connections (threads), meaningful on PostgreSQL; SQLite serializes writers."""
    WaveLease.objects.create(name=LEASE_NAME)
    start = threading.Barrier(6)
    won = []

    def contend(holder: str) -> None:
        start.wait()
        try:
            if lease_acquire(holder=holder):
                won.append(holder)
        finally:
            connection.close()

    threads = [threading.Thread(target=contend, args=(f"h{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert WaveLease.objects.get().holder == won[0]
