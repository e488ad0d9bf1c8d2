"""The freeze rebuild: ``data/extracted/*.json`` → the published library.

validate → normalize → not-a-game gate → dedup → curator decisions → curator corrections → publish (atomically)
→ QA report.

An activity whose text does not read as a game (``activities.gameness``) is rejected with its reason
("not a game: verse"); an entry a curator marked not a game (``activities.not_games``) is withheld. Both
are listed under ``not_games`` in the QA report, and overlays on them do not count as orphans.

Publishing happens in one ``transaction.atomic()``: Activity rows (updated in
place where the content key persists, so ids and URLs stay stable; vanished
ones deleted, new ones inserted), their sources and categories, the duplicate
candidates, then ``library_published`` (enrichment applies its overlays) and
the search index. A failure or a ``kill -9`` anywhere before the commit leaves
the previous library as it was. ``ReviewDecision`` and ``FilterCorrection``
rows and the enrichment tables are read, never truncated. The same transaction first takes the library lease
(``activities.lease``) and runs the orphan check (``library_will_publish``), so no enrichment wave writes overlays
between the check and the commit.

``settings.REBUILD_PUBLISH_PAUSE_SECONDS`` (default 0) sleeps inside the
publishing transaction after the rows are written; it exists so the
atomicity test can kill a rebuild mid-publish.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from activities import estimation, gameness, not_games, rebuild_inputs, taxonomy
from activities.book_context import book_context
from activities.corrections import ROW_FIELDS, corrections_apply, corrections_in_force
from activities.decisions import decided_pairs
from activities.dedup import KEEP_APART, MAX_TEXT_CHARS, MERGE, DedupItem, DedupResult, dedup_cluster
from activities.estimation import estimate
from activities.extraction.files import NOT_READABLE, document_load
from activities.extraction.schema import ACTIVITY_SCHEMA, activity_errors, validation_errors
from activities.lease import lease_acquire, lease_holder_id, lease_refusal, lease_release
from activities.models import Activity, ActivitySource, Category, DuplicateCandidate, RebuildRun
from activities.normalize import NormalizedActivity, activity_normalize, fold
from activities.rebuild_runs import runs_interrupted_mark
from activities.signals import library_published, library_will_publish
from sources.models import Chunk, Source

KEY_MISMATCH = "chunk_key {chunk_key!r} does not match the file name"
EMPTY_NAME = "name is empty after normalization"
NO_TEXT = "no description and no rules"
NO_FILES = "No extraction files in {directory}; nothing was written (an empty folder would unpublish the library)."
LEASE_REFUSED = "{refusal} Nothing was written; rebuild when that run has ended."
ORPHANS_REFUSED = (
    "Publishing would orphan {count} enrichment overlay(s); nothing was written. Re-attach them, or rebuild with "
    "--allow-orphans to publish anyway."
)

BATCH_SIZE = 1000
# The columns of a source link and of a duplicate candidate the rebuild writes (compared, so unchanged ones stay).
LINK_FIELDS = ("activity_id", "source_id", "chunk_key", "page", "quote", "member_content_key", "name", "description")
CANDIDATE_FIELDS = ("key_a", "key_b", "name_a", "name_b", "score", "name_score", "play_score", "merged")
UNKNOWN_SOURCE = "(unknown)"
RANGES = (("age_min", "age_max"), ("players_min", "players_max"), ("duration_min", "duration_max"))
SINGLE_FIELDS = ("indoor_outdoor", "space", "materials", "categories")
# Fields a book's context (Source.context) may give, in the groups it gives them: a place is its setting and space.
BOOK_GROUPS = (("age_min", "age_max"), ("players_min", "players_max"), ("indoor_outdoor", "space"))
BOOK_EVIDENCE = "the book: {title}"
CONTEXT = "context"
PUBLISHED_FIELDS = (
    "name",
    "aliases",
    "language",
    "description",
    "rules",
    "variations",
    "materials",
    "materials_needed",
    *taxonomy.RANGE_FIELDS,
    "indoor_outdoor",
    "space",
    "filter_origins",
    "estimated_fields",
    "estimated_mask",
    "source_count",
    "category_mask",
)

Progress = Callable[[str], None]


class RebuildRefused(Exception):
    """Nothing was published (no files, or overlays would be orphaned); ``report`` holds the QA report."""

    def __init__(self, message: str, report: dict):
        super().__init__(message)
        self.report = report


@dataclass
class Loaded:
    activities: list[NormalizedActivity] = field(default_factory=list)
    files: dict = field(default_factory=dict)
    rejected: Counter = field(default_factory=Counter)
    values_rejected: Counter = field(default_factory=Counter)
    activities_in: int = 0
    # Content keys of activities the not-a-game gate rejected.
    not_game_keys: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class BookContext:
    """What a book says of all its games (``Source.context``), and its title for the evidence."""

    title: str
    values: dict


def book_contexts_load() -> dict[str, BookContext]:
    """The context of every source whose manifest entry or title gives one, by source path."""
    contexts = {}
    for path, title, stated in Source.objects.values_list("path", "title", "context").iterator():
        values = book_context(stated=stated or {}, title=title or "")
        if values:
            contexts[path] = BookContext(title=title or path, values=values)
    return contexts


@dataclass
class Cluster:
    """One game after dedup: ``members`` are every occurrence, representative first."""

    content_key: str
    members: list[NormalizedActivity]
    row: dict = field(default_factory=dict)
    categories: list[str] = field(default_factory=list)


def _silent(message: str) -> None:
    return None


def extraction_files_load(*, directory: Path, progress: Progress = _silent) -> Loaded:
    """Read and validate every ``*.json`` in ``directory``; nothing invalid is dropped silently."""
    loaded = Loaded()
    invalid_files = []
    paths = sorted(directory.glob("*.json")) if directory.is_dir() else []
    blocked = 0
    for number, path in enumerate(paths, 1):
        if number % 500 == 0:
            progress(f"read {number}/{len(paths)} extraction files")
        reason, document = _read_document(path)
        if reason:
            invalid_files.append({"file": path.name, "reason": reason})
            continue
        if document["status"] == "blocked":
            blocked += 1
            continue
        source_path = document.get("source_path", "")
        for raw in document["activities"]:
            loaded.activities_in += 1
            errors = [] if conforms(raw, ACTIVITY_SCHEMA) else activity_errors(raw)
            if errors:
                loaded.rejected[errors[0].split(": ", 1)[-1][:120]] += 1
                continue
            activity = activity_normalize(raw=raw, chunk_key=document["chunk_key"], source_path=source_path)
            loaded.values_rejected.update(activity.rejected_values)
            reason = rejection_of(activity)
            if not reason:
                loaded.activities.append(activity)
                continue
            loaded.rejected[reason] += 1
            if reason.startswith(gameness.NOT_A_GAME_PREFIX):
                loaded.not_game_keys.add(activity.content_key)
    loaded.files = {
        "read": len(paths),
        "valid": len(paths) - len(invalid_files),
        "invalid": len(invalid_files),
        "blocked": blocked,
        "invalid_files": invalid_files,
    }
    return loaded


def rejection_of(activity: NormalizedActivity) -> str:
    """Why a schema-valid activity is not published (no name, no text, not a game), or ""."""
    if not activity.name_key:
        return EMPTY_NAME
    if not activity.description and not activity.rules:
        return NO_TEXT
    verdict = gameness.judge(gameness.activity_text(activity.description, activity.rules, activity.variations))
    return "" if verdict else gameness.NOT_A_GAME.format(reason=verdict.reason)


def marked_clusters_withhold(clusters: list[Cluster], marked: set[str]) -> tuple[list[Cluster], list[Cluster]]:
    """(clusters to publish, clusters withheld because a version of theirs is marked not a game)."""
    kept, withheld = [], []
    for cluster in clusters:
        hit = any(member.content_key in marked for member in cluster.members)
        (withheld if hit else kept).append(cluster)
    return kept, withheld


_TYPES = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}
_KEYWORDS = {
    "anyOf",
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "items",
    "required",
    "properties",
    "additionalProperties",
}


def conforms(value, schema: dict) -> bool:
    """True only when ``value`` surely satisfies ``schema``: a fast check of the JSON Schema keywords the extraction
    schema uses (jsonschema takes ~2 ms an activity). False means "ask jsonschema", which has the last word and the
    error message; any other keyword also defers to it."""
    if not _KEYWORDS.issuperset(schema):
        return False
    if "anyOf" in schema and not any(conforms(value, option) for option in schema["anyOf"]):
        return False
    types = schema.get("type")
    if types is not None and not any(_TYPES[name](value) for name in ([types] if isinstance(types, str) else types)):
        return False
    if ("enum" in schema and value not in schema["enum"]) or ("const" in schema and value != schema["const"]):
        return False
    if isinstance(value, str) and not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
        return False
    if _TYPES["number"](value) and not schema.get("minimum", value) <= value <= schema.get("maximum", value):
        return False
    if isinstance(value, list) and "items" in schema:
        return all(conforms(item, schema["items"]) for item in value)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if any(name not in value for name in schema.get("required", ())):
            return False
        if schema.get("additionalProperties") is False and any(name not in properties for name in value):
            return False
        return all(conforms(item, properties[name]) for name, item in value.items() if name in properties)
    return True


def _read_document(path: Path) -> tuple[str, dict | None]:
    """(reason it is invalid or "", the document). Activities are validated one by one later, so one bad
    activity rejects itself, not its whole file; a file that cannot even be held is invalid whole."""
    try:
        reason, document = document_load(path)
    except FileNotFoundError as error:
        return NOT_READABLE.format(error=error), None
    if reason:
        return reason, None
    envelope = {**document, "activities": []} if isinstance(document, dict) else document
    errors = validation_errors(envelope)
    if not errors and not isinstance(document.get("activities"), list):
        errors = ["activities: is not an array"]
    if errors:
        return errors[0], None
    if document["chunk_key"] != path.stem:
        return KEY_MISMATCH.format(chunk_key=document["chunk_key"]), None
    return "", document


def published_keys(keys: list[str]) -> set[str]:
    """Which of ``keys`` name a published Activity now (looked up in batches)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        found.update(Activity.objects.filter(content_key__in=batch).values_list("content_key", flat=True))
    return found


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
        _fill_row(cluster, books or {})
        _fill_estimates(cluster)
        clusters.append(cluster)
    return clusters, result


