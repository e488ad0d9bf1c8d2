"""The session planner: a plan read from a query string, checked against the group, the time and the room.

The whole plan lives in its URL (``?games=3,1,2&players=25&age=12&minutes=45&setting=indoor&space=small-room``),
so nothing here stores anything. Hostile query strings are read, never trusted: ids that are not numbers or
not positive are dropped, repeats are kept once, lists are capped at ``MAX_GAMES``, and numbers out of range are
ignored; the names of the parameters that were not understood are kept so the page can say so.

A check that meets an unknown value says "unknown", never "conflict"; a check that relies on an estimated value
says so. Suggestions reuse the listing's FilterSet, so the database does the filtering.
"""

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from activities import selectors, taxonomy
from activities.export import filter_origin
from activities.filters import SETTING_MATCHES, term_label
from activities.models import DISPLAY_NAME, Activity

MAX_GAMES = 30
# Tokens of ``games`` read at most: a huge list costs no more than this to parse.
MAX_TOKENS = 200
# Ids beyond a 64-bit integer cannot be a row's id, and would overflow the database driver.
MAX_ID = 2**63 - 1
DEFAULT_TRANSITION = 5
SUGGESTION_COUNT = 5
NUMBER_LIMITS = {"players": (1, 100_000), "age": (0, 120), "minutes": (1, 24 * 60), "transition": (0, 120)}
SETTINGS = tuple(SETTING_MATCHES)
# Rooms from the smallest; a game fits a room at least as large as the space it needs.
SPACE_ORDER = tuple(term.code for term in taxonomy.SPACE)
SPACE_TERMS = {term.code: term for term in taxonomy.SPACE}
SETTING_TERMS = {term.code: term for term in taxonomy.INDOOR_OUTDOOR}
# The energy line, from categories: chases and energizers lift a group, quiet and sitting games settle it.
LIVELY = frozenset({"energizer", "tag", "relay"})
CHASES = frozenset({"tag", "relay"})
QUIET = frozenset({"party", "reflection"})

CONFLICT, WARNING, UNKNOWN, OK = "conflict", "warning", "unknown", "ok"


def _in_sentence(label: str) -> str:
    """A vocabulary label after a colon in a sentence ("the room: small room")."""
    return label[:1].lower() + label[1:]


def _space_code(value: str) -> str:
    """A space code from the vocabulary, also by its first word (``small`` for ``small-room``); else ""."""
    for code in SPACE_ORDER:
        if value in (code, code.split("-")[0]):
            return code
    return ""


@dataclass(frozen=True)
class Plan:
    """A session as its URL states it: the games in order and the group, the time and the room."""

    games: tuple[int, ...] = ()
    players: int | None = None
    age: int | None = None
    minutes: int | None = None
    setting: str = ""
    space: str = ""
    transition: int = DEFAULT_TRANSITION
    q: str = ""
    ignored: tuple[str, ...] = ()
    capped: bool = False

    def params(self) -> dict[str, str]:
        """The plan's query parameters, empty ones left out (the default transition too)."""
        values = {
            "games": ",".join(str(pk) for pk in self.games),
            "players": self.players,
            "age": self.age,
            "minutes": self.minutes,
            "setting": self.setting,
            "space": self.space,
            "transition": None if self.transition == DEFAULT_TRANSITION else self.transition,
            "q": self.q,
        }
        return {name: str(value) for name, value in values.items() if value not in (None, "")}

    def query(self) -> str:
        return urlencode(self.params(), safe=",")

    def form_fields(self) -> list[tuple[str, str]]:
        """The plan as a form's hidden fields: one ``game`` per game, since a form would send the commas of
        ``games`` encoded; the plan page answers such a request with a redirect to ``query()``."""
        fields = [("game", str(pk)) for pk in self.games]
        return fields + [(name, value) for name, value in self.params().items() if name != "games"]

    def with_game(self, pk: int) -> "Plan":
        if pk in self.games or len(self.games) >= MAX_GAMES:
            return self
        return replace(self, games=(*self.games, pk))

    def without_game(self, pk: int) -> "Plan":
        return replace(self, games=tuple(game for game in self.games if game != pk))

    def moved(self, pk: int, offset: int) -> "Plan":
        """The plan with game ``pk`` moved ``offset`` places (clamped to the ends)."""
        games = list(self.games)
        position = games.index(pk)
        games.insert(max(0, min(len(games) - 1, position + offset)), games.pop(position))
        return replace(self, games=tuple(games))

    def listing_filters(self) -> dict[str, str]:
        """The listing's filters for this group and room (space stays out: the listing matches it exactly)."""
        values = {"players": self.players, "age": self.age, "time": self.minutes, "setting": self.setting}
        return {name: str(value) for name, value in values.items() if value not in (None, "")}


