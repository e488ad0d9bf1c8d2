"""Batch waves: submitted through the Message Batches API (half price),
collected later by a django-q2 task.

Each request's ``custom_id`` names its chunk; ``EnrichmentRun.batch_requests``
maps it back to the activities sent, so results are stored even if the
library was rebuilt meanwhile. Keys of an uncollected batch are not selected
again. Collection claims the run with a conditional UPDATE inside the
transaction that stores the results: collecting twice (a redelivered task, two
workers) stores nothing the second time. Errored, canceled and expired
requests leave their keys missing for the next wave.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from enrichment import prompts
from enrichment.jobs import (
    ChunkJob,
    Outcome,
    WorkOutcome,
    outcomes_record,
    reply_outcomes,
    request_size_estimate,
    run_finish,
)
from enrichment.models import EnrichmentRun
from enrichment.overlays import ActivityWork
from gamelibrary import llm

STOP_BATCH_BUDGET = "token_budget: {left} keys left out of the batch to stay within {budget} tokens"
STOP_BATCH_INCOMPLETE = "batch_incomplete: {counts}"


def custom_id_for(index: int, chunk_key: str) -> str:
    """``[a-zA-Z0-9_-]{1,64}``: the request's position and a digest of its chunk key."""
    return f"r{index:05d}_{hashlib.sha1(chunk_key.encode()).hexdigest()[:16]}"


def _activity_record(job: ChunkJob, work: ActivityWork) -> dict:
    return {
        "content_key": work.content_key,
        "name": work.name,
        "language": work.language,
        "chunk_keys": work.chunk_keys,
        "input_hash": prompts.input_hash(chunk_text=job.chunk_text, work=work),
        "original_fingerprint": work.original_fingerprint,
    }


def batch_submit(*, run: EnrichmentRun, jobs: list[ChunkJob]) -> EnrichmentRun:
    """Submit one request per job (within the token budget) as one batch."""
    budget = settings.ENRICHMENT_WAVE_TOKEN_BUDGET
    requests, mapping, estimate = [], {}, 0
    for index, job in enumerate(jobs):
        params = llm.message_params(**job.request_params())
        estimate += request_size_estimate(params)
        if estimate > budget and requests:
            left = sum(len(left_job.works) for left_job in jobs[index:])
            return _submit(run, requests, mapping, STOP_BATCH_BUDGET.format(left=left, budget=budget), left)
        custom_id = custom_id_for(index, job.chunk_key)
        requests.append({"custom_id": custom_id, "params": params})
        mapping[custom_id] = {"chunk_key": job.chunk_key, "activities": [_activity_record(job, w) for w in job.works]}
    return _submit(run, requests, mapping, "", 0)


def _submit(run: EnrichmentRun, requests: list[dict], mapping: dict, note: str, left: int) -> EnrichmentRun:
    if not requests:
        return run_finish(run, stop_reason="", not_sent=0)
    try:
        batch_id = llm.batch_create(requests)
    except llm.LLMError as error:
        reason = getattr(error, "reason", "rejected")
        return run_finish(run, stop_reason=f"{reason}: {error}"[:200], not_sent=run.keys_requested)
    run.batch_id = batch_id
    run.batch_requests = mapping
    run.status = EnrichmentRun.Status.BATCH_PENDING
    run.keys_not_sent = left
    run.stop_reason = note[:200]
    run.requests_sent = len(requests)
    run.save()
    return run


def _works(request: dict) -> list[ActivityWork]:
    return [
        ActivityWork(
            content_key=activity["content_key"],
            activity_id=0,
            name=activity["name"],
            language=activity["language"],
            description="",
            rules="",
            variations="",
            stated={},
            chunk_key=request["chunk_key"],
            chunk_keys=activity["chunk_keys"],
            original_fingerprint=activity.get("original_fingerprint", ""),
        )
        for activity in request["activities"]
    ]


def _item_outcomes(item: llm.BatchItem, request: dict) -> tuple[list[WorkOutcome], llm.Usage]:
    works = _works(request)
    if item.reply is not None:
        hashes = [activity["input_hash"] for activity in request["activities"]]
        return list(reply_outcomes(works=works, hashes=hashes, reply=item.reply)), item.reply.usage
    if item.result_type != "succeeded":
        return [], llm.Usage()
    outcome = Outcome.BLOCKED if isinstance(item.error, llm.Refused) else Outcome.INVALID
    return [(work, outcome, str(item.error)) for work in works], item.error.usage


def batch_collect(*, run_id: int) -> dict:
    """Store the results of an ended batch once; returns what happened."""
    run = EnrichmentRun.objects.get(pk=run_id)
    if run.status != EnrichmentRun.Status.BATCH_PENDING:
        return {"run": run.pk, "status": "already_collected"}
    processing = llm.batch_status(run.batch_id)
    if processing != "ended":
        return {"run": run.pk, "status": processing}
    items = list(llm.batch_results(run.batch_id))
    with transaction.atomic():
        claimed = EnrichmentRun.objects.filter(pk=run.pk, status=EnrichmentRun.Status.BATCH_PENDING).update(
            status=EnrichmentRun.Status.RUNNING, collected_at=timezone.now()
        )
        if claimed != 1:
            return {"run": run.pk, "status": "already_collected"}
        run.refresh_from_db()
        types: Counter[str] = Counter()
        resolved = 0
        for item in items:
            request = run.batch_requests.get(item.custom_id)
            if request is None:
                continue
            types[item.result_type] += 1
            outcomes, usage = _item_outcomes(item, request)
            resolved += len(outcomes)
            outcomes_record(run=run, outcomes=outcomes, usage=usage, requests=0)
        sent = sum(len(request["activities"]) for request in run.batch_requests.values())
        failed = {kind: types[kind] for kind in ("errored", "canceled", "expired") if types[kind]}
        note = run.stop_reason or (STOP_BATCH_INCOMPLETE.format(counts=failed) if failed else "")
        run_finish(run, stop_reason=note[:200], not_sent=sent - resolved)
    return {"run": run.pk, "status": "collected", "results": dict(types)}


def batches_collect_pending() -> list[dict]:
    """Collect every submitted batch that has ended (the scheduled task)."""
    reports = []
    for run_id in EnrichmentRun.objects.filter(status=EnrichmentRun.Status.BATCH_PENDING).values_list("pk", flat=True):
        try:
            reports.append(batch_collect(run_id=run_id))
        except llm.ServiceUnavailable as error:
            reports.append({"run": run_id, "status": f"{error.reason}: {error}"})
    return reports
