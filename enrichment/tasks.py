"""django-q2 tasks: thin, they take ids or parameters and call one service.

django-q2 may redeliver a task still running after ``Q_CLUSTER["retry"]``
seconds; the lease (a second wave is refused) and idempotent storing and
collecting make a duplicate harmless.
"""

from __future__ import annotations

from enrichment.batches import batches_collect_pending
from enrichment.waves import RunRefused, wave_run


def scheduled_wave(max_keys: int | None = None, batch: bool = True) -> dict:
    """One wave, by default through the Message Batches API (half price)."""
    try:
        run = wave_run(max_keys=max_keys, batch=batch)
    except RunRefused as refusal:
        return {"refused": str(refusal)}
    return {"run": run.pk, "status": run.status, "requested": run.keys_requested, "batch_id": run.batch_id}


def collect_pending_batches() -> list[dict]:
    return batches_collect_pending()