def _versions_in_files(chunk_keys: Iterable[str], member_keys: Collection[str]) -> list[NormalizedActivity]:
    """The valid versions with one of ``member_keys`` found in the extraction files of ``chunk_keys``."""
    directory = Path(settings.EXTRACTED_DIR)
    found = []
    for chunk_key in sorted(set(chunk_keys)):
        path = directory / f"{chunk_key}.json"
        reason, document = _read_document(path) if path.is_file() else ("missing", None)
        if reason or document["status"] == "blocked":
            continue
        for raw in document["activities"]:
            if not conforms(raw, ACTIVITY_SCHEMA) and activity_errors(raw):
                continue
            version = activity_normalize(raw=raw, chunk_key=chunk_key, source_path=document.get("source_path", ""))
            if version.content_key in member_keys:
                found.append(version)
    return found


@transaction.atomic
def activity_filters_restore(*, activity: Activity) -> bool:
    """Publish again the filter values the rebuild gives one game, its corrections in force on top, then its
    estimates (``library_published``): what the next rebuild publishes for it, without a rebuild (its versions
    are read from the extraction files of its sources). Returns False, changing nothing, when none is found."""
    links = list(activity.sources.values_list("chunk_key", "member_content_key"))
    member_keys = {key for _chunk, key in links} | {activity.content_key}
    versions = _versions_in_files((chunk for chunk, _key in links), member_keys)
    if not versions:
        return False
    versions.sort(
        key=lambda v: (v.content_key != activity.content_key, v.content_key, v.chunk_key, v.page or -1, v.name)
    )
    cluster = Cluster(content_key=activity.content_key, members=versions)
    _fill_row(cluster, book_contexts_load())
    _fill_estimates(cluster)
    corrections_apply(clusters=[cluster], corrections=corrections_in_force().filter(content_key__in=member_keys))
    for name in ROW_FIELDS:
        setattr(activity, name, cluster.row[name])
    activity.save(update_fields=[*ROW_FIELDS, "published_at"])
    activity.categories.set(Category.objects.filter(code__in=cluster.categories))
    library_published.send(sender=RebuildRun, activity_ids=[activity.pk])
    return True


