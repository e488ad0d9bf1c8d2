"""The library lease: one conditional UPDATE, portable to SQLite and PostgreSQL, with expiry."""

import threading
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from activities.lease import LEASE_NAME, lease_acquire, lease_release, lease_renew
from activities.models import LibraryLease


def test_a_free_lease_is_acquired(db):
    assert lease_acquire(holder="a")
    assert LibraryLease.objects.get(name=LEASE_NAME).holder == "a"


def test_a_held_lease_is_refused_to_another_holder(db):
    assert lease_acquire(holder="a")
    assert not lease_acquire(holder="b")
    assert LibraryLease.objects.get().holder == "a"


def test_an_expired_lease_is_taken_over(db):
    assert lease_acquire(holder="crashed")
    LibraryLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert lease_acquire(holder="b")
    assert LibraryLease.objects.get().holder == "b"


def test_a_released_lease_is_free_again(db):
    lease_acquire(holder="a")
    lease_release(holder="a")
    assert lease_acquire(holder="b")


def test_only_the_holder_renews_or_releases(db):
    lease_acquire(holder="a")
    assert not lease_renew(holder="b")
    lease_release(holder="b")
    assert LibraryLease.objects.get().holder == "a"
    assert lease_renew(holder="a")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_holders_get_the_lease_exactly_once():
    """Real concurrent connections (threads), meaningful on PostgreSQL; SQLite serializes writers."""
    LibraryLease.objects.create(name=LEASE_NAME)
    start = threading.Barrier(6)
    won = []

    def contend(holder: str) -> None:
        start.wait()
        try:
            if lease_acquire(holder=holder):
                won.append(holder)
        except OperationalError as error:
            # The test database is SQLite's shared in-memory cache, which refuses a second writer outright
            # ("database table is locked") instead of waiting: that writer did not get the lease.
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
        finally:
            connection.close()

    threads = [threading.Thread(target=contend, args=(f"h{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(won) == 1
    assert LibraryLease.objects.get().holder == won[0]
