"""Offline estimates of the filter values a game's text does not state.

The third layer under the stated facts and the book's context: from a game's
name and text alone, rules read the cues every game book leaves (see
``cues.py``) and weigh them into a value and a confidence for each field:

- setting (indoor / outdoor): parlour cues (a table, pencils, guests, a player
  sent out of the room) against yard cues (a field, bases, a goal line, yards);
- space: outdoor → open field; indoors, running about → a large room, sitting
  still → a small room;
- players, age and duration bands (``bands.py``): the kind of group, of player
  and of round the text shows;
- materials: things to bring named in the text → needed; a text of some length
  that names nothing to bring → none needed;
- categories: the taxonomy's kinds of game, each from its own cues; a game played indoors (its setting known
  from a stronger origin, else estimated with confidence) with no running, moving-about or workshop cues is a
  quiet/party game; a game no kind is sure enough for gets its likeliest kinds from near the threshold.

Where the text names no place, a game of running about is outdoor: so the books that say where have it.

A confidence is in [0, 1]: the evidence for the chosen value against all the
evidence, damped by a prior count (``PRIOR``) so weak cues give a low confidence.
``estimate`` returns a field only when its confidence reaches the field's
threshold in ``THRESHOLDS``. The thresholds were read off the *tune* half of
the demo games (``bench/filter_quality.py --tune``); the bench reports
precision on the other half. Precision is preferred to coverage: a wrong value
misleads an educator, a missing one only leaves the game out of a filter.

Rules only: nothing is trained, so a rebuild estimates the same values every
time and a new book is estimated exactly like the demo books.
"""

from dataclasses import dataclass

from activities.estimation import cues
from activities.estimation.bands import AGE_BANDS, DURATION_BANDS, PLAYERS_BANDS, Band, band_fields
from activities.normalize import fold
from activities.taxonomy import CATEGORIES

# Evidence weight added to the total: one weak cue (weight 1) alone gives a confidence of 1/3.
PRIOR = 2.0
# A text this many words long that names nothing to bring is as likely as not to need nothing.
MATERIALS_HALF_WORDS = 60
MAX_TEXT_CHARS = 6000

# The least confidence for a field to be returned (tuned on the tune half, see the module docstring).
THRESHOLDS: dict[str, float] = {
    "setting": 0.1,
    "space": 0.1,
    "players": 0.1,
    "age": 0.15,
    "duration": 0.1,
    "materials": 0.25,
    "categories": 0.55,
}
# A game no category reaches its threshold for gets its likeliest categories from this share of the threshold on
# (tuned on the tune half: most games are of some kind, and the strongest cue names it).
CATEGORY_FALLBACK_SHARE = 0.9
ESTIMATED_KINDS: tuple[str, ...] = tuple(THRESHOLDS)
_CATEGORY_ORDER = {term.code: position for position, term in enumerate(CATEGORIES)}


@dataclass(frozen=True)
class Scored:
    """One estimate with its confidence, before the threshold."""

    value: object
    confidence: float


_VOCABULARY = frozenset(phrase for table in cues.ALL_TABLES for phrase in table)
# First words of the phrases of two or three words: only there is a longer phrase looked up.
_PHRASE_STARTS = frozenset(phrase.split()[0] for phrase in _VOCABULARY if " " in phrase)


class Evidence:
    """The cue phrases a text contains (each once), and its length in words."""

    def __init__(self, text: str):
        words = fold(text[:MAX_TEXT_CHARS]).split()
        self.words = len(words)
        self.phrases: set[str] = set()
        for position, word in enumerate(words):
            if word in _VOCABULARY:
                self.phrases.add(word)
            if word in _PHRASE_STARTS:
                for length in (2, 3):
                    phrase = " ".join(words[position : position + length])
                    if phrase in _VOCABULARY:
                        self.phrases.add(phrase)

    def score(self, table: dict[str, float]) -> float:
        """The summed weight of the table's phrases the text contains (each phrase counted once)."""
        return sum(table.get(phrase, 0.0) for phrase in self.phrases)