def _document(activity: NormalizedActivity) -> str:
    """The source document of a version: its path, else its chunk key without the ``.partNN`` suffix."""
    return activity.source_path or activity.chunk_key.rsplit(".part", 1)[0]


def _fill_row(cluster: Cluster, books: Mapping[str, BookContext]) -> None:
    """The Activity values of a cluster: the representative's text, each group of filter values taken from the
    member with the strongest origin for it (stated, then context, then estimated; ties to the first in key
    order), then the members' book context where that leaves no value or only an estimate, every other name
    kept as an alias."""
    representative = cluster.members[0]
    ordered = sorted(cluster.members, key=lambda m: (m.content_key, m.chunk_key))
    values: dict = {}
    origins: dict = {}
    for group in (*RANGES, *((name,) for name in SINGLE_FIELDS)):
        chosen, origin = _choose(ordered, group)
        for name in group:
            values[name] = chosen.values[name] if chosen else None
            if values[name] not in (None, []):
                origins[name] = _origin_entry(chosen, origin, group)
    for group in BOOK_GROUPS:
        _book_fill(ordered, group, books, values=values, origins=origins)
    aliases: list[str] = []
    seen = {representative.name_key}
    for member in [representative, *ordered]:
        for alias in [member.name, *member.aliases]:
            if fold(alias) not in seen:
                seen.add(fold(alias))
                aliases.append(alias)
    materials_owner, _origin = _choose(ordered, ("materials",))
    estimated = [name for name in taxonomy.FILTER_FIELDS if origins.get(name, {}).get("origin") == "estimated"]
    cluster.categories = values.pop("categories") or []
    cluster.row = {
        "content_key": cluster.content_key,
        "name": representative.name[:300],
        "aliases": aliases,
        "language": representative.language,
        "description": representative.description,
        "rules": representative.rules,
        "variations": representative.variations,
        "materials": materials_owner.materials if materials_owner else [],
        "materials_needed": values.pop("materials"),
        **values,
        "indoor_outdoor": values["indoor_outdoor"] or "",
        "space": values["space"] or "",
        "filter_origins": origins,
        "estimated_fields": estimated,
        "estimated_mask": taxonomy.field_mask(estimated),
        "source_count": min(len({m.source_path or m.chunk_key for m in cluster.members}), 32767),
        "category_mask": taxonomy.category_mask(cluster.categories),
    }


