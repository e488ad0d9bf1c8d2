"""Pilot and waves: choose the keys, send one request per chunk, store each
chunk's result as it arrives, stop cleanly, record the run.

Concurrency: worker threads only talk to the API (``jobs.job_run``); every
database write happens on the calling thread, one transaction per chunk, so a
``kill -9`` loses only the requests in flight. Two runs never overlap: both
pilot and wave hold the ``WaveLease`` row, claimed with one conditional UPDATE
(portable to SQLite and PostgreSQL) and expiring, so a crashed holder's lease
is taken over later; the runs it left ``running`` are marked interrupted.
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from django.conf import settings

from enrichment.batches import batch_submit
from enrichment.gate import WAVE_REFUSED_NO_SIGNOFF, wave_gate_open
from enrichment.jobs import ChunkJob, job_run, jobs_build, outcomes_record, run_finish
from enrichment.lease import lease_acquire, lease_holder_id, lease_refusal, lease_release, lease_renew
from enrichment.models import EnrichmentRun
from enrichment.overlays import activities_needing_overlay
from gamelibrary import llm

PILOT_DEFAULT_LIMIT = 20

REFUSED_NOT_CONFIGURED = "Refusing to start: no Anthropic API key is configured (set ANTHROPIC_API_KEY)."
STOP_TOKEN_BUDGET = "token_budget: the wave spent {spent} of its {budget} token budget"
STOP_LEASE_LOST = "lease_lost: another run took over the lease"
STOP_INTERRUPTED = "interrupted: the process ended before the run finished"


class RunRefused(Exception):
    """A pilot or wave that must not start now; the message says why."""


def _runs_interrupted(*, holder: str) -> None:
    """Runs still marked running under another holder died: we hold the lease now."""
    EnrichmentRun.objects.filter(status=EnrichmentRun.Status.RUNNING).exclude(holder=holder).update(
        status=EnrichmentRun.Status.INTERRUPTED, stop_reason=STOP_INTERRUPTED
    )


def jobs_execute(*, run: EnrichmentRun, jobs: list[ChunkJob], holder: str) -> EnrichmentRun:
    """Run the jobs on ENRICHMENT_CONCURRENCY threads, recording each as it ends;
    stop submitting on a service failure, a spent budget or a lost lease."""
    budget = settings.ENRICHMENT_WAVE_TOKEN_BUDGET
    concurrency = max(1, settings.ENRICHMENT_CONCURRENCY)
    queue = list(reversed(jobs))
    stop_reason = ""
    unresolved = 0
    try:
        with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="enrich") as pool:
            in_flight: set[Future] = set()
            while True:
                while not stop_reason and queue and len(in_flight) < concurrency:
                    in_flight.add(pool.submit(job_run, queue.pop()))
                if not in_flight:
                    break
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()
                    outcomes_record(run=run, outcomes=result.outcomes, usage=result.usage, requests=result.requests)
                    unresolved += len(result.job.works) - len(result.outcomes)
                    if result.stopped is not None and not stop_reason:
                        stop_reason = f"{result.stopped.reason}: {result.stopped}"
                spent = run.tokens_in + run.tokens_out
                if not stop_reason and spent >= budget:
                    stop_reason = STOP_TOKEN_BUDGET.format(spent=spent, budget=budget)
                if not stop_reason and not lease_renew(holder=holder):
                    stop_reason = STOP_LEASE_LOST
    except BaseException as error:
        run_finish(run, stop_reason=f"error: {error!r}"[:200], skipped=0)
        raise
    never_sent = sum(len(job.works) for job in queue)
    return run_finish(run, stop_reason=stop_reason[:200], skipped=unresolved + never_sent)


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
    holder = lease_holder_id()
    run = _start(kind=EnrichmentRun.Kind.PILOT, holder=holder, parameters={"source": source_contains, "limit": limit})
    try:
        works = activities_needing_overlay(source_contains=source_contains)[:limit]
        run.keys_requested = len(works)
        run.save(update_fields=["keys_requested"])
        return jobs_execute(run=run, jobs=jobs_build(works), holder=holder)
    finally:
        lease_release(holder=holder)


def wave_run(*, max_keys: int | None = None, batch: bool = False) -> EnrichmentRun:
    """One bounded wave over the missing keys, in (chunk, key) order; refused
    until a pilot is signed off or while another run holds the lease."""
    max_keys = max_keys or settings.ENRICHMENT_WAVE_MAX_KEYS
    holder = lease_holder_id()
    run = _start(kind=EnrichmentRun.Kind.WAVE, holder=holder, parameters={"max_keys": max_keys, "batch": batch})
    try:
        works = activities_needing_overlay()[:max_keys]
        run.keys_requested = len(works)
        run.save(update_fields=["keys_requested"])
        if batch:
            return batch_submit(run=run, jobs=jobs_build(works))
        return jobs_execute(run=run, jobs=jobs_build(works), holder=holder)
    finally:
        lease_release(holder=holder)
