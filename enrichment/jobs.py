"""Jobs: the activities of one chunk, sent as one request.

``job_request`` only talks to the API (it runs on worker threads); a truncated
reply is retried as two smaller requests, a refusal blocks the job's keys, an
invalid reply (or entry) makes them invalid. ``outcomes_record`` writes one
job's outcomes in one transaction on the calling thread.

A run's key counts add up: ``keys_requested`` = succeeded (enriched) +
skipped (another overlay got there first) + blocked + invalid + not sent
(never sent, abandoned in flight, or left unanswered by a failing service).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from enrichment import prompts
from enrichment.models import EnrichmentRun, KeyOutcome
from enrichment.overlays import ActivityWork, keyoutcome_record, overlay_store
from enrichment.publishing import overlays_publish
from gamelibrary import llm
from sources.models import Chunk

# Keeps one reply well under max_tokens (an overlay is a few hundred output tokens).
MAX_ACTIVITIES_PER_REQUEST = 15
INVALID_TRUNCATED = "the reply reached max_tokens even for this activity alone"


class Outcome(StrEnum):
    """What one activity of a job came to; a failure is stored as the ``KeyOutcome`` of the same value."""

    ENRICHED = "ok"
    BLOCKED = KeyOutcome.Outcome.BLOCKED.value
    INVALID = KeyOutcome.Outcome.INVALID.value


# (the activity, its outcome, {"values", "meta"} when enriched or why it failed)
WorkOutcome = tuple[ActivityWork, Outcome, dict | str]


@dataclass
class ChunkJob:
    chunk_key: str
    chunk_text: str
    works: list[ActivityWork]
    # Another job of the same run sends this chunk text too: worth a cache write.
    chunk_sent_again: bool = False

    def request_params(self, works: list[ActivityWork] | None = None, *, cache_chunk: bool | None = None) -> dict:
        return prompts.request_params(
            chunk_text=self.chunk_text,
            works=self.works if works is None else works,
            cache_chunk=self.chunk_sent_again if cache_chunk is None else cache_chunk,
        )


@dataclass
class JobResult:
    """What the API answered for one job; ``stopped`` when the service failed,
    leaving the works not in ``outcomes`` unresolved (they stay missing)."""

    job: ChunkJob
    outcomes: list[WorkOutcome] = field(default_factory=list)
    usage: llm.Usage = field(default_factory=llm.Usage)
    requests: int = 0
    stopped: llm.ServiceUnavailable | None = None


def jobs_build(works: list[ActivityWork]) -> list[ChunkJob]:
    """Group works (sorted by chunk) into one job per chunk, at most
    MAX_ACTIVITIES_PER_REQUEST activities each; a work to retry alone gets a job of its own."""
    texts = dict(Chunk.objects.filter(key__in={w.chunk_key for w in works}).values_list("key", "text"))
    jobs: list[ChunkJob] = []
    for work in works:
        last = jobs[-1] if jobs else None
        joinable = last and not last.works[0].retry_alone and not work.retry_alone
        if joinable and last.chunk_key == work.chunk_key and len(last.works) < MAX_ACTIVITIES_PER_REQUEST:
            last.works.append(work)
        else:
            jobs.append(ChunkJob(work.chunk_key, texts.get(work.chunk_key, ""), [work]))
    jobs_per_chunk = Counter(job.chunk_key for job in jobs)
    for job in jobs:
        job.chunk_sent_again = jobs_per_chunk[job.chunk_key] > 1
    return jobs


def reply_outcomes(
    *, works: list[ActivityWork], hashes: list[str], reply: llm.StructuredReply
) -> Iterator[WorkOutcome]:
    """Per activity: enriched with {"values", "meta"}, or invalid and why; the
    request's tokens are shared evenly among its activities."""
    items = prompts.reply_items(data=reply.data, count=len(works))
    for index, work in enumerate(works):
        item = items[index]
        if isinstance(item, str):
            yield work, Outcome.INVALID, item
            continue
        meta = {
            "model": reply.model,
            "prompt_version": prompts.PROMPT_VERSION,
            "input_hash": hashes[index],
            "tokens_in": reply.usage.total_input_tokens // len(works),
            "tokens_out": reply.usage.output_tokens // len(works),
        }
        yield work, Outcome.ENRICHED, {"values": item, "meta": meta}