def _share(chosen: float, *others: float) -> float:
    """The chosen side's share of all the evidence, damped by the prior."""
    return max(chosen - max(others, default=0.0), 0.0) / (chosen + sum(others) + PRIOR)


def _setting(evidence: Evidence) -> Scored | None:
    indoor, outdoor = evidence.score(cues.INDOOR), evidence.score(cues.OUTDOOR)
    if indoor == outdoor:
        return _running_outdoors(evidence)
    value = "indoor" if indoor > outdoor else "outdoor"
    return Scored(value, _share(max(indoor, outdoor), min(indoor, outdoor)))


def _running_outdoors(evidence: Evidence) -> Scored | None:
    """A game of running about that names no place is played out of doors: so the books that say where have it."""
    active, still = evidence.score(cues.ACTIVE), evidence.score(cues.STILL)
    if active <= still:
        return None
    return Scored("outdoor", _share(active, still))


def _space(evidence: Evidence, setting: Scored | None) -> Scored | None:
    if setting is None:
        return None
    if setting.value == "outdoor":
        return Scored("open-field", setting.confidence)
    active, still = evidence.score(cues.ACTIVE), evidence.score(cues.STILL)
    if active == still:
        return None
    value = "large-room" if active > still else "small-room"
    return Scored(value, setting.confidence * _share(max(active, still), min(active, still)) ** 0.5)


def _players(evidence: Evidence) -> Scored | None:
    few, group, crowd = (evidence.score(table) for table in (cues.FEW, cues.GROUP, cues.CROWD))
    scores = {"small": few, "group": group, "large": crowd}
    code = max(scores, key=scores.__getitem__)
    if not scores[code]:
        return None
    others = [score for name, score in scores.items() if name != code]
    return Scored(PLAYERS_BANDS[code], _share(scores[code], *others))


def _age(evidence: Evidence) -> Scored | None:
    early, children, older = (evidence.score(table) for table in (cues.EARLY, cues.CHILDREN, cues.OLDER))
    if early >= max(children, older, 3):
        return Scored(AGE_BANDS["early"], _share(early, older))
    if older > children:
        return Scored(AGE_BANDS["older"], _share(older, children, early))
    if children > older:
        running = evidence.score(cues.ACTIVE) > evidence.score(cues.STILL)
        band = AGE_BANDS["school"] if running else AGE_BANDS["children"]
        return Scored(band, _share(children, older, early))
    if not early and (played := evidence.score(cues.PLAYED)):
        # No sign of the audience: a game with rules suits everyone from school age, with half the confidence.
        return Scored(AGE_BANDS["school-up"], _share(played) / 2)
    return None


def _duration(evidence: Evidence) -> Scored | None:
    quick, played, long = (evidence.score(table) for table in (cues.QUICK, cues.PLAYED, cues.LONG))
    if quick >= 3 and quick > long:
        return Scored(DURATION_BANDS["quick"], _share(quick, long))
    if long >= 3 and long > quick:
        return Scored(DURATION_BANDS["long"], _share(long, quick))
    if played:
        return Scored(DURATION_BANDS["short"], _share(played, quick, long))
    return None


def _materials(evidence: Evidence) -> Scored:
    if none_said := evidence.score(cues.NO_MATERIALS):
        return Scored(False, _share(none_said))
    things = evidence.score(cues.MATERIALS)
    if things >= 3:
        return Scored(True, _share(things))
    silence = evidence.words / (evidence.words + MATERIALS_HALF_WORDS)
    return Scored(False, silence * (1.0 - things / 3))


