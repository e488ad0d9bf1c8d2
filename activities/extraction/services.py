"""``chunks_extract``: chunks in, extraction files out — resumable, bounded, stopping cleanly.

Each chunk ends the run in exactly one state: ``extracted`` (a file written
now), ``skipped`` (a valid extracted file was already there), ``blocked``
(the model refused, now or before: accepted as missing), ``kept`` (the model
refused a forced re-extraction: the valid file stays, the refusal is recorded
beside it as ``<chunk_key>.json.blocked``), ``invalid`` (a bad reply now, or
an invalid file on disk — reported, never overwritten without force) or
``missing`` (not attempted: the run stopped or hit its limit).
Model calls run in a bounded thread pool; files are written from the calling
thread only, and nothing is written to the database.
"""

import copy
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet

from activities.extraction import files, llm_extractor, rules
from gamelibrary import llm
from sources.models import Chunk

RULES, ANTHROPIC = "rules", "anthropic"
EXTRACTORS = (RULES, ANTHROPIC)
UNKNOWN_EXTRACTOR = "unknown extractor {name!r}; choose one of: rules, anthropic"
NOT_CONFIGURED = "the anthropic extractor needs ANTHROPIC_API_KEY in the environment"
REFUSED = "the model declined to answer (stop_reason refusal)"


@dataclass
class ExtractionSummary:
    extractor: str
    chunks: int = 0
    extracted: int = 0
    skipped: int = 0
    blocked: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    invalid: list[dict] = field(default_factory=list)
    missing: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    stopped: str | None = None

    def as_dict(self) -> dict:
        return {
            "extractor": self.extractor,
            "chunks": self.chunks,
            "extracted": self.extracted,
            "skipped": self.skipped,
            "blocked": self.blocked,
            "kept": self.kept,
            "invalid": self.invalid,
            "missing": self.missing,
            "tokens": {"input": self.input_tokens, "output": self.output_tokens},
            "stopped": self.stopped,
        }

    def add_usage(self, usage: llm.Usage) -> None:
        self.input_tokens += usage.total_input_tokens
        self.output_tokens += usage.output_tokens


@dataclass(frozen=True)
class ChunkJob:
    """What an extractor needs of a chunk, read in the calling thread (workers never touch the database)."""

    key: str
    text: str
    page_start: int
    language: str
    source_id: int
    source_path: str
    source_title: str
    index: int


@dataclass
class ChunkOutcome:
    job: ChunkJob
    status: str
    activities: list[dict] = field(default_factory=list)
    usage: llm.Usage = field(default_factory=llm.Usage)
    extractor: dict = field(default_factory=dict)
    reason: str = ""


ProgressCallback = Callable[[int, int, str, str], None]


def default_extractor() -> str:
    """``anthropic`` when an API key is configured, otherwise the offline ``rules``."""
    return ANTHROPIC if llm.is_configured() else RULES


def chunk_selection(*, source: str | None = None) -> QuerySet[Chunk]:
    chunks = Chunk.objects.select_related("source").order_by("source__path", "index")
    return chunks.filter(source__path__icontains=source) if source else chunks


def _job(chunk: Chunk) -> ChunkJob:
    return ChunkJob(
        key=chunk.key,
        text=chunk.text,
        page_start=chunk.page_start,
        language=chunk.source.language,
        source_id=chunk.source_id,
        source_path=chunk.source.path,
        source_title=chunk.source.title,
        index=chunk.index,
    )


def _llm_outcome(job: ChunkJob) -> ChunkOutcome:
    """One chunk through the model; ``ServiceUnavailable`` propagates to stop the run."""
    extractor = {"name": ANTHROPIC, "version": llm_extractor.VERSION, "prompt_version": llm_extractor.PROMPT_VERSION}
    try:
        result = llm_extractor.extract(
            text=job.text, page_start=job.page_start, language=job.language, title=job.source_title
        )
    except llm.Refused as error:
        return ChunkOutcome(job, "blocked", usage=error.usage, extractor=extractor, reason=REFUSED)
    except (llm_extractor.InvalidExtraction, llm.InvalidReply, llm.RequestRejected) as error:
        return ChunkOutcome(job, "invalid", usage=error.usage, extractor=extractor, reason=str(error))
    extractor["model"] = result.model or settings.ANTHROPIC_MODEL
    return ChunkOutcome(job, "extracted", activities=result.activities, usage=result.usage, extractor=extractor)


class RulesRun:
    """The rule extractor over chunks in source order, carrying each source's section context
    from one chunk to the next. Chunks skipped by this run (already extracted) are replayed,
    once each, to rebuild the context of the chunks after them."""

    def __init__(self) -> None:
        # (source id, chunk index) -> the context in force after that chunk.
        self.contexts: dict[tuple[int, int], rules.SectionContext] = {}

    def _context_before(self, job: ChunkJob) -> rules.SectionContext:
        known = [index for source_id, index in self.contexts if source_id == job.source_id and index < job.index]
        start = max(known, default=None)
        context = copy.deepcopy(self.contexts[(job.source_id, start)]) if start is not None else rules.SectionContext()
        earlier = Chunk.objects.filter(source_id=job.source_id, index__lt=job.index).order_by("index")
        if start is not None:
            earlier = earlier.filter(index__gt=start)
        for chunk in earlier.only("index", "text", "page_start"):
            rules.extract(chunk.text, page_start=chunk.page_start, language=job.language, context=context)
            self.contexts[(job.source_id, chunk.index)] = copy.deepcopy(context)
        return context

    def outcome(self, job: ChunkJob) -> ChunkOutcome:
        context = self._context_before(job)
        activities = rules.extract(job.text, page_start=job.page_start, language=job.language, context=context)
        self.contexts[(job.source_id, job.index)] = context
        return ChunkOutcome(
            job, "extracted", activities=activities, extractor={"name": RULES, "version": rules.VERSION}
        )