def _works_request(job: ChunkJob, works: list[ActivityWork], result: JobResult, *, cache_chunk: bool) -> None:
    """One request; a truncated reply is retried as two smaller requests, which
    both send the chunk (so they mark it for caching). No DB here."""
    if result.stopped is not None:
        return
    result.requests += 1
    try:
        reply = llm.structured_message(**job.request_params(works, cache_chunk=cache_chunk))
    except llm.ServiceUnavailable as error:
        result.stopped = error
        return
    except llm.Truncated as error:
        result.usage.add(error.usage)
        if len(works) == 1:
            result.outcomes.append((works[0], Outcome.INVALID, INVALID_TRUNCATED))
            return
        half = len(works) // 2
        _works_request(job, works[:half], result, cache_chunk=True)
        _works_request(job, works[half:], result, cache_chunk=True)
        return
    except llm.Refused as error:
        result.usage.add(error.usage)
        result.outcomes.extend((work, Outcome.BLOCKED, str(error)) for work in works)
        return
    except llm.LLMError as error:
        result.usage.add(error.usage)
        result.outcomes.extend((work, Outcome.INVALID, str(error)) for work in works)
        return
    result.usage.add(reply.usage)
    hashes = [prompts.input_hash(chunk_text=job.chunk_text, work=work) for work in works]
    result.outcomes.extend(reply_outcomes(works=works, hashes=hashes, reply=reply))


def job_request(job: ChunkJob) -> JobResult:
    """Send one job to the API (as more requests if a reply is truncated) and collect its outcomes. No DB here."""
    result = JobResult(job=job)
    _works_request(job, job.works, result, cache_chunk=job.chunk_sent_again)
    return result


@transaction.atomic
def outcomes_record(*, run: EnrichmentRun, outcomes: list[WorkOutcome], usage: llm.Usage, requests: int) -> None:
    """Store one job's outcomes, publish its overlays and update the run: one transaction."""
    stored = []
    for work, outcome, payload in outcomes:
        if outcome is Outcome.ENRICHED:
            if overlay_store(work=work, values=payload["values"], run=run, meta=payload["meta"]):
                stored.append(work.content_key)
                run.keys_succeeded += 1
            else:
                run.keys_skipped += 1
            continue
        keyoutcome_record(content_key=work.content_key, outcome=KeyOutcome.Outcome(outcome), detail=payload, run=run)
        if outcome is Outcome.BLOCKED:
            run.keys_blocked += 1
        else:
            run.keys_invalid += 1
    run.tokens_in += usage.total_input_tokens
    run.tokens_out += usage.output_tokens
    run.tokens_cache_read += usage.cache_read_input_tokens
    run.tokens_cache_write += usage.cache_creation_input_tokens
    run.requests_sent += requests
    run.save()
    if stored:
        overlays_publish(content_keys=stored)


def run_finish(run: EnrichmentRun, *, stop_reason: str, not_sent: int, status: str | None = None) -> EnrichmentRun:
    run.keys_not_sent += not_sent
    run.stop_reason = stop_reason
    run.status = status or (EnrichmentRun.Status.STOPPED if stop_reason else EnrichmentRun.Status.FINISHED)
    run.finished_at = timezone.now()
    run.save()
    return run


def request_size_estimate(params: dict) -> int:
    """Tokens a request will cost, estimated as characters / 4 (the budget checks of waves)."""
    return llm.tokens_estimate(json.dumps(params, ensure_ascii=False))


def job_size_estimate(job: ChunkJob) -> int:
    return request_size_estimate(llm.message_params(**job.request_params()))
