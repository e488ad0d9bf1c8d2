"""Step 5: the QA report a rebuild saves on its RebuildRun and prints: what was read, rejected, merged and
published, and where each published filter value came from."""

from collections import Counter

from activities import gameness, taxonomy
from activities.dedup import DedupResult
from activities.rebuild.load import Loaded
from activities.rebuild.rows import Cluster

UNKNOWN_SOURCE = "(unknown)"


def qa_report(*, loaded: Loaded, clusters: list[Cluster], result: DedupResult, dry_run: bool) -> dict:
    """The report of what was read and built; the steps after it fill in their parts (corrections, not games,
    enrichment, what was published, timings)."""
    sizes = Counter(len({member.content_key for member in cluster.members}) for cluster in clusters)
    return {
        "files": loaded.files,
        "activities": {
            "in": loaded.activities_in,
            "rejected": sum(loaded.rejected.values()),
            "rejected_reasons": dict(loaded.rejected.most_common()),
            "published": 0,
        },
        "clusters": {
            "count": len(clusters),
            "sizes": {str(size): count for size, count in sorted(sizes.items())},
            "pairs_compared": result.compared,
            "merges_refused_by_keep_apart": len(result.merges_refused),
        },
        "per_source": dict(sorted(Counter(a.source_path or UNKNOWN_SOURCE for a in loaded.activities).items())),
        "fields": _field_stats(clusters),
        # Filter values a file gave that were left unknown: implausible numbers, words outside the taxonomy.
        "values_rejected": dict(loaded.values_rejected.most_common()),
        "corrections": {"applied": 0, "unmatched": []},
        "enrichment": {},
        "after_publish": {},
        "duplicate_candidates": len(result.candidates),
        "not_games": {"marked": [], "detected": 0, "doubtful": 0},
        "dry_run": dry_run,
        # The id of the published rebuild whose library stays when nothing changed since it, else None.
        "unchanged": None,
        "published": False,
        "dedup_seconds": 0.0,
        "seconds": 0.0,
    }


def not_games_report(*, loaded: Loaded, clusters: list[Cluster], withheld: list[Cluster]) -> dict:
    """The games curators marked (withheld by name), how many entries the not-a-game gate rejected, and how many
    published games it kept with a doubt for curators to read (``Activity.play_doubt``)."""
    return {
        "marked": [{"content_key": cluster.content_key, "name": cluster.row["name"]} for cluster in withheld],
        "detected": sum(
            count for reason, count in loaded.rejected.items() if reason.startswith(gameness.NOT_A_GAME_PREFIX)
        ),
        "doubtful": sum(1 for cluster in clusters if cluster.row["play_doubt"]),
    }


def enrichment_report(responses) -> dict:
    """The ``library_will_publish`` receivers' answers, summed (see ``activities.signals``)."""
    report = {"entries": 0, "matched": 0, "orphaned": 0, "withheld": 0, "orphans": []}
    for _receiver, answer in responses:
        if not isinstance(answer, dict):
            continue
        for name in ("entries", "matched", "orphaned", "withheld"):
            report[name] += int(answer.get(name, 0))
        report["orphans"].extend(answer.get("orphans", []))
    return report


def published_answers(responses) -> dict[str, int]:
    """The counts ``library_published`` receivers answer (``{"overlays_shown": n}``), summed by name."""
    totals: Counter = Counter()
    for _receiver, answer in responses:
        if isinstance(answer, dict):
            totals.update({name: int(count) for name, count in answer.items()})
    return dict(sorted(totals.items()))


def _has_value(cluster: Cluster, name: str) -> bool:
    if name == "categories":
        return bool(cluster.categories)
    return cluster.row["materials_needed" if name == "materials" else name] not in (None, "")


def _field_stats(clusters: list[Cluster]) -> dict:
    """Per filter field, how many games have it from each origin, and how many miss it (a field a curator
    cleared is missing)."""
    stats = {
        name: {**dict.fromkeys(taxonomy.codes(taxonomy.ORIGINS), 0), "missing": 0} for name in taxonomy.FILTER_FIELDS
    }
    for cluster in clusters:
        for name in taxonomy.FILTER_FIELDS:
            entry = cluster.row["filter_origins"].get(name)
            stats[name][entry["origin"] if entry and _has_value(cluster, name) else "missing"] += 1
    return stats