def _parse_games(raw: str) -> tuple[tuple[int, ...], bool, bool]:
    """(ids, whether some token was not an id, whether the list was capped)."""
    games: list[int] = []
    invalid = capped = False
    tokens = raw.split(",", MAX_TOKENS)
    if len(tokens) > MAX_TOKENS:
        tokens, capped = tokens[:MAX_TOKENS], True
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        if not token.isascii() or not token.isdigit() or not 0 < int(token) <= MAX_ID:
            invalid = True
            continue
        pk = int(token)
        if pk in games:
            continue
        if len(games) == MAX_GAMES:
            capped = True
            break
        games.append(pk)
    return tuple(games), invalid, capped


def _parse_number(raw: str, name: str) -> int | None:
    low, high = NUMBER_LIMITS[name]
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    number = int(raw)
    return number if low <= number <= high else None


def parse_plan(params) -> Plan:
    """The plan in ``params`` (a QueryDict or a dict of strings); whatever is not understood is left out.
    Games come from ``games`` (comma-separated) followed by any ``game`` fields, as a form sends them."""
    ignored = []
    single = params.getlist("game") if hasattr(params, "getlist") else [params.get("game") or ""]
    games, invalid_games, capped = _parse_games(",".join([params.get("games") or "", *single]))
    if invalid_games:
        ignored.append("games")
    numbers = {}
    for name in NUMBER_LIMITS:
        raw = params.get(name) or ""
        numbers[name] = _parse_number(raw, name) if raw else None
        if raw and numbers[name] is None:
            ignored.append(name)
    setting = params.get("setting") or ""
    if setting not in SETTINGS:
        ignored.extend(["setting"] if setting else [])
        setting = ""
    raw_space = params.get("space") or ""
    space = _space_code(raw_space)
    if raw_space and not space:
        ignored.append("space")
    transition = numbers.pop("transition")
    return Plan(
        games=games,
        setting=setting,
        space=space,
        transition=DEFAULT_TRANSITION if transition is None else transition,
        q=(params.get("q") or "").strip()[:200],
        ignored=tuple(ignored),
        capped=capped,
        **numbers,
    )


@dataclass(frozen=True)
class Check:
    """One check of one game: its status (ok, conflict, warning, unknown), why, and whether it relies on an
    estimated value."""

    check: str
    status: str
    message: str
    estimated: bool = False

    def as_dict(self) -> dict:
        return {"check": self.check, "status": self.status, "message": self.message, "estimated": self.estimated}


@dataclass(frozen=True)
class PlannedGame:
    activity: Activity
    start: int
    length: int | None
    energy: str
    checks: tuple[Check, ...]

    @property
    def end(self) -> int:
        return self.start + (self.length or 0)

    @property
    def duration(self) -> str:
        return selectors.range_text(self.activity.duration_min, self.activity.duration_max, _("min"))

    @property
    def problems(self) -> tuple[Check, ...]:
        """The checks that did not pass, unknown values included."""
        return tuple(check for check in self.checks if check.status != OK)

    @property
    def has_conflict(self) -> bool:
        return any(check.status == CONFLICT for check in self.checks)


@dataclass(frozen=True)
class Material:
    name: str
    games: tuple[str, ...]


@dataclass(frozen=True)
class CheckedPlan:
    plan: Plan
    games: tuple[PlannedGame, ...]
    missing: tuple[int, ...]
    total_low: int
    total_high: int | None
    unknown_durations: tuple[str, ...]
    remaining: int | None
    session_checks: tuple[Check, ...]
    materials: tuple[Material, ...]
    materials_unknown: tuple[str, ...] = field(default=())

    @property
    def total(self) -> str:
        if not self.games:
            return ""
        if self.total_high is None:
            return f"{self.total_low}+ {_('min')}"
        return selectors.range_text(self.total_low, self.total_high, _("min"))

    @property
    def conflicts(self) -> list[dict]:
        """Every conflict of the plan, the game it concerns (None: the whole session) first."""
        found = [
            {"game": game.activity.pk, **check.as_dict()}
            for game in self.games
            for check in game.checks
            if check.status == CONFLICT
        ]
        found += [{"game": None, **check.as_dict()} for check in self.session_checks if check.status == CONFLICT]
        return found