def _origin_entry(member: NormalizedActivity, origin: str, group: tuple[str, ...]) -> dict:
    """Where a published value came from: its origin, the words it was read from, and the member's source."""
    evidence = next((member.evidence[name] for name in group if member.evidence.get(name)), "")
    return {"origin": origin, "evidence": evidence[:300], "source": member.source_path, "page": member.page}


def _book_fill(
    members: list[NormalizedActivity],
    group: tuple[str, ...],
    books: Mapping[str, BookContext],
    *,
    values: dict,
    origins: dict,
) -> None:
    """Give a group of fields the first member's book context that states it, unless a member states a value or a
    heading gives one (book context is weaker than a heading's, stronger than an estimate)."""
    weakest_kept = taxonomy.ORIGIN_RANK[CONTEXT]
    if any(taxonomy.ORIGIN_RANK[origins[name]["origin"]] <= weakest_kept for name in group if name in origins):
        return
    for member in members:
        book = books.get(member.source_path)
        if book is None or not any(name in book.values for name in group):
            continue
        for name in group:
            if book.values.get(name) is not None:
                values[name] = book.values[name]
                evidence = BOOK_EVIDENCE.format(title=book.title)[:300]
                origins[name] = {"origin": CONTEXT, "evidence": evidence, "source": member.source_path, "page": None}
        return


