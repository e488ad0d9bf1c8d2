"""Publishing overlays onto the published library.

An overlay's Romanian text is copied onto its Activity's ``*_ro`` columns and
its estimated filter values fill the fields the sources leave empty, or
replace the rebuild's offline estimates (``activities.estimation``), each
recorded in ``Activity.estimated_fields`` and in ``EstimateFill``. A
rejected (or absent) overlay clears exactly what an earlier one filled — never
a value the extraction estimated (an offline estimate it had replaced comes
back with the next rebuild, which recomputes it). The rebuild calls
``overlays_apply`` through the ``library_published`` signal (it reindexes
itself); the admin and the waves call ``overlay_publish`` for one key, which
also reindexes the search.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.db import transaction
from django.db.models import Q

from activities import estimation, search, taxonomy
from activities.models import Activity, ActivitySource, Category
from enrichment.models import EnrichmentOverlay, EstimateFill

INT_FIELDS: tuple[str, ...] = taxonomy.RANGE_FIELDS
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "indoor_outdoor": tuple(taxonomy.codes(taxonomy.INDOOR_OUTDOOR)),
    "space": tuple(taxonomy.codes(taxonomy.SPACE)),
}
ESTIMABLE_FIELDS: tuple[str, ...] = (*INT_FIELDS, *CHOICE_FIELDS, "categories")
TEXT_FIELDS: tuple[str, ...] = ("name_ro", "description_ro", "rules_ro", "variations_ro")
# What applying an overlay writes on an Activity row (categories go through their own table).
APPLIED_FIELDS: tuple[str, ...] = (
    *TEXT_FIELDS,
    *INT_FIELDS,
    *CHOICE_FIELDS,
    "estimated_fields",
    "estimated_mask",
    "filter_origins",
    "translation_stale",
)
MODEL_ESTIMATE = {"origin": "estimated", "evidence": "", "source": "enrichment", "page": None}
BATCH_SIZE = 1000


def original_fingerprint(*, name: str, description: str, rules: str, variations: str) -> str:
    """The identity of an original text as a translator saw it (a changed rule or variation changes it)."""
    text = "\x1f".join(" ".join(part.split()) for part in (name, description, rules, variations))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _activity_fingerprint(activity: Activity) -> str:
    return original_fingerprint(
        name=activity.name, description=activity.description, rules=activity.rules, variations=activity.variations
    )


def _send_back_if_original_changed(activity: Activity, overlays: list[EnrichmentOverlay]) -> None:
    """A shown overlay on the activity's own key whose original is no longer the published one goes back to
    review (with a history row), as translation tools mark a changed source string. Overlays on member keys
    translated that member's text, which the published row does not carry, so they are not compared."""
    own = next((overlay for overlay in overlays if overlay.content_key == activity.content_key), None)
    if own is None or not own.is_shown or not own.original_fingerprint:
        return
    if own.original_fingerprint != _activity_fingerprint(activity):
        own.state = EnrichmentOverlay.State.NEEDS_REVIEW
        own._change_reason = "original changed"
        own.save()


def _overlays_by_activity(activities: list[Activity], member_keys: dict[int, set[str]]) -> dict[int, list]:
    """Every overlay that may show on each activity, in preference order: the
    one on its own content key, then those on member keys (a game merged after
    it was enriched) in key order."""
    wanted = {activity.content_key for activity in activities} | {k for keys in member_keys.values() for k in keys}
    overlays = {overlay.content_key: overlay for overlay in EnrichmentOverlay.objects.filter(content_key__in=wanted)}
    found: dict[int, list[EnrichmentOverlay]] = {}
    for activity in activities:
        keys = [activity.content_key, *sorted(member_keys[activity.pk] - {activity.content_key})]
        found[activity.pk] = [overlays[key] for key in keys if key in overlays]
    return found