def _record(outcome: ChunkOutcome, *, summary: ExtractionSummary, force: bool) -> None:
    """Write the file of one finished chunk (in the calling thread) and count it."""
    summary.add_usage(outcome.usage)
    job = outcome.job
    if outcome.status == "invalid":
        summary.invalid.append({"chunk_key": job.key, "reason": outcome.reason})
        return
    usage = {"input_tokens": outcome.usage.total_input_tokens, "output_tokens": outcome.usage.output_tokens}
    document = files.extraction_document(
        chunk_key=job.key,
        source_path=job.source_path,
        extractor=outcome.extractor,
        activities=outcome.activities,
        usage=usage if outcome.extractor["name"] == ANTHROPIC else None,
        blocked_reason=outcome.reason if outcome.status == "blocked" else None,
        chunk_text=job.text,
    )
    ungrounded = files.quote_errors(document=document, text=job.text)
    if ungrounded:
        summary.invalid.append({"chunk_key": job.key, "reason": "; ".join(ungrounded)})
        return
    if outcome.status == "blocked" and _holds_activities(job):
        files.refusal_write(document=document)
        summary.kept.append(job.key)
        return
    try:
        files.extraction_write(document=document, force=force)
    except ValueError as error:
        summary.invalid.append({"chunk_key": job.key, "reason": str(error)})
        return
    if outcome.status == "blocked":
        summary.blocked.append(job.key)
    else:
        files.refusal_clear(chunk_key=job.key)
        summary.extracted += 1


def _holds_activities(job: ChunkJob) -> bool:
    """Whether the chunk has a valid extraction that is not a refusal, current or stale (re-cut by
    ingestion): a refusal never replaces it."""
    state = files.extraction_read(chunk_key=job.key)
    return state.status == files.VALID and not state.blocked


def _pending(chunks: list[Chunk], *, force: bool, summary: ExtractionSummary) -> Iterator[ChunkJob]:
    """Chunks that need extracting; the others are counted as they are found."""
    for chunk in chunks:
        state = files.extraction_read(chunk_key=chunk.key, chunk_text=chunk.text)
        if force or state.status == files.MISSING:
            yield _job(chunk)
        elif state.status == files.INVALID:
            summary.invalid.append({"chunk_key": chunk.key, "reason": state.reason})
        elif state.blocked:
            summary.blocked.append(chunk.key)
        else:
            summary.skipped += 1


def chunks_extract(
    *,
    extractor: str,
    source: str | None = None,
    limit: int | None = None,
    concurrency: int | None = None,
    force: bool = False,
    progress: ProgressCallback | None = None,
) -> ExtractionSummary:
    """Extract every chunk (of sources whose path contains ``source``) that has no valid file yet.

    ``limit`` bounds how many chunks are extracted in this run; the rest stay
    missing for the next run. When the API is unavailable after the SDK's
    retries, the run stops cleanly and ``stopped`` says why.
    """
    if extractor not in EXTRACTORS:
        raise ValueError(UNKNOWN_EXTRACTOR.format(name=extractor))
    if extractor == ANTHROPIC and not llm.is_configured():
        raise ValueError(NOT_CONFIGURED)
    chunks = list(chunk_selection(source=source))
    summary = ExtractionSummary(extractor=extractor, chunks=len(chunks))
    jobs = list(_pending(chunks, force=force, summary=summary))
    if limit is not None:
        summary.missing += len(jobs[limit:])
        jobs = jobs[:limit]
    done = 0

    def finished(outcome: ChunkOutcome) -> None:
        nonlocal done
        _record(outcome, summary=summary, force=force)
        done += 1
        if progress:
            progress(done, len(jobs), outcome.job.key, outcome.status)

    if extractor == RULES:
        run = RulesRun()
        for job in jobs:
            finished(run.outcome(job))
        return summary
    unattempted = _extract_concurrently(
        jobs, concurrency=concurrency or settings.EXTRACTION_CONCURRENCY, summary=summary, finished=finished
    )
    summary.missing += unattempted
    return summary


def _extract_concurrently(
    jobs: list[ChunkJob], *, concurrency: int, summary: ExtractionSummary, finished: Callable[[ChunkOutcome], None]
) -> int:
    """Model calls on at most ``concurrency`` threads; returns how many chunks were left unattempted.

    At most ``concurrency`` calls are in flight, so a stop wastes at most that many.
    """
    queue = iter(jobs)
    attempted = 0
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        running: set[Future] = set()

        def submit_next() -> None:
            nonlocal attempted
            job = next(queue, None)
            if job is not None:
                running.add(pool.submit(_llm_outcome, job))
                attempted += 1

        for _ in range(max(1, concurrency)):
            submit_next()
        while running:
            completed, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in completed:
                running.discard(future)
                try:
                    outcome = future.result()
                except llm.ServiceUnavailable as error:
                    summary.add_usage(error.usage)
                    summary.stopped = summary.stopped or f"{error.reason}: {error}"
                    summary.missing += 1
                    continue
                finished(outcome)
                if summary.stopped is None:
                    submit_next()
    return len(jobs) - attempted
