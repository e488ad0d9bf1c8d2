"""Curators' corrections of filter values: one value per (content key, field).

A correction names the value a filter field of a game must hold (``None``: the
value is unknown). It is applied at once to the published game and again by
every rebuild (``corrections_apply``, after the rebuild has chosen its own
values), with origin "curator" and the curator's note as its evidence. The two
ends of a range are corrected together, so a range never mixes a curator's end
with a source's. At most one correction per field is in force: a new one
revokes the previous; a revoked one stays, for the record.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from activities import taxonomy
from activities.history import revoke_with_history, save_with_history
from activities.models import Activity, Category, FilterCorrection

FIELDS: tuple[str, ...] = taxonomy.FILTER_FIELDS
# Each range end: (its range's low field, high field, smallest plausible value, largest) — the rebuild's bounds.
RANGE_OF: dict[str, tuple[str, str, int, int]] = {
    end: (low, high, floor, ceiling)
    for (low, high), (floor, ceiling, _unit) in zip(taxonomy.RANGES, taxonomy.PLAUSIBLE.values(), strict=True)
    for end in (low, high)
}
CHOICES: dict[str, tuple[str, ...]] = {
    "indoor_outdoor": tuple(taxonomy.codes(taxonomy.INDOOR_OUTDOOR)),
    "space": tuple(taxonomy.codes(taxonomy.SPACE)),
    "categories": tuple(taxonomy.codes(taxonomy.CATEGORIES)),
}
# The Activity columns a correction may change (categories go through their own table).
ROW_FIELDS: tuple[str, ...] = (
    *taxonomy.RANGE_FIELDS,
    "indoor_outdoor",
    "space",
    "materials",
    "materials_needed",
    "filter_origins",
    "estimated_fields",
    "estimated_mask",
    "category_mask",
)
EVIDENCE_CHARS = 300

NOT_A_FIELD = _("“{field}” is not a filter field.")
NOT_A_NUMBER = _("Give a whole number.")
OUT_OF_BOUNDS = _("Give a number from {low} to {high}.")
MAX_BELOW_MIN = _("The maximum must not be below the minimum.")
NOT_A_CHOICE = _("“{value}” is not one of: {choices}.")
NOT_YES_NO = _("Say whether materials are needed: yes, no, or unknown.")
ALREADY_REVOKED = _("This correction was already revoked on {when:%Y-%m-%d %H:%M}.")


class CorrectionError(Exception):
    """The values were refused; ``errors`` maps each refused field to its reason."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


def corrections_in_force():
    return FilterCorrection.objects.filter(revoked_at__isnull=True)


def _value_error(field: str, value) -> str:
    """Why ``value`` cannot be the field's value, or "" (``None`` always can: it clears the field)."""
    if field not in FIELDS:
        return str(NOT_A_FIELD).format(field=field)
    if value is None:
        return ""
    if field in RANGE_OF:
        if not isinstance(value, int) or isinstance(value, bool):
            return str(NOT_A_NUMBER)
        _low_field, _high_field, floor, ceiling = RANGE_OF[field]
        return "" if floor <= value <= ceiling else str(OUT_OF_BOUNDS).format(low=floor, high=ceiling)
    if field == "materials":
        return "" if isinstance(value, bool) else str(NOT_YES_NO)
    choices = CHOICES[field]
    offered = value if field == "categories" and isinstance(value, list) else [value]
    wrong = next((item for item in offered if item not in choices), None)
    if wrong is not None or (field == "categories" and not isinstance(value, list)):
        return str(NOT_A_CHOICE).format(value=wrong if wrong is not None else value, choices=", ".join(choices))
    return ""


def values_errors(values: dict) -> dict[str, str]:
    """Every field of ``values`` whose value is refused, with the reason: the rebuild's own bounds (see
    activities.taxonomy.PLAUSIBLE), a maximum not below its minimum, codes from the taxonomy."""
    errors = {field: message for field, value in values.items() if (message := _value_error(field, value))}
    for low_field, high_field in taxonomy.RANGES:
        if errors.keys() & {low_field, high_field}:
            continue
        low, high = values.get(low_field), values.get(high_field)
        if low is not None and high is not None and high < low:
            errors[high_field] = str(MAX_BELOW_MIN)
    return errors


def current_values(activity: Activity) -> dict:
    """The published filter values of a game, in correction form (``materials`` is whether they are needed)."""
    values = {field: getattr(activity, field) for field in taxonomy.RANGE_FIELDS}
    values["indoor_outdoor"] = activity.indoor_outdoor or None
    values["space"] = activity.space or None
    values["materials"] = activity.materials_needed
    values["categories"] = sorted(activity.categories.values_list("code", flat=True)) or None
    return values


def _with_range_partners(values: dict, current: dict) -> dict:
    """``values`` plus the other end of every range it corrects, as published now (the pair is checked together)."""
    completed = dict(values)
    for field in values:
        if field in RANGE_OF:
            for end in RANGE_OF[field][:2]:
                completed.setdefault(end, current[end])
    return completed


def _normalized(field: str, value):
    if field == "categories" and value is not None:
        return sorted(set(value)) or None
    return value


