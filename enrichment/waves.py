"""Pilot and waves: choose the keys, send one request per chunk, store each
chunk's result as it arrives, stop cleanly, record the run.

Concurrency: worker threads only talk to the API (``jobs.job_request``); every
database write happens on the calling thread, one transaction per chunk, so a
``kill -9`` loses only the requests in flight. Two runs never overlap: both
pilot and wave hold the library lease (``activities.lease``, the one a rebuild
holds while it publishes), claimed with one conditional UPDATE (portable to
SQLite and PostgreSQL) and expiring, so a crashed holder's lease is taken over
later; the runs it left ``running`` are marked interrupted.
Under ``stopping.stop_signals_handled`` (the ``enrich`` command) SIGTERM and
SIGINT stop a run cleanly: recorded as interrupted, the lease released.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from django.conf import settings

from activities.lease import lease_acquire, lease_holder_id, lease_refusal, lease_release, lease_renew
from enrichment.batches import batch_submit
from enrichment.gate import WAVE_REFUSED_NO_SIGNOFF, wave_gate_open
from enrichment.jobs import ChunkJob, job_request, job_size_estimate, jobs_build, outcomes_record, run_finish
from enrichment.models import EnrichmentRun
from enrichment.overlays import activities_needing_overlay
from enrichment.stopping import stop_requested
from gamelibrary import llm

PILOT_DEFAULT_LIMIT = 20

REFUSED_NOT_CONFIGURED = "Refusing to start: no Anthropic API key is configured (set ANTHROPIC_API_KEY)."
STOP_TOKEN_BUDGET = "token_budget"
STOP_TOKEN_BUDGET_SPENT = (
    "token_budget: the wave spent {spent} of its {budget} token budget; the next request would have passed it"
)
STOP_LEASE_LOST = "lease_lost: another run took over the lease"
STOP_INTERRUPTED = "interrupted: the process ended before the run finished"
STOP_SIGNALLED_PREFIX = "interrupted: "
STOP_SIGNALLED = STOP_SIGNALLED_PREFIX + "{signal} received; the requests in flight were finished and stored"
STOP_ABANDONED = STOP_SIGNALLED_PREFIX + "{cause}; the requests in flight were abandoned"
# How often the waiting loop looks at the stop signals.
SIGNAL_POLL_SECONDS = 0.2


class RunRefused(Exception):
    """A pilot or wave that must not start now; the message says why."""


def _runs_interrupted(*, holder: str) -> None:
    """Runs still marked running under another holder died: we hold the lease now."""
    EnrichmentRun.objects.filter(status=EnrichmentRun.Status.RUNNING).exclude(holder=holder).update(
        status=EnrichmentRun.Status.INTERRUPTED, stop_reason=STOP_INTERRUPTED
    )


def _keys(jobs: list[ChunkJob]) -> int:
    return sum(len(job.works) for job in jobs)


def _keys_resolved(run: EnrichmentRun) -> int:
    return run.keys_succeeded + run.keys_skipped + run.keys_blocked + run.keys_invalid


def jobs_run(*, run: EnrichmentRun, jobs: list[ChunkJob], holder: str) -> EnrichmentRun:
    """Run the jobs on ENRICHMENT_CONCURRENCY threads, recording each as it ends;
    stop submitting on a service failure, a lost lease, a stop signal, or when
    the next request would take the tokens spent plus those estimated for the
    requests in flight past the budget."""
    budget = settings.ENRICHMENT_WAVE_TOKEN_BUDGET
    concurrency = max(1, settings.ENRICHMENT_CONCURRENCY)
    queue = list(reversed(jobs))
    in_flight: dict[Future, int] = {}  # each request's estimated tokens
    stop_reason = ""
    not_sent = 0
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="enrich")
    try:
        while True:
            while not stop_reason and queue and len(in_flight) < concurrency:
                estimate = job_size_estimate(queue[-1])
                if run.tokens_in + run.tokens_out + sum(in_flight.values()) + estimate > budget:
                    stop_reason = STOP_TOKEN_BUDGET
                    break
                in_flight[pool.submit(job_request, queue.pop())] = estimate
            if not in_flight:
                break
            done, _ = wait(in_flight, timeout=SIGNAL_POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                outcomes_record(run=run, outcomes=result.outcomes, usage=result.usage, requests=result.requests)
                del in_flight[future]
                not_sent += len(result.job.works) - len(result.outcomes)
                if result.stopped is not None and not stop_reason:
                    stop_reason = f"{result.stopped.reason}: {result.stopped}"
            if stop_requested() and not stop_reason.startswith(STOP_SIGNALLED_PREFIX):
                stop_reason = STOP_SIGNALLED.format(signal=stop_requested())
            if done and not stop_reason and not lease_renew(holder=holder):
                stop_reason = STOP_LEASE_LOST
    except BaseException as error:
        pool.shutdown(wait=False, cancel_futures=True)
        # What the database holds is what was recorded: every other key was not sent or its answer abandoned.
        run.refresh_from_db()
        unrecorded = run.keys_requested - _keys_resolved(run)
        if isinstance(error, KeyboardInterrupt):
            cause = f"{stop_requested()} received twice" if stop_requested() else "KeyboardInterrupt"
            reason = STOP_ABANDONED.format(cause=cause)
            run_finish(run, stop_reason=reason[:200], not_sent=unrecorded, status=EnrichmentRun.Status.INTERRUPTED)
        else:
            run_finish(run, stop_reason=f"error: {error!r}"[:200], not_sent=unrecorded)
        raise
    pool.shutdown()
    if stop_reason == STOP_TOKEN_BUDGET:
        stop_reason = STOP_TOKEN_BUDGET_SPENT.format(spent=run.tokens_in + run.tokens_out, budget=budget)
    status = EnrichmentRun.Status.INTERRUPTED if stop_reason.startswith(STOP_SIGNALLED_PREFIX) else None
    return run_finish(run, stop_reason=stop_reason[:200], not_sent=not_sent + _keys(queue), status=status)


# --- Entry points ------------------------------------------------------------------------


def _start(*, kind: str, holder: str, parameters: dict) -> EnrichmentRun:
    if not llm.is_configured():
        raise RunRefused(REFUSED_NOT_CONFIGURED)
    if kind == EnrichmentRun.Kind.WAVE and not wave_gate_open():
        raise RunRefused(WAVE_REFUSED_NO_SIGNOFF)
    if not lease_acquire(holder=holder):
        raise RunRefused(lease_refusal())
    try:
        _runs_interrupted(holder=holder)
        return EnrichmentRun.objects.create(kind=kind, holder=holder, parameters=parameters)
    except BaseException:
        lease_release(holder=holder)
        raise


def pilot_run(*, source_contains: str | None = None, limit: int = PILOT_DEFAULT_LIMIT) -> EnrichmentRun:
    """Enrich a small chosen subset (no gate) and stop: the run a curator signs off."""
    holder = lease_holder_id("pilot")
    run = _start(kind=EnrichmentRun.Kind.PILOT, holder=holder, parameters={"source": source_contains, "limit": limit})
    try:
        works = activities_needing_overlay(source_contains=source_contains)[:limit]
        run.keys_requested = len(works)
        run.save(update_fields=["keys_requested"])
        return jobs_run(run=run, jobs=jobs_build(works), holder=holder)
    finally:
        lease_release(holder=holder)


def wave_run(*, max_keys: int | None = None, batch: bool = False) -> EnrichmentRun:
    """One bounded wave over the missing keys, in (chunk, key) order; refused
    until a pilot is signed off or while another run holds the lease."""
    max_keys = max_keys or settings.ENRICHMENT_WAVE_MAX_KEYS
    holder = lease_holder_id("wave")
    run = _start(kind=EnrichmentRun.Kind.WAVE, holder=holder, parameters={"max_keys": max_keys, "batch": batch})
    try:
        works = activities_needing_overlay()[:max_keys]
        run.keys_requested = len(works)
        run.save(update_fields=["keys_requested"])
        if batch:
            return batch_submit(run=run, jobs=jobs_build(works))
        return jobs_run(run=run, jobs=jobs_build(works), holder=holder)
    finally:
        lease_release(holder=holder)