def _estimated(activity: Activity, *fields: str) -> bool:
    return any(filter_origin(activity, name)[0] == "estimated" for name in fields)


# Marked for translation here, translated when a check is made, in the language of the request.
RANGE_TEXTS = {
    "players": {
        "unknown": gettext_noop("number of players unknown"),
        "below": gettext_noop("needs at least %(low)s players; the group has %(value)s"),
        "above": gettext_noop("for at most %(high)s players; the group has %(value)s"),
        "ok": gettext_noop("%(span)s players"),
    },
    "age": {
        "unknown": gettext_noop("age unknown"),
        "below": gettext_noop("from %(low)s years; the group is %(value)s"),
        "above": gettext_noop("up to %(high)s years; the group is %(value)s"),
        "ok": gettext_noop("ages %(span)s"),
    },
}


def _range_check(activity: Activity, kind: str, value: int) -> Check:
    """The group's ``value`` against the activity's ``<kind>_min``–``<kind>_max`` (an open end fits anything),
    said in the ``RANGE_TEXTS`` of ``kind``; the check is named ``kind``."""
    low, high = getattr(activity, f"{kind}_min"), getattr(activity, f"{kind}_max")
    texts = RANGE_TEXTS[kind]
    if low is None and high is None:
        return Check(kind, UNKNOWN, _(texts["unknown"]))
    if low is not None and value < low:
        return Check(
            kind, CONFLICT, _(texts["below"]) % {"low": low, "value": value}, _estimated(activity, f"{kind}_min")
        )
    if high is not None and value > high:
        return Check(
            kind, CONFLICT, _(texts["above"]) % {"high": high, "value": value}, _estimated(activity, f"{kind}_max")
        )
    span = selectors.range_text(low, high)
    return Check(kind, OK, _(texts["ok"]) % {"span": span}, _estimated(activity, f"{kind}_min", f"{kind}_max"))


def check_players(activity: Activity, players: int) -> Check:
    return _range_check(activity, "players", players)


def check_age(activity: Activity, age: int) -> Check:
    return _range_check(activity, "age", age)


def check_setting(activity: Activity, setting: str) -> Check:
    value = activity.indoor_outdoor
    if value not in SETTING_TERMS:
        return Check("setting", UNKNOWN, _("indoor or outdoor unknown"))
    estimated = _estimated(activity, "indoor_outdoor")
    label = term_label(SETTING_TERMS[value])
    if value not in SETTING_MATCHES[setting]:
        room = _in_sentence(term_label(SETTING_TERMS[setting]))
        return Check(
            "setting", CONFLICT, _("%(game)s; the session: %(room)s") % {"game": label, "room": room}, estimated
        )
    return Check("setting", OK, label, estimated)


def check_space(activity: Activity, space: str) -> Check:
    needed = activity.space
    if needed not in SPACE_TERMS:
        return Check("space", UNKNOWN, _("space needed unknown"))
    estimated = _estimated(activity, "space")
    label = term_label(SPACE_TERMS[needed])
    if SPACE_ORDER.index(needed) > SPACE_ORDER.index(space):
        room = _in_sentence(term_label(SPACE_TERMS[space]))
        return Check(
            "space", CONFLICT, _("needs: %(needed)s; the room: %(room)s") % {"needed": label, "room": room}, estimated
        )
    return Check("space", OK, label, estimated)


def check_game_duration(activity: Activity, minutes: int) -> Check:
    low, high = activity.duration_min, activity.duration_max
    if low is None and high is None:
        return Check("duration", UNKNOWN, _("duration unknown"))
    span = selectors.range_text(low, high, _("min"))
    shortest = low if low is not None else high
    if shortest > minutes:
        return Check(
            "duration",
            CONFLICT,
            _("%(span)s: longer than the whole session (%(minutes)s min)") % {"span": span, "minutes": minutes},
            _estimated(activity, "duration_min", "duration_max"),
        )
    return Check("duration", OK, span, _estimated(activity, "duration_min", "duration_max"))


