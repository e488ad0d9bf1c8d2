"""Step 2: versions into games. Identical versions share a content key; dedup (``activities.dedup``) groups the
distinct ones, under the curators' merge and keep-apart decisions, and each group becomes one Cluster with its
published row (``rows``). Clusters a curator marked not a game (``activities.not_games``) are withheld."""

from collections import defaultdict
from collections.abc import Collection, Mapping

from activities.dedup import KEEP_APART, MAX_TEXT_CHARS, MERGE, DedupItem, DedupResult, dedup_cluster
from activities.models import Activity
from activities.normalize import NormalizedActivity
from activities.rebuild.books import BookContext
from activities.rebuild.estimates import estimates_fill
from activities.rebuild.rows import Cluster, row_fill


def clusters_build(
    *,
    activities: list[NormalizedActivity],
    decisions: list[tuple[str, str, str]],
    published: Collection[str] = (),
    books: Mapping[str, BookContext] | None = None,
) -> tuple[list[Cluster], DedupResult]:
    """Group identical versions by content key, dedup the distinct ones, and build one Cluster per game.

    A game is named by one member key: the smallest that is ``published`` already, else the smallest. So its key,
    id and URL stay put when a source joins or leaves, and a fresh database makes the same choice every time.
    ``books`` (by source path) fills what no member states and no heading gives.
    """
    by_key: dict[str, list[NormalizedActivity]] = defaultdict(list)
    for activity in activities:
        by_key[activity.content_key].append(activity)
    for occurrences in by_key.values():
        occurrences.sort(key=lambda a: (a.chunk_key, a.page if a.page is not None else -1, a.name))
    # A generator: dedup keeps a compact projection of each text, so the texts are never all held at once.
    items = (
        DedupItem(
            key,
            first.language,
            first.name,
            f"{first.description} {first.rules}"[:MAX_TEXT_CHARS],
            _document(first),
            tuple(first.aliases),
        )
        for key, (first, *_rest) in sorted(by_key.items())
    )
    result = dedup_cluster(items=items, decisions=[d for d in decisions if d[2] in (MERGE, KEEP_APART)])
    clusters = []
    for keys in result.clusters:
        name_key = min((key for key in keys if key in published), default=keys[0])
        ordered = [name_key, *(key for key in keys if key != name_key)]
        cluster = Cluster(content_key=name_key, members=[occurrence for key in ordered for occurrence in by_key[key]])
        row_fill(cluster, books or {})
        estimates_fill(cluster)
        clusters.append(cluster)
    return clusters, result


def published_keys(keys: list[str]) -> set[str]:
    """Which of ``keys`` name a published Activity now (looked up in batches)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        found.update(Activity.objects.filter(content_key__in=batch).values_list("content_key", flat=True))
    return found


def marked_clusters_withhold(clusters: list[Cluster], marked: set[str]) -> tuple[list[Cluster], list[Cluster]]:
    """(clusters to publish, clusters withheld because a version of theirs is marked not a game)."""
    kept, withheld = [], []
    for cluster in clusters:
        hit = any(member.content_key in marked for member in cluster.members)
        (withheld if hit else kept).append(cluster)
    return kept, withheld


def _document(activity: NormalizedActivity) -> str:
    """The source document of a version: its path, else its chunk key without the ``.partNN`` suffix."""
    return activity.source_path or activity.chunk_key.rsplit(".part", 1)[0]
