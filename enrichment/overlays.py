"""Overlays as data: storing a model's proposal, which keys still need one,
matching overlays to a library about to be published, re-attaching orphans.

Idempotency lives here: a key whose overlay is shown (unreviewed, approved or
edited) is never selected again, and storing never overwrites an existing
shown overlay — so a redelivered task or a batch collected twice changes
nothing. A rejected overlay makes its key missing again; the next wave's
proposal replaces it in place (state back to unreviewed) and its history
keeps the rejected version.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from rapidfuzz import fuzz, utils

from activities import taxonomy
from activities.models import Activity, ActivitySource
from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome
from enrichment.publishing import original_fingerprint, overlay_publish
from sources.models import Chunk

# An invalid reply may be a fluke; after this many the key waits for a person.
MAX_INVALID_ATTEMPTS = 2
# Re-attach candidates: same chunk as the orphan and a name at least this similar (0-100).
REATTACH_MIN_SCORE = 60.0
REATTACH_MAX_CANDIDATES = 5

REATTACH_TARGET_MISSING = "No published activity has the content key {key}."
REATTACH_TARGET_TAKEN = "The activity {key} already has an overlay."


@dataclass
class ActivityWork:
    """What one request needs to know about an activity that needs an overlay."""

    content_key: str
    activity_id: int
    name: str
    language: str
    description: str
    rules: str
    variations: str
    stated: dict
    chunk_key: str
    chunk_keys: list[str] = field(default_factory=list)
    # Its last reply was invalid (or truncated, e.g. in a batch where no smaller
    # retry is possible): sent in a request of its own next time.
    retry_alone: bool = False
    # enrichment.publishing.original_fingerprint of the texts above; a batch result, which comes back without
    # the texts, carries the one recorded when the request was sent.
    original_fingerprint: str = ""

    def __post_init__(self):
        if not self.original_fingerprint and (self.description or self.rules or self.variations):
            self.original_fingerprint = original_fingerprint(
                name=self.name, description=self.description, rules=self.rules, variations=self.variations
            )


STATED_FIELDS = (*taxonomy.RANGE_FIELDS, "indoor_outdoor", "space")


def shown_overlay_keys() -> set[str]:
    return set(
        EnrichmentOverlay.objects.exclude(state=EnrichmentOverlay.State.REJECTED).values_list("content_key", flat=True)
    )


def pending_batch_keys() -> set[str]:
    """Keys submitted in a batch whose results are not collected yet: not requested twice."""
    keys: set[str] = set()
    for requests in EnrichmentRun.objects.filter(status=EnrichmentRun.Status.BATCH_PENDING).values_list(
        "batch_requests", flat=True
    ):
        for request in requests.values():
            keys.update(activity["content_key"] for activity in request["activities"])
    return keys


def settled_failure_keys() -> set[str]:
    """Blocked keys (the model refuses them) and keys invalid too often: not requested again."""
    blocked = KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.BLOCKED)
    invalid = KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.INVALID, attempts__gte=MAX_INVALID_ATTEMPTS)
    return set(blocked.values_list("content_key", flat=True)) | set(invalid.values_list("content_key", flat=True))


def activities_needing_overlay(*, source_contains: str | None = None) -> list[ActivityWork]:
    """Every activity with no shown overlay that may be requested now, sorted by
    (chunk key, content key): deterministic, and a chunk's activities are adjacent
    so a bounded wave still sends each chunk's text once."""
    links: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for activity_id, chunk_key, member_key in ActivitySource.objects.order_by("id").values_list(
        "activity_id", "chunk_key", "member_content_key"
    ):
        links[activity_id].append((chunk_key, member_key))
    done = shown_overlay_keys()
    excluded = done | pending_batch_keys() | settled_failure_keys()
    activities = Activity.objects.all()
    if source_contains:
        activities = activities.filter(sources__source__path__icontains=source_contains).distinct()
    candidates = [
        activity
        for activity in activities.order_by("content_key")
        if activity.content_key not in excluded and not any(member in done for _, member in links[activity.pk])
    ]
    all_chunk_keys = {chunk_key for activity in candidates for chunk_key, _ in links[activity.pk]}
    existing_chunks = set(Chunk.objects.filter(key__in=all_chunk_keys).values_list("key", flat=True))
    invalid_before = set(
        KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.INVALID).values_list("content_key", flat=True)
    )
    work = []
    for activity in candidates:
        own_first = sorted(links[activity.pk], key=lambda link: link[1] != activity.content_key)
        with_text = [chunk_key for chunk_key, _ in own_first if chunk_key in existing_chunks]
        work.append(
            ActivityWork(
                content_key=activity.content_key,
                activity_id=activity.pk,
                name=activity.name,
                language=activity.language,
                description=activity.description,
                rules=activity.rules,
                variations=activity.variations,
                stated={name: getattr(activity, name) for name in STATED_FIELDS if getattr(activity, name)},
                chunk_key=with_text[0] if with_text else "",
                chunk_keys=sorted({chunk_key for chunk_key, _ in links[activity.pk]}),
                retry_alone=activity.content_key in invalid_before,
            )
        )
    return sorted(work, key=lambda item: (item.chunk_key, item.content_key))