def energy_of(activity: Activity) -> str:
    """lively, quiet, mixed (both kinds of category), steady (neither) or unknown (no category)."""
    codes = {term.code for term in taxonomy.categories_in(activity.category_mask)}
    if not codes:
        return "unknown"
    lively, quiet = bool(codes & LIVELY), bool(codes & QUIET)
    if lively and quiet:
        return "mixed"
    return "lively" if lively else "quiet" if quiet else "steady"


def check_energy_line(activities: list[Activity]) -> list[Check]:
    """Flags a session that starts cold (on a quiet game) or ends on a chase."""
    if not activities:
        return []
    checks = []
    first, last = activities[0], activities[-1]
    if energy_of(first) == "quiet":
        checks.append(
            Check(
                "energy",
                WARNING,
                _("starts cold: “%(game)s” is a quiet game; open with an energizer") % {"game": first.display_name},
                _estimated(first, "categories"),
            )
        )
    last_codes = {term.code for term in taxonomy.categories_in(last.category_mask)}
    if last_codes & CHASES:
        checks.append(
            Check(
                "energy",
                WARNING,
                _("ends on a chase: “%(game)s”; close with a calmer game") % {"game": last.display_name},
                _estimated(last, "categories"),
            )
        )
    return checks


def _span(activity: Activity) -> tuple[int, int | None] | None:
    """(shortest, longest) minutes of a game — longest None when open-ended — or None when unknown."""
    low, high = activity.duration_min, activity.duration_max
    if low is None and high is None:
        return None
    return (low if low is not None else high), high


def check_total(plan: Plan, low: int, high: int | None, unknown: list[str]) -> list[Check]:
    """The summed durations plus the transitions against the minutes available."""
    if plan.minutes is None or not plan.games:
        return []
    checks = []
    if low > plan.minutes:
        checks.append(
            Check(
                "total",
                CONFLICT,
                _("at least %(low)s min with transitions; %(minutes)s min available")
                % {"low": low, "minutes": plan.minutes},
            )
        )
    elif high is None:
        checks.append(Check("total", WARNING, _("may run over: a game has no upper duration")))
    elif high > plan.minutes:
        checks.append(
            Check(
                "total",
                WARNING,
                _("up to %(high)s min with transitions; %(minutes)s min available")
                % {"high": high, "minutes": plan.minutes},
            )
        )
    if unknown:
        checks.append(Check("total", UNKNOWN, _("duration unknown for: %(games)s") % {"games": ", ".join(unknown)}))
    return checks


def merged_materials(activities: list[Activity]) -> tuple[tuple[Material, ...], tuple[str, ...]]:
    """One list of materials (the same item named twice counted once, with the games that need it), and the
    games whose materials are unknown."""
    items: dict[str, tuple[str, list[str]]] = {}
    unknown = []
    for activity in activities:
        if not activity.materials and activity.materials_needed is None:
            unknown.append(activity.display_name)
        for item in activity.materials:
            name = str(item).strip()
            entry = items.setdefault(name.casefold(), (name, []))
            if activity.display_name not in entry[1]:
                entry[1].append(activity.display_name)
    materials = tuple(Material(name, tuple(games)) for name, games in items.values())
    return tuple(sorted(materials, key=lambda item: item.name.casefold())), tuple(unknown)


def _game_checks(activity: Activity, plan: Plan) -> tuple[Check, ...]:
    checks = []
    if plan.minutes is not None:
        checks.append(check_game_duration(activity, plan.minutes))
    if plan.players is not None:
        checks.append(check_players(activity, plan.players))
    if plan.age is not None:
        checks.append(check_age(activity, plan.age))
    if plan.setting:
        checks.append(check_setting(activity, plan.setting))
    if plan.space:
        checks.append(check_space(activity, plan.space))
    return tuple(checks)


def load_games(plan: Plan) -> tuple[list[Activity], tuple[int, ...]]:
    """The plan's published games in its order, and the ids that are not published (missing)."""
    found = {
        activity.pk: activity for activity in Activity.objects.filter(pk__in=plan.games).prefetch_related("categories")
    }
    return [found[pk] for pk in plan.games if pk in found], tuple(pk for pk in plan.games if pk not in found)


