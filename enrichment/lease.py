"""The enrichment lease: one row, claimed with a conditional UPDATE so that two
runs (pilot or wave, from cron, by hand, or a task django-q2 redelivered) never
overlap — on SQLite and PostgreSQL alike. It expires, so the lease of a holder
that crashed is taken over once ``ENRICHMENT_LEASE_SECONDS`` have passed; a
running holder renews it after every chunk.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from enrichment.models import WaveLease

LEASE_NAME = "enrichment"
REFUSED_LEASE_HELD = "Refusing to start: another enrichment run holds the lease ({holder}, until {expires_at})."


def lease_holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def lease_acquire(*, holder: str, seconds: int | None = None) -> bool:
    """Claim the lease if it is free or expired; True when this holder got it."""
    WaveLease.objects.get_or_create(name=LEASE_NAME)
    now = timezone.now()
    expires_at = now + timedelta(seconds=seconds or settings.ENRICHMENT_LEASE_SECONDS)
    free = Q(expires_at__isnull=True) | Q(expires_at__lt=now)
    return WaveLease.objects.filter(name=LEASE_NAME).filter(free).update(holder=holder, expires_at=expires_at) == 1


def lease_renew(*, holder: str) -> bool:
    expires_at = timezone.now() + timedelta(seconds=settings.ENRICHMENT_LEASE_SECONDS)
    return WaveLease.objects.filter(name=LEASE_NAME, holder=holder).update(expires_at=expires_at) == 1


def lease_release(*, holder: str) -> None:
    WaveLease.objects.filter(name=LEASE_NAME, holder=holder).update(holder="", expires_at=None)


def lease_refusal() -> str:
    lease = WaveLease.objects.filter(name=LEASE_NAME).first()
    return REFUSED_LEASE_HELD.format(
        holder=lease.holder if lease else "?", expires_at=lease.expires_at if lease else "?"
    )