def _fill_estimates(cluster: Cluster) -> None:
    """Fill the filter values no member gives with the offline estimate from the published text
    (``activities.estimation``), each recorded in ``estimated_fields``; a value a member gives is never replaced.
    A range is filled only when both its ends are empty, and a space only when it agrees with the setting.
    Each value filled is recorded with ``estimation.OFFLINE_ORIGIN``, so an enrichment model's estimate can replace
    it while other estimated values stay."""
    row, filled = cluster.row, []
    text = "\n".join(part for part in (row["description"], row["rules"], row["variations"]) if part)
    found = estimate(name=row["name"], text=text, language=row["language"], setting=row["indoor_outdoor"])
    for low, high in RANGES:
        if low in found and row[low] is None and row[high] is None:
            row[low], row[high] = found[low], found[high]
            filled += [name for name in (low, high) if row[name] is not None]
    if "indoor_outdoor" in found and not row["indoor_outdoor"]:
        row["indoor_outdoor"] = found["indoor_outdoor"]
        filled.append("indoor_outdoor")
    clashing_setting = {"open-field": "indoor", "small-room": "outdoor", "large-room": "outdoor"}
    if "space" in found and not row["space"] and clashing_setting[found["space"]] != row["indoor_outdoor"]:
        row["space"] = found["space"]
        filled.append("space")
    if "materials" in found and row["materials_needed"] is None:
        row["materials_needed"] = found["materials"]
        filled.append("materials")
    if "categories" in found and not cluster.categories:
        cluster.categories = found["categories"]
        row["category_mask"] = taxonomy.category_mask(cluster.categories)
        filled.append("categories")
    estimated = set(row["estimated_fields"]) | set(filled)
    row["estimated_fields"] = [name for name in taxonomy.FILTER_FIELDS if name in estimated]
    row["estimated_mask"] = taxonomy.field_mask(row["estimated_fields"])
    row["filter_origins"] = {**row["filter_origins"], **dict.fromkeys(filled, estimation.OFFLINE_ORIGIN)}


def _choose(members: list[NormalizedActivity], group: tuple[str, ...]):
    """(member, origin) giving the values of ``group``: the first member with the strongest origin for them."""
    best = None
    for member in members:
        origins = [member.origins[name] for name in group if name in member.origins]
        if not origins:
            continue
        origin = min(origins, key=taxonomy.ORIGIN_RANK.__getitem__)
        if best is None or taxonomy.ORIGIN_RANK[origin] < taxonomy.ORIGIN_RANK[best[1]]:
            best = (member, origin)
    return best or (None, None)


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


def _published_answers(responses) -> dict[str, int]:
    """The counts ``library_published`` receivers answer (``{"overlays_shown": n}``), summed by name."""
    totals: Counter = Counter()
    for _receiver, answer in responses:
        if isinstance(answer, dict):
            totals.update({name: int(count) for name, count in answer.items()})
    return dict(sorted(totals.items()))


def _enrichment_report(responses) -> dict:
    report = {"entries": 0, "matched": 0, "orphaned": 0, "withheld": 0, "orphans": []}
    for _receiver, answer in responses:
        if not isinstance(answer, dict):
            continue
        for name in ("entries", "matched", "orphaned", "withheld"):
            report[name] += int(answer.get(name, 0))
        report["orphans"].extend(answer.get("orphans", []))
    return report


