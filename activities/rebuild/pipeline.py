"""``corpus_rebuild``: the rebuild's steps in order, each in its module of this package, and the run's record."""

import time
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from activities import not_games
from activities.corrections import corrections_apply, corrections_in_force
from activities.decisions import decided_pairs
from activities.models import RebuildRun
from activities.rebuild import inputs
from activities.rebuild.books import book_contexts_load
from activities.rebuild.clusters import clusters_build, marked_clusters_withhold, published_keys
from activities.rebuild.load import extraction_files_load
from activities.rebuild.progress import Progress, silent
from activities.rebuild.publish import orphans_check, publish_under_lease
from activities.rebuild.report import not_games_report, qa_report
from activities.rebuild.runs import runs_interrupted_mark


class RebuildRefused(Exception):
    """Nothing was published (no files, the lease held by a wave, or overlays would be orphaned); ``report``
    holds the QA report."""

    def __init__(self, message: str, report: dict):
        super().__init__(message)
        self.report = report


def corpus_rebuild(
    *,
    dry_run: bool = False,
    allow_orphans: bool = False,
    progress: Progress = silent,
    run: RebuildRun | None = None,
) -> dict:
    """Run the freeze rebuild and return its QA report (saved on ``run``, a new RebuildRun unless one was
    created when the rebuild was queued).

    When nothing it reads changed since the last published rebuild (``inputs``), it publishes nothing and
    reports ``unchanged``. Raises RebuildRefused, having written nothing, when there is no extraction file at all,
    when another run (an enrichment wave) holds the library lease, or when publishing would orphan enrichment
    overlays and ``allow_orphans`` is false. A publish that fails is rolled back and its error recorded on the run.
    """
    started = time.monotonic()
    if run is None:
        run = RebuildRun.objects.create(dry_run=dry_run)
    elif run.dry_run != dry_run:
        run.dry_run = dry_run
        run.save(update_fields=["dry_run"])
    runs_interrupted_mark(current=run)
    digest = inputs.inputs_digest(directory=Path(settings.EXTRACTED_DIR))
    last = None if dry_run else inputs.unchanged_since_last_publish(digest=digest)
    if last is not None:
        progress(f"nothing changed since rebuild #{last.pk}: the library it published stays")
        report = {**last.report, "unchanged": last.pk, "seconds": round(time.monotonic() - started, 3)}
        run.report, run.published, run.finished_at = report, True, timezone.now()
        run.save(update_fields=["report", "published", "finished_at"])
        return report
    loaded = extraction_files_load(directory=Path(settings.EXTRACTED_DIR), progress=progress)
    progress(f"{len(loaded.activities)} activities valid; dedup")
    dedup_started = time.monotonic()
    clusters, result = clusters_build(
        activities=loaded.activities,
        decisions=decided_pairs(),
        published=published_keys(sorted({activity.content_key for activity in loaded.activities})),
        books=book_contexts_load(),
    )
    progress(f"{len(clusters)} games after dedup ({result.compared} pairs compared)")
    clusters, withheld = marked_clusters_withhold(clusters, not_games.marked_keys())
    corrections = corrections_apply(clusters=clusters, corrections=corrections_in_force())
    report = qa_report(loaded=loaded, clusters=clusters, result=result, dry_run=dry_run)
    report["corrections"] = corrections
    report["dedup_seconds"] = round(time.monotonic() - dedup_started, 3)
    report["not_games"] = not_games_report(loaded=loaded, clusters=clusters, withheld=withheld)
    withheld_keys = sorted(
        loaded.not_game_keys | {member.content_key for cluster in withheld for member in cluster.members}
    )
    refusal = ""
    try:
        if dry_run:
            report["enrichment"] = orphans_check(clusters=clusters, withheld_keys=withheld_keys)
        else:
            refusal = publish_under_lease(
                run=run,
                clusters=clusters,
                dedup=result,
                withheld_keys=withheld_keys,
                no_files=not loaded.files["read"],
                allow_orphans=allow_orphans,
                report=report,
                progress=progress,
                digest=digest,
            )
            report["published"] = not refusal
    except Exception as error:
        report["error"] = repr(error)
        raise
    finally:
        report["seconds"] = round(time.monotonic() - started, 3)
        run.report, run.published, run.finished_at = report, report["published"], timezone.now()
        run.save(update_fields=["report", "published", "finished_at"])
    if refusal:
        raise RebuildRefused(refusal, report)
    return report
