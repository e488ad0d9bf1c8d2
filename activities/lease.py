"""The library lease: one row, claimed with a conditional UPDATE so that the runs that write the library or the data
keyed to it never overlap — on SQLite and PostgreSQL alike. A rebuild takes and frees it inside its publishing
transaction, around its orphan check and the publish: a wave that tries to start meanwhile waits on the locked row
for the commit, and a rebuild that dies frees it as it rolls back. An enrichment pilot or wave holds it for its
whole run (from cron, by hand, or a task django-q2 redelivered); a rebuild is refused meanwhile. It expires, so the
lease of a holder that crashed is taken over once ``ENRICHMENT_LEASE_SECONDS`` have passed; a running wave renews it
after every chunk.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from activities.models import LibraryLease

LEASE_NAME = "library"
REFUSED_LEASE_HELD = "Refusing to start: another run holds the lease ({holder}, until {expires_at})."


def lease_holder_id(role: str) -> str:
    """Who holds the lease, as the refusal shows it: ``role`` (rebuild, pilot, wave), host, process, a nonce."""
    return f"{role}:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_acquire(*, holder: str, seconds: int | None = None) -> bool:
    """Claim the lease if it is free or expired; True when this holder got it."""
    LibraryLease.objects.get_or_create(name=LEASE_NAME)
    now = timezone.now()
    expires_at = now + timedelta(seconds=seconds or settings.ENRICHMENT_LEASE_SECONDS)
    free = Q(expires_at__isnull=True) | Q(expires_at__lt=now)
    return LibraryLease.objects.filter(name=LEASE_NAME).filter(free).update(holder=holder, expires_at=expires_at) == 1


def lease_renew(*, holder: str) -> bool:
    expires_at = timezone.now() + timedelta(seconds=settings.ENRICHMENT_LEASE_SECONDS)
    return LibraryLease.objects.filter(name=LEASE_NAME, holder=holder).update(expires_at=expires_at) == 1


def lease_release(*, holder: str) -> None:
    LibraryLease.objects.filter(name=LEASE_NAME, holder=holder).update(holder="", expires_at=None)


def lease_refusal() -> str:
    lease = LibraryLease.objects.filter(name=LEASE_NAME).first()
    return REFUSED_LEASE_HELD.format(
        holder=lease.holder if lease else "?", expires_at=lease.expires_at if lease else "?"
    )