def corpus_rebuild(
    *,
    dry_run: bool = False,
    allow_orphans: bool = False,
    progress: Progress = _silent,
    run: RebuildRun | None = None,
) -> dict:
    """Run the freeze rebuild and return its QA report (saved on ``run``, a new RebuildRun unless one was
    created when the rebuild was queued).

    Raises RebuildRefused, having written nothing, when there is no extraction file at all, when another run (an
    enrichment wave) holds the library lease, or when publishing would orphan enrichment overlays and
    ``allow_orphans`` is false. A publish that fails is rolled back and its error recorded on the run.
    """
    started = time.monotonic()
    if run is None:
        run = RebuildRun.objects.create(dry_run=dry_run)
    elif run.dry_run != dry_run:
        run.dry_run = dry_run
        run.save(update_fields=["dry_run"])
    runs_interrupted_mark(current=run)
    inputs = rebuild_inputs.inputs_digest(directory=Path(settings.EXTRACTED_DIR))
    last = None if dry_run else rebuild_inputs.unchanged_since_last_publish(digest=inputs)
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
    report = _qa_report(loaded=loaded, clusters=clusters, result=result, dry_run=dry_run)
    report["corrections"] = corrections
    report["dedup_seconds"] = round(time.monotonic() - dedup_started, 3)
    report["not_games"] = {
        "marked": [{"content_key": cluster.content_key, "name": cluster.row["name"]} for cluster in withheld],
        "detected": sum(
            count for reason, count in loaded.rejected.items() if reason.startswith(gameness.NOT_A_GAME_PREFIX)
        ),
    }
    withheld_keys = sorted(
        loaded.not_game_keys | {member.content_key for cluster in withheld for member in cluster.members}
    )
    refusal = ""
    try:
        if dry_run:
            report["enrichment"] = _orphans_check(clusters=clusters, withheld_keys=withheld_keys)
        else:
            refusal = _publish_under_lease(
                run=run,
                clusters=clusters,
                dedup=result,
                withheld_keys=withheld_keys,
                no_files=not loaded.files["read"],
                allow_orphans=allow_orphans,
                report=report,
                progress=progress,
                inputs=inputs,
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


def _orphans_check(*, clusters: list[Cluster], withheld_keys: list[str]) -> dict:
    """What the ``library_will_publish`` receivers (enrichment) answer about the library about to be published."""
    return _enrichment_report(
        library_will_publish.send(
            sender=RebuildRun, activities=[_announced(cluster) for cluster in clusters], withheld_keys=withheld_keys
        )
    )


def _publish_under_lease(
    *,
    run: RebuildRun,
    clusters: list[Cluster],
    dedup: DedupResult,
    withheld_keys: list[str],
    no_files: bool,
    allow_orphans: bool,
    report: dict,
    progress: Progress,
    inputs: str,
) -> str:
    """Take the library lease, check orphans and publish, all in one transaction; returns why nothing was published,
    or "". Inside the transaction the lease row is ours until the commit frees it: a wave that tries to start waits
    for the commit (the lease row is locked) and then reads the new library, and a rebuild killed anywhere in it
    leaves the lease free as it rolls back. No overlay can thus be written between the orphan check and the commit.
    """
    holder = lease_holder_id("rebuild")
    with transaction.atomic():
        leased = lease_acquire(holder=holder)
        report["enrichment"] = _orphans_check(clusters=clusters, withheld_keys=withheld_keys)
        if not leased:
            return LEASE_REFUSED.format(refusal=lease_refusal())
        refusal = _publish_refusal(no_files=no_files, orphaned=report["enrichment"]["orphaned"], allow=allow_orphans)
        if not refusal:
            progress(f"publishing {len(clusters)} activities")
            report["activities"]["published"], report["after_publish"] = _library_publish(
                clusters=clusters, dedup=dedup, progress=progress
            )
            report["inputs"] = rebuild_inputs.published_state(digest=inputs)
            # In the publishing commit, so a run killed after it is still recorded as published.
            RebuildRun.objects.filter(pk=run.pk).update(published=True)
        lease_release(holder=holder)
    return refusal


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


def _qa_report(*, loaded: Loaded, clusters: list[Cluster], result: DedupResult, dry_run: bool) -> dict:
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
        "not_games": {"marked": [], "detected": 0},
        "dry_run": dry_run,
        # The id of the published rebuild whose library stays when nothing changed since it, else None.
        "unchanged": None,
        "published": False,
        "dedup_seconds": 0.0,
        "seconds": 0.0,
    }


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


def _batches(items: Iterable, size: int):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
        _forget_queries()


def _forget_queries() -> None:
    """Empty DEBUG's query log, which keeps the SQL text of its last 9000 queries: a batch insert of activities is
    megabytes of SQL, so at 100k activities the log alone held hundreds of MiB. Left alone while a test captures
    queries (``force_debug_cursor``)."""
    if not connection.force_debug_cursor:
        connection.queries_log.clear()


def _bulk_create(model, objects: Iterable) -> None:
    """Insert in batches, so only one batch of model instances exists at a time (bulk_create lists them all)."""
    for batch in _batches(objects, BATCH_SIZE):
        model.objects.bulk_create(batch)


def _comparable(values: dict) -> tuple:
    return tuple(values[name] for name in PUBLISHED_FIELDS)