def _affected(activity_ids: list[int]) -> tuple[list[int], dict[int, set[str]]]:
    """Which of ``activity_ids`` overlays may change, with their member keys: those whose own or member key has an
    overlay, whose key has an EstimateFill to undo, or that still show Romanian text (to clear). Applying overlays
    to any other activity writes back exactly what it holds, so it is skipped."""
    text_fields = [f"has_{field}" for field in TEXT_FIELDS]
    own: dict[int, str] = {}
    showing: set[int] = set()
    rows = Activity.objects.filter(pk__in=activity_ids).annotate(
        **{name: ~Q(**{field: ""}) for name, field in zip(text_fields, TEXT_FIELDS, strict=True)}
    )
    for pk, key, *has_text in rows.values_list("pk", "content_key", *text_fields):
        own[pk] = key
        if any(has_text):
            showing.add(pk)
    member_keys: dict[int, set[str]] = defaultdict(set)
    for activity_id, key in ActivitySource.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", "member_content_key"
    ):
        member_keys[activity_id].add(key)
    keys = set(own.values()) | {key for keys in member_keys.values() for key in keys}
    with_overlay = set(EnrichmentOverlay.objects.filter(content_key__in=keys).values_list("content_key", flat=True))
    with_fill = set(
        EstimateFill.objects.filter(activity_key__in=list(own.values())).values_list("activity_key", flat=True)
    )
    affected = [
        pk
        for pk, key in own.items()
        if pk in showing or key in with_overlay or key in with_fill or member_keys[pk] & with_overlay
    ]
    return affected, {pk: member_keys[pk] for pk in affected}


def _clean_estimate(field: str, value) -> object | None:
    """A vocabulary-checked estimated value, or None when it is not one."""
    if field in INT_FIELDS:
        return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10_000 else None
    if field in CHOICE_FIELDS:
        return value if value in CHOICE_FIELDS[field] else None
    if field == "categories" and isinstance(value, list):
        known = set(taxonomy.codes(taxonomy.CATEGORIES))
        return [code for code in value if code in known] or None
    return None


def _is_empty(activity: Activity, field: str) -> bool:
    """Whether an estimate may fill the field: it has no value, and no curator cleared it (their "unknown" stands)."""
    if activity.filter_origins.get(field, {}).get("origin") == "curator":
        return False
    if field == "categories":
        return not activity.categories.exists()
    return getattr(activity, field) in (None, "")


def _clear_estimates(activity: Activity, fields: set[str]) -> None:
    """Undo what overlays estimated earlier, so the library's own values remain."""
    fields = fields & set(activity.estimated_fields)
    for field in fields:
        if field == "categories":
            activity.categories.clear()
        elif field in INT_FIELDS:
            setattr(activity, field, None)
        elif field in CHOICE_FIELDS:
            setattr(activity, field, "")
    activity.estimated_fields = [field for field in activity.estimated_fields if field not in fields]
    activity.filter_origins = {name: entry for name, entry in activity.filter_origins.items() if name not in fields}
    activity.estimated_mask = taxonomy.field_mask(activity.estimated_fields)


def _replaceable(activity: Activity, field: str) -> bool:
    """Empty, or holding the rebuild's offline estimate: a model that read the whole game ranks above rules that
    read its cue words. A stated value, or one the extraction estimated otherwise, is never replaced."""
    return _is_empty(activity, field) or estimation.is_offline_estimate(activity.filter_origins.get(field))


