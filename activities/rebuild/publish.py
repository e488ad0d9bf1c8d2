"""Step 4: publish, all or nothing.

One ``transaction.atomic()`` takes the library lease (``activities.lease``, the row enrichment waves hold), asks
the ``library_will_publish`` receivers whether publishing would orphan their overlays (the orphan gate), and
writes: Activity rows (updated in place where the content key persists, so ids and URLs stay stable; vanished ones
deleted, new ones inserted), their sources and categories, the duplicate candidates, then ``library_published``
(enrichment applies its overlays) and the search index. A failure or a ``kill -9`` anywhere before the commit
leaves the previous library as it was, and the lease free. ``ReviewDecision`` and ``FilterCorrection`` rows and
the enrichment tables are read, never truncated.

``settings.REBUILD_PUBLISH_PAUSE_SECONDS`` (default 0) sleeps inside the publishing transaction after the rows are
written; it exists so the atomicity test can kill a rebuild mid-publish.
"""

import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from activities import search
from activities.dedup import DedupResult
from activities.lease import lease_acquire, lease_holder_id, lease_refusal, lease_release
from activities.models import Activity, ActivitySource, Category, DuplicateCandidate, RebuildRun
from activities.rebuild import inputs
from activities.rebuild.progress import Progress, silent
from activities.rebuild.report import enrichment_report, published_answers
from activities.rebuild.rows import PUBLISHED_FIELDS, Cluster
from activities.rebuild.sync import batches, queries_forget, rows_insert, rows_sync
from activities.signals import library_published, library_will_publish
from sources.models import Chunk, Source

NO_FILES = "No extraction files in {directory}; nothing was written (an empty folder would unpublish the library)."
LEASE_REFUSED = "{refusal} Nothing was written; rebuild when that run has ended."
ORPHANS_REFUSED = (
    "Publishing would orphan {count} enrichment overlay(s); nothing was written. Re-attach them, or rebuild with "
    "--allow-orphans to publish anyway."
)
# The columns of a source link and of a duplicate candidate the rebuild writes (compared, so unchanged ones stay).
LINK_FIELDS = ("activity_id", "source_id", "chunk_key", "page", "quote", "member_content_key", "name", "description")
CANDIDATE_FIELDS = ("key_a", "key_b", "name_a", "name_b", "score", "name_score", "play_score", "merged")


def publish_under_lease(
    *,
    run: RebuildRun,
    clusters: list[Cluster],
    dedup: DedupResult,
    withheld_keys: list[str],
    no_files: bool,
    allow_orphans: bool,
    report: dict,
    progress: Progress,
    digest: str,
) -> str:
    """Take the library lease, check orphans and publish, all in one transaction; returns why nothing was published,
    or "". Inside the transaction the lease row is ours until the commit frees it: a wave that tries to start waits
    for the commit (the lease row is locked) and then reads the new library, and a rebuild killed anywhere in it
    leaves the lease free as it rolls back. No overlay can thus be written between the orphan check and the commit.
    """
    holder = lease_holder_id("rebuild")
    with transaction.atomic():
        leased = lease_acquire(holder=holder)
        report["enrichment"] = orphans_check(clusters=clusters, withheld_keys=withheld_keys)
        if not leased:
            return LEASE_REFUSED.format(refusal=lease_refusal())
        refusal = _publish_refusal(no_files=no_files, orphaned=report["enrichment"]["orphaned"], allow=allow_orphans)
        if not refusal:
            progress(f"publishing {len(clusters)} activities")
            report["activities"]["published"], report["after_publish"] = _library_publish(
                clusters=clusters, dedup=dedup, progress=progress
            )
            report["inputs"] = inputs.published_state(digest=digest)
            # In the publishing commit, so a run killed after it is still recorded as published.
            RebuildRun.objects.filter(pk=run.pk).update(published=True)
        lease_release(holder=holder)
    return refusal


def orphans_check(*, clusters: list[Cluster], withheld_keys: list[str]) -> dict:
    """What the ``library_will_publish`` receivers (enrichment) answer about the library about to be published."""
    return enrichment_report(
        library_will_publish.send(
            sender=RebuildRun, activities=[_announced(cluster) for cluster in clusters], withheld_keys=withheld_keys
        )
    )


def _publish_refusal(*, no_files: bool, orphaned: int, allow: bool) -> str:
    """Why publishing must not happen now (no file at all, overlays it would orphan), or ""."""
    if no_files:
        return NO_FILES.format(directory=settings.EXTRACTED_DIR)
    if orphaned > 0 and not allow:
        return ORPHANS_REFUSED.format(count=orphaned)
    return ""


def _announced(cluster: Cluster) -> dict:
    """How ``library_will_publish`` receivers see a game about to be published."""
    return {
        "content_key": cluster.content_key,
        "member_keys": sorted({member.content_key for member in cluster.members}),
        "name": cluster.row["name"],
        "chunk_keys": sorted({member.chunk_key for member in cluster.members}),
    }