@transaction.atomic
def _library_publish(
    *, clusters: list[Cluster], dedup: DedupResult, progress: Progress = _silent
) -> tuple[int, dict[str, int]]:
    """Write the library in one transaction; returns the number of published activities and the counts the
    ``library_published`` receivers answered. Private: only ``corpus_rebuild`` publishes, for only it holds the
    library lease and passes the orphan gate first."""
    now = timezone.now()
    wanted = {cluster.content_key: cluster for cluster in clusters}
    kept: dict[str, int] = {}
    vanished: list[int] = []
    changed: list[tuple[int, str]] = []
    # Stream the current rows once: unchanged rows are not rewritten, so a no-op rebuild is cheap.
    for row in Activity.objects.values_list("id", "content_key", *PUBLISHED_FIELDS).iterator(chunk_size=2000):
        pk, key, current = row[0], row[1], row[2:]
        cluster = wanted.get(key)
        if cluster is None:
            vanished.append(pk)
            continue
        kept[key] = pk
        if current != _comparable(cluster.row):
            changed.append((pk, key))
    for batch in _batches(vanished, 500):
        Activity.objects.filter(id__in=batch).delete()
    for batch in _batches(changed, 500):
        Activity.objects.bulk_update(
            [Activity(id=pk, published_at=now, **wanted[key].row) for pk, key in batch],
            [*PUBLISHED_FIELDS, "published_at"],
        )
    new_keys = [key for key in wanted if key not in kept]
    for batch in _batches(new_keys, 500):
        Activity.objects.bulk_create([Activity(**wanted[key].row) for key in batch])
        kept.update(Activity.objects.filter(content_key__in=batch).values_list("content_key", "id"))
    progress(f"activities: {len(new_keys)} new, {len(changed)} changed, {len(vanished)} removed")

    by_chunk, by_path = _source_ids(clusters)
    links = _rows_sync(
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
    category_links = _rows_sync(
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
    _candidates_replace(dedup)
    pause = settings.REBUILD_PUBLISH_PAUSE_SECONDS
    if pause:
        progress(f"pausing {pause} s inside the publishing transaction (REBUILD_PUBLISH_PAUSE_SECONDS)")
        time.sleep(pause)
    activity_ids = sorted(kept.values())
    answers = _published_answers(library_published.send(sender=RebuildRun, activity_ids=activity_ids))
    _forget_queries()
    from activities import search

    progress("rebuilding the search index")
    search.reindex()
    return len(activity_ids), answers


def _candidates_replace(dedup: DedupResult) -> None:
    names = {}
    for candidate in dedup.candidates:
        names[candidate.key_a] = names[candidate.key_b] = ""
    keys = sorted(names)
    for start in range(0, len(keys), 500):
        names.update(
            ActivitySource.objects.filter(member_content_key__in=keys[start : start + 500]).values_list(
                "member_content_key", "name"
            )
        )
    _rows_sync(
        DuplicateCandidate,
        CANDIDATE_FIELDS,
        (
            (
                candidate.key_a,
                candidate.key_b,
                names[candidate.key_a],
                names[candidate.key_b],
                candidate.score,
                candidate.name_score,
                candidate.text_score,
                candidate.merged,
            )
            for candidate in dedup.candidates
        ),
    )


@dataclass(frozen=True)
class Synced:
    created: int
    deleted: int


def _rows_sync(model, fields: tuple[str, ...], wanted: Iterable[tuple]) -> Synced:
    """Make the rows of ``model`` (its ``fields``) exactly ``wanted``, touching only the rows that differ: the
    current rows are streamed once; one not wanted (or wanted fewer times) is deleted, a wanted one missing is
    created. So a rebuild that changes nothing writes nothing here."""
    missing = Counter(wanted)
    unwanted = []
    for pk, *values in model.objects.order_by().values_list("pk", *fields).iterator(chunk_size=BATCH_SIZE):
        row = tuple(values)
        if missing[row] > 0:
            missing[row] -= 1
        else:
            unwanted.append(pk)
    # Deleted first: a replaced row may share a unique key with its replacement.
    for batch in _batches(unwanted, 500):
        model.objects.filter(pk__in=batch).delete()
    created = sum(missing.values())
    _bulk_create(
        model,
        (model(**dict(zip(fields, row, strict=True))) for row, count in missing.items() for _copy in range(count)),
    )
    return Synced(created=created, deleted=len(unwanted))