@transaction.atomic
def overlay_store(*, work: ActivityWork, values: dict, run: EnrichmentRun, meta: dict) -> bool:
    """Store a model's proposal for one key; returns False (and changes nothing)
    when the key already holds work (any overlay but a rejected one) — a human edit is never overwritten."""
    overlay = EnrichmentOverlay.objects.select_for_update().filter(content_key=work.content_key).first()
    if overlay is not None and overlay.holds_work:
        return False
    overlay = overlay or EnrichmentOverlay(content_key=work.content_key)
    overlay.kind = EnrichmentOverlay.Kind.RO_POLISH if work.language == "ro" else EnrichmentOverlay.Kind.EN_TO_RO
    for name in ("name_ro", "description_ro", "rules_ro", "variations_ro"):
        setattr(overlay, name, values.get(name) or "")
    overlay.estimated = values.get("estimated") or {}
    overlay.original_fingerprint = work.original_fingerprint
    overlay.state = EnrichmentOverlay.State.UNREVIEWED
    overlay.dismissed_warnings = []
    overlay.activity_name = work.name
    overlay.chunk_keys = work.chunk_keys
    overlay.run = run
    for name in ("model", "prompt_version", "input_hash", "tokens_in", "tokens_out"):
        setattr(overlay, name, meta[name])
    overlay.save()
    KeyOutcome.objects.filter(content_key=work.content_key).delete()
    return True


@transaction.atomic
def keyoutcome_record(*, content_key: str, outcome: str, detail: str, run: EnrichmentRun) -> None:
    existing = KeyOutcome.objects.select_for_update().filter(content_key=content_key).first()
    if existing is None:
        KeyOutcome.objects.create(content_key=content_key, outcome=outcome, detail=detail, run=run)
        return
    existing.attempts = existing.attempts + 1 if existing.outcome == outcome else 1
    existing.outcome, existing.detail, existing.run = outcome, detail, run
    existing.save()


def _name_score(a: str, b: str) -> float:
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process)


def overlays_match(*, activities: list[dict], withheld_keys: Collection[str] = ()) -> dict:
    """The ``library_will_publish`` answer: how many overlays find their activity
    (by content key or member key), and for each orphan the new activities
    sharing a chunk with it whose name is similar, best first — never one that
    already has an overlay (by its content key or a member key), which a
    re-attach would refuse. An overlay on an entry withheld as not a game
    (``withheld_keys``) is kept but is no orphan: the entry comes back, overlay
    and all, if a curator revokes the verdict."""
    overlays = list(EnrichmentOverlay.objects.values("content_key", "activity_name", "name_ro", "chunk_keys"))
    overlay_keys = {overlay["content_key"] for overlay in overlays}
    published_keys = set()
    by_chunk: dict[str, list[dict]] = defaultdict(list)
    for activity in activities:
        keys = {activity["content_key"], *(activity.get("member_keys") or [])}
        published_keys.update(keys)
        if keys & overlay_keys:
            continue
        for chunk_key in activity.get("chunk_keys") or []:
            by_chunk[chunk_key].append(activity)
    withheld = set(withheld_keys) - published_keys
    orphans = []
    for overlay in overlays:
        if overlay["content_key"] in published_keys or overlay["content_key"] in withheld:
            continue
        name, chunk_keys = _last_known(overlay)
        scored: dict[str, tuple[float, str]] = {}
        for chunk_key in chunk_keys:
            for activity in by_chunk.get(chunk_key, []):
                score = _name_score(name, activity["name"])
                if score >= REATTACH_MIN_SCORE:
                    scored[activity["content_key"]] = (score, activity["name"])
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], item[0]))[:REATTACH_MAX_CANDIDATES]
        orphans.append(
            {
                "content_key": overlay["content_key"],
                "name": name or overlay["name_ro"],
                "candidates": [
                    {"content_key": key, "name": candidate_name, "score": round(score, 1)}
                    for key, (score, candidate_name) in ranked
                ],
            }
        )
    withheld_count = sum(1 for overlay in overlays if overlay["content_key"] in withheld)
    return {
        "entries": len(overlays),
        "matched": len(overlays) - len(orphans) - withheld_count,
        "orphaned": len(orphans),
        "withheld": withheld_count,
        "orphans": orphans,
    }