def _apply_estimates(activity: Activity, estimated: dict) -> list[str]:
    """Fill the estimable fields that are empty or hold an offline estimate; returns the fields filled."""
    filled: list[str] = []
    replaced: dict[str, object] = {}
    for field in ESTIMABLE_FIELDS:
        value = _clean_estimate(field, estimated.get(field))
        if value is None or not _replaceable(activity, field):
            continue
        if field == "categories":
            activity.categories.set(Category.objects.filter(code__in=value))
        else:
            replaced[field] = getattr(activity, field)
            setattr(activity, field, value)
        filled.append(field)
    # A range never mixes the model's end with the offline estimator's: the other end follows the model.
    for low, high in taxonomy.RANGES:
        if (low in filled) != (high in filled):
            other = high if low in filled else low
            if estimation.is_offline_estimate(activity.filter_origins.get(other)):
                replaced[other] = getattr(activity, other)
                setattr(activity, other, _clean_estimate(other, estimated.get(other)))
                filled.append(other)
    # An estimate must not contradict a stated bound (e.g. estimated max below the stated min).
    for low, high in taxonomy.RANGES:
        low_value, high_value = getattr(activity, low), getattr(activity, high)
        if low_value is not None and high_value is not None and low_value > high_value:
            for field in (low, high):
                if field in filled:
                    setattr(activity, field, replaced[field])
                    filled.remove(field)
    activity.estimated_fields = sorted(set(activity.estimated_fields) | set(filled))
    activity.filter_origins = {**activity.filter_origins, **dict.fromkeys(filled, MODEL_ESTIMATE)}
    activity.estimated_mask = taxonomy.field_mask(activity.estimated_fields)
    return filled


def _apply(activity: Activity, overlays: list[EnrichmentOverlay], fill: EstimateFill | None, *, fresh: bool) -> bool:
    """Show the first shown overlay of ``overlays`` on the activity (the caller saves its fields, ``APPLIED_FIELDS``);
    returns whether one shows.

    ``fresh``: the row was just written by the rebuild, so nothing an earlier
    overlay filled is on it to undo.
    """
    if fill is not None and not fresh:
        _clear_estimates(activity, set(fill.fields))
    _send_back_if_original_changed(activity, overlays)
    activity.translation_stale = any(overlay.state == EnrichmentOverlay.State.NEEDS_REVIEW for overlay in overlays)
    shown = next((overlay for overlay in overlays if overlay.is_shown), None)
    for field in TEXT_FIELDS:
        setattr(activity, field, getattr(shown, field) if shown else "")
    filled = _apply_estimates(activity, shown.estimated or {}) if shown else []
    if filled:
        EstimateFill.objects.update_or_create(activity_key=activity.content_key, defaults={"fields": filled})
    elif fill is not None:
        fill.delete()
    return shown is not None


@transaction.atomic
def overlays_apply(*, activity_ids, fresh: bool = False) -> int:
    """Apply the overlays to these activities, without reindexing (the rebuild
    indexes after this). Returns how many activities show Romanian text.

    Only the activities an overlay may change are loaded (``_affected``), and they are written with
    ``bulk_update``, so applying the overlays of a few games to a library of 100k costs a few queries per
    ``BATCH_SIZE`` activities, not a save each."""
    ids = sorted(set(activity_ids))
    shown = 0
    for start in range(0, len(ids), BATCH_SIZE):
        affected, member_keys = _affected(ids[start : start + BATCH_SIZE])
        if not affected:
            continue
        activities = list(Activity.objects.filter(pk__in=affected).order_by("pk"))
        found = _overlays_by_activity(activities, member_keys)
        fills = EstimateFill.objects.filter(activity_key__in=[activity.content_key for activity in activities])
        fill_of = {fill.activity_key: fill for fill in fills}
        for activity in activities:
            shown += _apply(activity, found[activity.pk], fill_of.get(activity.content_key), fresh=fresh)
        Activity.objects.bulk_update(activities, APPLIED_FIELDS)
    return shown


def overlay_publish(*, content_key: str) -> None:
    """Publish (or unpublish, when rejected or absent) the overlay of one content
    key onto every activity it belongs to, then reindex those activities."""
    overlays_publish(content_keys=[content_key])


@transaction.atomic
def overlays_publish(*, content_keys) -> None:
    """``overlay_publish`` for several keys with one reindex (a wave's chunk)."""
    keys = list(content_keys)
    activity_ids = set(Activity.objects.filter(content_key__in=keys).values_list("pk", flat=True))
    activity_ids |= set(
        ActivitySource.objects.filter(member_content_key__in=keys).values_list("activity_id", flat=True)
    )
    if not activity_ids:
        return
    overlays_apply(activity_ids=activity_ids)
    search.reindex(activity_ids=sorted(activity_ids))
