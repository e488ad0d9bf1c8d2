"""The sources dashboard: how far each source has come through the pipeline.

Activity and overlay figures are DB aggregates (two queries); the extraction
status of a chunk lives in its file under ``EXTRACTED_DIR``, so it is read
per chunk — cheap at the scale of a corpus (hundreds of chunks).
"""

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q

from activities.extraction.files import document_load
from activities.extraction.schema import validation_errors
from activities.models import Activity, ActivitySource
from enrichment.models import EnrichmentOverlay
from sources.models import Chunk, Source

EXTRACTED = "extracted"
BLOCKED = "blocked"
INVALID = "invalid"
MISSING = "missing"


@dataclass(frozen=True)
class SourceRow:
    source_id: int | None
    title: str
    chunks: Counter
    activities: int
    enriched: int
    approved: int

    @property
    def chunk_total(self) -> int:
        return sum(self.chunks.values())

    @property
    def enriched_percent(self) -> float:
        return _percent(self.enriched, self.activities)

    @property
    def approved_percent(self) -> float:
        return _percent(self.approved, self.activities)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def chunk_extraction_status(*, chunk_key: str, extracted_dir: Path | None = None) -> str:
    """extracted / blocked (the model refused) / invalid (unreadable or off-schema) / missing (no file)."""
    path = Path(extracted_dir or settings.EXTRACTED_DIR) / f"{chunk_key}.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        return MISSING
    return _file_status(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=100_000)
def _file_status(path: str, mtime_ns: int, size: int) -> str:
    # Schema validation dominates the dashboard's time; the file's mtime and
    # size are part of the cache key, so a rewritten file is read again.
    try:
        reason, document = document_load(Path(path))
    except FileNotFoundError:
        return MISSING
    if reason or validation_errors(document):
        return INVALID
    return BLOCKED if document["status"] == "blocked" else EXTRACTED


def _enriched_and_approved() -> tuple[Q, Q]:
    """Conditions on an Activity: it shows Romanian text; its overlay (on its own
    key, or on a member key of a merged game, as publishing picks them) was approved or edited."""
    reviewed_keys = EnrichmentOverlay.objects.filter(
        state__in=[EnrichmentOverlay.State.APPROVED, EnrichmentOverlay.State.EDITED]
    ).values("content_key")
    enriched = ~Q(name_ro="") | ~Q(description_ro="")
    approved = Q(content_key__in=reviewed_keys) | Q(
        pk__in=ActivitySource.objects.filter(member_content_key__in=reviewed_keys).values("activity_id")
    )
    return enriched, approved


def source_dashboard_rows() -> list[SourceRow]:
    """One row per source, then a total row (``source_id`` None)."""
    enriched, approved = _enriched_and_approved()
    activity = "activity_links__activity"
    enriched_ids = Activity.objects.filter(enriched).values("pk")
    approved_ids = Activity.objects.filter(approved).values("pk")
    sources = Source.objects.annotate(
        activity_count=Count(activity, distinct=True),
        enriched_count=Count(activity, distinct=True, filter=Q(activity_links__activity__in=enriched_ids)),
        approved_count=Count(activity, distinct=True, filter=Q(activity_links__activity__in=approved_ids)),
    ).order_by("title", "path")
    statuses: dict[int, Counter] = {}
    for source_id, key in Chunk.objects.values_list("source_id", "key"):
        statuses.setdefault(source_id, Counter())[chunk_extraction_status(chunk_key=key)] += 1
    rows = [
        SourceRow(
            source_id=source.pk,
            title=str(source),
            chunks=statuses.get(source.pk, Counter()),
            activities=source.activity_count,
            enriched=source.enriched_count,
            approved=source.approved_count,
        )
        for source in sources
    ]
    # Activities found in several sources count once in the total, so it is not the sum of the rows.
    totals = Activity.objects.aggregate(
        activities=Count("pk"), enriched=Count("pk", filter=enriched), approved=Count("pk", filter=approved)
    )
    rows.append(
        SourceRow(
            source_id=None,
            title="Total",
            chunks=sum((row.chunks for row in rows), Counter()),
            activities=totals["activities"],
            enriched=totals["enriched"],
            approved=totals["approved"],
        )
    )
    return rows