def _comparable(values: dict) -> tuple:
    return tuple(values[name] for name in PUBLISHED_FIELDS)


@transaction.atomic
def _library_publish(
    *, clusters: list[Cluster], dedup: DedupResult, progress: Progress = silent
) -> tuple[int, dict[str, int]]:
    """Write the library in one transaction; returns the number of published activities and the counts the
    ``library_published`` receivers answered. Private: only ``publish_under_lease`` calls it, for only it holds the
    library lease and passes the orphan gate first."""
    now = timezone.now()
    wanted = {cluster.content_key: cluster for cluster in clusters}
    kept: dict[str, int] = {}
    vanished: list[int] = []
    changed: list[tuple[int, str]] = []
    # The current rows are streamed once and only those that differ are rewritten: a publish over an unchanged
    # library writes no Activity row, though every file was still read and deduped before it.
    for row in Activity.objects.values_list("id", "content_key", *PUBLISHED_FIELDS).iterator(chunk_size=2000):
        pk, key, current = row[0], row[1], row[2:]
        cluster = wanted.get(key)
        if cluster is None:
            vanished.append(pk)
            continue
        kept[key] = pk
        if current != _comparable(cluster.row):
            changed.append((pk, key))
    for batch in batches(vanished, 500):
        Activity.objects.filter(id__in=batch).delete()
    for batch in batches(changed, 500):
        Activity.objects.bulk_update(
            [Activity(id=pk, published_at=now, **wanted[key].row) for pk, key in batch],
            [*PUBLISHED_FIELDS, "published_at"],
        )
    new_keys = [key for key in wanted if key not in kept]
    rows_insert(
        Activity,
        ("content_key", *PUBLISHED_FIELDS, "published_at"),
        ((key, *_comparable(wanted[key].row), now) for key in new_keys),
    )
    for batch in batches(new_keys, 500):
        kept.update(Activity.objects.filter(content_key__in=batch).values_list("content_key", "id"))
    progress(f"activities: {len(new_keys)} new, {len(changed)} changed, {len(vanished)} removed")

    by_chunk, by_path = _source_ids(clusters)
    links = rows_sync(
        ActivitySource,
        LINK_FIELDS,
        (
            (
                kept[cluster.content_key],
                by_chunk.get(member.chunk_key) or by_path.get(member.source_path),
                member.chunk_key,
                member.page,
                member.quote,
                member.content_key,
                member.name[:300],
                member.description,
            )
            for cluster in clusters
            for member in cluster.members
        ),
    )
    category_ids = dict(Category.objects.values_list("code", "id"))
    category_links = rows_sync(
        Activity.categories.through,
        ("activity_id", "category_id"),
        (
            (kept[cluster.content_key], category_ids[code])
            for cluster in clusters
            for code in cluster.categories
            if code in category_ids
        ),
    )
    progress(
        f"source links: {links.created} new, {links.deleted} removed; "
        f"category links: {category_links.created} new, {category_links.deleted} removed"
    )
    _candidates_replace(dedup, clusters)
    pause = settings.REBUILD_PUBLISH_PAUSE_SECONDS
    if pause:
        progress(f"pausing {pause} s inside the publishing transaction (REBUILD_PUBLISH_PAUSE_SECONDS)")
        time.sleep(pause)
    activity_ids = sorted(kept.values())
    answers = published_answers(library_published.send(sender=RebuildRun, activity_ids=activity_ids))
    queries_forget()
    progress("bringing the search index in line")
    search.reindex()
    return len(activity_ids), answers


def _source_ids(clusters: list[Cluster]) -> tuple[dict[str, int], dict[str, int]]:
    """Source ids by chunk key and by path, looked up in batches (never the whole table)."""
    chunk_keys = sorted({m.chunk_key for c in clusters for m in c.members})
    paths = sorted({m.source_path for c in clusters for m in c.members if m.source_path})
    by_chunk, by_path = {}, {}
    for start in range(0, len(chunk_keys), 500):
        batch = chunk_keys[start : start + 500]
        by_chunk.update(Chunk.objects.filter(key__in=batch).values_list("key", "source_id"))
    for start in range(0, len(paths), 500):
        by_path.update(Source.objects.filter(path__in=paths[start : start + 500]).values_list("path", "id"))
    return by_chunk, by_path


def _candidates_replace(dedup: DedupResult, clusters: list[Cluster]) -> None:
    """The duplicate candidates, each side named as its source link names it (a version withheld has none)."""
    names = {member.content_key: member.name[:300] for cluster in clusters for member in cluster.members}
    rows_sync(
        DuplicateCandidate,
        CANDIDATE_FIELDS,
        (
            (
                candidate.key_a,
                candidate.key_b,
                names.get(candidate.key_a, ""),
                names.get(candidate.key_b, ""),
                candidate.score,
                candidate.name_score,
                candidate.text_score,
                candidate.merged,
            )
            for candidate in dedup.candidates
        ),
    )