def check_plan(plan: Plan) -> CheckedPlan:
    activities, missing = load_games(plan)
    games = []
    start = low = 0
    high: int | None = 0
    unknown = []
    for position, activity in enumerate(activities):
        if position:
            start += plan.transition
        span = _span(activity)
        if span is None:
            unknown.append(activity.display_name)
        else:
            low += span[0]
            high = None if high is None or span[1] is None else high + span[1]
        length = None if span is None else (span[1] if span[1] is not None else span[0])
        games.append(PlannedGame(activity, start, length, energy_of(activity), _game_checks(activity, plan)))
        start += length or 0
    transitions = plan.transition * max(0, len(activities) - 1)
    low += transitions
    high = None if high is None else high + transitions
    materials, materials_unknown = merged_materials(activities)
    remaining = None
    if plan.minutes is not None:
        used = (high if high is not None else low) + (plan.transition if activities else 0)
        remaining = max(0, plan.minutes - used)
    return CheckedPlan(
        plan=plan,
        games=tuple(games),
        missing=missing,
        total_low=low,
        total_high=high,
        unknown_durations=tuple(unknown),
        remaining=remaining,
        session_checks=tuple(check_total(plan, low, high, unknown) + check_energy_line(activities)),
        materials=materials,
        materials_unknown=materials_unknown,
    )


def suggestion_queryset(checked: CheckedPlan) -> QuerySet:
    """Games of the library that fit every constraint of the plan, in the remaining minutes, and are not in
    it yet: the listing's filters and search, plus a room at least as large as the space a game needs and the
    longest version within the time left. Without a search, the longest games come first: they fill the time."""
    plan = checked.plan
    filters = plan.listing_filters()
    if checked.remaining is not None:
        filters["time"] = str(checked.remaining)
    if plan.q:
        filters["q"] = plan.q
    filterset = selectors.activity_filterset(filters=filters)
    if not filterset.is_valid():
        return Activity.objects.none()
    queryset = filterset.qs.exclude(pk__in=plan.games)
    if checked.remaining is not None:
        remaining = checked.remaining
        queryset = queryset.filter(
            Q(duration_max__lte=remaining) | Q(duration_max__isnull=True, duration_min__lte=remaining)
        )
    if plan.space:
        queryset = queryset.filter(space__in=SPACE_ORDER[: SPACE_ORDER.index(plan.space) + 1])
    if not plan.q:
        queryset = queryset.order_by(Coalesce("duration_max", "duration_min").desc(nulls_last=True), DISPLAY_NAME, "pk")
    return queryset


def suggestions(checked: CheckedPlan, limit: int = SUGGESTION_COUNT) -> list[selectors.ActivitySummary]:
    """Up to ``limit`` games to fill the remaining minutes (none when no time is left or none is set)."""
    if checked.remaining is None or checked.remaining < 1:
        return []
    ids = list(suggestion_queryset(checked).values_list("pk", flat=True)[:limit])
    return selectors.activity_summaries(ids=ids)


def plan_to_dict(checked: CheckedPlan) -> dict:
    """The checked plan for other tools: the group, each game with its checks, totals, conflicts, materials."""
    plan = checked.plan
    return {
        "plan": {
            "games": list(plan.games),
            "players": plan.players,
            "age": plan.age,
            "minutes": plan.minutes,
            "setting": plan.setting or None,
            "space": plan.space or None,
            "transition": plan.transition,
            "ignored": list(plan.ignored),
            "capped": plan.capped,
        },
        "games": [
            {
                "id": game.activity.pk,
                "name": game.activity.display_name,
                "start": game.start,
                "end": game.end if game.length is not None else None,
                "duration": {"min": game.activity.duration_min, "max": game.activity.duration_max},
                "energy": game.energy,
                "checks": [check.as_dict() for check in game.checks],
            }
            for game in checked.games
        ],
        "missing": list(checked.missing),
        "total": {
            "min": checked.total_low,
            "max": checked.total_high,
            "transitions": plan.transition * max(0, len(checked.games) - 1),
            "unknown": list(checked.unknown_durations),
        },
        "remaining": checked.remaining,
        "session_checks": [check.as_dict() for check in checked.session_checks],
        "conflicts": checked.conflicts,
        "materials": [{"name": item.name, "games": list(item.games)} for item in checked.materials],
        "materials_unknown": list(checked.materials_unknown),
    }