@transaction.atomic
def corrections_record(*, activity: Activity, values: dict, user, note: str = "") -> list[FilterCorrection]:
    """Record the curator's ``values`` ({field: value or None}) for a published game and apply them at once.

    Raises CorrectionError, recording nothing, when a value is refused. A field whose correction in force already
    holds the same value is left as it is; any other correction in force on a field is revoked (superseded)."""
    current = current_values(activity)
    values = {field: _normalized(field, value) for field, value in _with_range_partners(values, current).items()}
    errors = values_errors(values)
    if errors:
        raise CorrectionError(errors)
    in_force = {
        correction.field: correction
        for correction in corrections_in_force()
        .select_for_update()
        .filter(content_key=activity.content_key, field__in=list(values))
    }
    recorded = []
    for field, value in values.items():
        previous = in_force.get(field)
        if previous is not None and previous.value == value and previous.note == note:
            continue
        if previous is not None:
            revoke_with_history(previous, user=user, reason="superseded")
        correction = FilterCorrection(
            content_key=activity.content_key, field=field, value=value, note=note, decided_by=user
        )
        save_with_history(correction, user=user, reason="corrected")
        recorded.append(correction)
    activity_correct(activity=activity, corrections=recorded)
    return recorded


@transaction.atomic
def correction_revoke(*, correction: FilterCorrection, user) -> FilterCorrection:
    """Revoke a correction; the rebuild's own value returns with the next rebuild (or ``activity_filters_restore``)."""
    if correction.revoked_at is not None:
        raise CorrectionError({correction.field: str(ALREADY_REVOKED).format(when=correction.revoked_at)})
    revoke_with_history(correction, user=user)
    return correction


def _curator_origin(correction: FilterCorrection) -> dict:
    return {"origin": "curator", "evidence": correction.note[:EVIDENCE_CHARS], "source": "", "page": None}


def row_correct(row: dict, categories: list[str], correction: FilterCorrection) -> list[str]:
    """Put a correction into a published row (``ROW_FIELDS``); returns the row's categories after it.

    A cleared field keeps an origin entry (origin "curator") so that no estimate fills it afterwards."""
    field, value = correction.field, correction.value
    if field == "categories":
        categories = list(value or [])
        row["category_mask"] = taxonomy.category_mask(categories)
    elif field == "materials":
        row["materials_needed"] = value
        if value is not True:
            # A list of materials would contradict "none needed" or "unknown".
            row["materials"] = []
    elif field in CHOICES:
        row[field] = value or ""
    else:
        row[field] = value
    row["filter_origins"] = {**row["filter_origins"], field: _curator_origin(correction)}
    row["estimated_fields"] = [name for name in row["estimated_fields"] if name != field]
    row["estimated_mask"] = taxonomy.field_mask(row["estimated_fields"])
    return categories


def _game_keys(content_key: str, member_keys: Iterable[str]) -> list[str]:
    """The keys a game's corrections may be stored under: its own first (it wins), then its members' in order."""
    return [content_key, *sorted(set(member_keys) - {content_key})]


def corrections_apply(*, clusters, corrections: Iterable[FilterCorrection]) -> dict:
    """Apply the corrections in force to the rebuild's clusters (after their values are chosen).

    A correction matches a game by its content key, else by the key of one of its member versions (a game merged
    after it was corrected); per field the one on the game's own key wins. Returns the QA report's
    ``corrections``: ``{"applied": n, "unmatched": [{id, content_key, field, value}]}``; an unmatched correction
    is kept, for the day its game comes back."""
    by_key: dict[str, list[FilterCorrection]] = defaultdict(list)
    corrections = list(corrections)
    for correction in corrections:
        by_key[correction.content_key].append(correction)
    if not by_key:
        return {"applied": 0, "unmatched": []}
    applied, matched = 0, set()
    for cluster in clusters:
        keys = _game_keys(cluster.content_key, (member.content_key for member in cluster.members))
        corrected: set[str] = set()
        for correction in (correction for key in keys for correction in by_key.get(key, ())):
            matched.add(correction.pk)
            if correction.field in corrected:
                continue
            corrected.add(correction.field)
            cluster.categories = row_correct(cluster.row, cluster.categories, correction)
            applied += 1
    unmatched = [
        {"id": c.pk, "content_key": c.content_key, "field": c.field, "value": c.value}
        for c in corrections
        if c.pk not in matched
    ]
    return {"applied": applied, "unmatched": unmatched}


def activity_correct(*, activity: Activity, corrections: Iterable[FilterCorrection]) -> None:
    """Apply ``corrections`` to the published row of ``activity`` now (the next rebuild applies them again)."""
    row = {name: getattr(activity, name) for name in ROW_FIELDS}
    before = current_values(activity)["categories"] or []
    categories = before
    for correction in corrections:
        categories = row_correct(row, categories, correction)
    for name, value in row.items():
        setattr(activity, name, value)
    activity.save(update_fields=[*ROW_FIELDS, "published_at"])
    if sorted(categories) != sorted(before):
        activity.categories.set(Category.objects.filter(code__in=categories))