def _categories(evidence: Evidence, setting: Scored | None) -> list[Scored]:
    found = []
    for term in CATEGORIES:
        score = evidence.score(cues.CATEGORY_CUES[term.code])
        if score:
            found.append(Scored(term.code, _share(score)))
    if setting is not None and setting.value == "indoor" and not any(item.value == "party" for item in found):
        # A game played indoors without moving about is a quiet (parlour) game, as sure as its setting and its
        # stillness: running, moving and workshop cues take away from it.
        still = evidence.score(cues.STILL)
        active = evidence.score(cues.ACTIVE) + evidence.score(cues.MOVING)
        found.append(Scored("party", setting.confidence * (1.0 - active / (active + still + PRIOR))))
        found.sort(key=lambda item: _CATEGORY_ORDER[item.value])
    return found


def estimates_scored(*, name: str, text: str, language: str, setting: str = "") -> dict[str, object]:
    """Every estimate with its confidence, before the thresholds: ``{kind: Scored | None}`` for the kinds in
    ``ESTIMATED_KINDS`` ("categories" maps to a list of Scored codes). ``setting`` is the game's setting when
    something stronger than this text's cues gives it (its statement, a heading, its book): the kinds of game that
    follow from the setting read it in place of the estimated one. The language needs no branch: the cue
    tables hold the English and the Romanian words, and a word of one language means nothing in the other."""
    evidence = Evidence(f"{name}\n{text}")
    estimated_setting = _setting(evidence)
    if not setting and estimated_setting is not None and estimated_setting.confidence >= THRESHOLDS["setting"]:
        setting = estimated_setting.value
    known_setting = Scored(setting, 1.0) if setting else None
    return {
        "setting": estimated_setting,
        "space": _space(evidence, estimated_setting),
        "players": _players(evidence),
        "age": _age(evidence),
        "duration": _duration(evidence),
        "materials": _materials(evidence),
        "categories": _categories(evidence, known_setting),
    }


def chosen_categories(found: list[Scored], threshold: float = THRESHOLDS["categories"]) -> list[str]:
    """The category codes that reach ``threshold``; when none does, the likeliest ones from
    ``CATEGORY_FALLBACK_SHARE`` of it on (taxonomy order)."""
    codes = [estimate.value for estimate in found if estimate.confidence >= threshold]
    if codes:
        return codes
    best = max((estimate.confidence for estimate in found), default=0.0)
    if best < threshold * CATEGORY_FALLBACK_SHARE:
        return []
    return [estimate.value for estimate in found if estimate.confidence == best]


def confident(scored: dict[str, object], thresholds: dict[str, float] = THRESHOLDS) -> dict[str, object]:
    """The filter fields of the estimates that reach their threshold, in their normalized form."""
    fields: dict[str, object] = {}
    for kind in ("players", "age", "duration"):
        estimate = scored[kind]
        if estimate is not None and estimate.confidence >= thresholds[kind]:
            band: Band = estimate.value
            fields.update(band_fields(kind, band))
    for kind, field in (("setting", "indoor_outdoor"), ("space", "space"), ("materials", "materials")):
        estimate = scored[kind]
        if estimate is not None and estimate.confidence >= thresholds[kind]:
            fields[field] = estimate.value
    codes = chosen_categories(scored["categories"], thresholds["categories"])
    if codes:
        fields["categories"] = codes
    return fields


# The origin the rebuild records for a value this module filled, told apart from an estimate an extraction file or
# an enrichment model gave, so a model's estimate may replace it without estimating again.
OFFLINE_ORIGIN = {"origin": "estimated", "evidence": "", "source": "offline estimate", "page": None}


def is_offline_estimate(origin: dict | None) -> bool:
    return bool(origin) and origin.get("source") == OFFLINE_ORIGIN["source"]


def estimate(*, name: str, text: str, language: str, setting: str = "") -> dict[str, object]:
    """The filter fields (``taxonomy.FILTER_FIELDS``) this game's text lets us estimate with confidence.

    Ranges come as both ends of a band (an open end None), ``indoor_outdoor`` and ``space`` as taxonomy codes,
    ``materials`` True when materials are needed, ``categories`` a list of codes in taxonomy order. A field the
    text gives too little evidence for is absent. ``setting``: the setting a stronger origin gives the game, if any.
    """
    return confident(estimates_scored(name=name, text=text, language=language, setting=setting))