def _last_known(overlay: dict) -> tuple[str, list[str]]:
    """The orphan's original name and chunks: recorded on the overlay, else read
    from the library still published (the rebuild has not replaced it yet)."""
    name, chunk_keys = overlay["activity_name"], list(overlay["chunk_keys"] or [])
    if name and chunk_keys:
        return name, chunk_keys
    links = ActivitySource.objects.filter(member_content_key=overlay["content_key"])
    activity = Activity.objects.filter(content_key=overlay["content_key"]).first()
    if activity is not None:
        links = links | ActivitySource.objects.filter(activity=activity)
    chunk_keys = chunk_keys or sorted(set(links.values_list("chunk_key", flat=True)))
    if not name:
        name = activity.name if activity is not None else (links.values_list("name", flat=True).first() or "")
    return name, chunk_keys


@transaction.atomic
def overlay_reattach(*, overlay: EnrichmentOverlay, content_key: str) -> EnrichmentOverlay:
    """Move an orphaned overlay onto the activity a curator confirmed is the same
    game (history records the old key), then publish it there."""
    activity = Activity.objects.filter(content_key=content_key).first()
    if activity is None:
        raise ValueError(REATTACH_TARGET_MISSING.format(key=content_key))
    if EnrichmentOverlay.objects.filter(content_key=content_key).exclude(pk=overlay.pk).exists():
        raise ValueError(REATTACH_TARGET_TAKEN.format(key=content_key))
    overlay.content_key = content_key
    overlay.activity_name = activity.name
    overlay.chunk_keys = sorted(set(activity.sources.values_list("chunk_key", flat=True)))
    overlay.save()
    KeyOutcome.objects.filter(content_key=content_key).delete()
    overlay_publish(content_key=content_key)
    return overlay


def enrichment_status(*, last_runs: int = 5) -> dict:
    """Done / missing / percent / invalid / blocked over the published library, and the last runs."""
    total = Activity.objects.count()
    links: dict[int, set[str]] = defaultdict(set)
    for activity_id, member_key in ActivitySource.objects.values_list("activity_id", "member_content_key"):
        links[activity_id].add(member_key)
    shown = shown_overlay_keys()
    done = sum(
        1
        for activity_id, key in Activity.objects.values_list("pk", "content_key")
        if key in shown or links[activity_id] & shown
    )
    outcomes = dict(KeyOutcome.objects.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    states = dict(EnrichmentOverlay.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    runs = [
        {
            "id": run.pk,
            "kind": run.kind,
            "status": run.status,
            "started_at": run.started_at.isoformat(),
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "requested": run.keys_requested,
            "succeeded": run.keys_succeeded,
            "blocked": run.keys_blocked,
            "invalid": run.keys_invalid,
            "skipped": run.keys_skipped,
            "not_sent": run.keys_not_sent,
            "tokens_in": run.tokens_in,
            "tokens_out": run.tokens_out,
            "batch_id": run.batch_id,
            "stop_reason": run.stop_reason,
        }
        for run in EnrichmentRun.objects.order_by("-started_at", "-pk")[:last_runs]
    ]
    return {
        "activities": total,
        "done": done,
        "missing": total - done,
        "percent": round(100 * done / total, 1) if total else 0.0,
        "invalid": outcomes.get(KeyOutcome.Outcome.INVALID, 0),
        "blocked": outcomes.get(KeyOutcome.Outcome.BLOCKED, 0),
        "pending_in_batches": len(pending_batch_keys()),
        "overlays": {state: states.get(state, 0) for state in EnrichmentOverlay.State.values},
        "last_runs": runs,
    }
