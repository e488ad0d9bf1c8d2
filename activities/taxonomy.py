"""The fixed vocabularies of the library, with Romanian and English labels.

Codes are stable identifiers stored in the database and in exports; labels
are for people. The normalizers that map what sources say onto these codes
live in ``activities/normalize.py``.
"""

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    label_ro: str
    label_en: str


CATEGORIES: tuple[Term, ...] = (
    Term("icebreaker", "Spargerea gheții", "Icebreaker"),
    Term("energizer", "Energizant", "Energizer"),
    Term("team-building", "Team-building", "Team-building"),
    Term("cooperation", "Cooperare", "Cooperation"),
    Term("trust", "Încredere", "Trust"),
    Term("communication", "Comunicare", "Communication"),
    Term("tag", "Prinsea / urmărire", "Tag / chase"),
    Term("circle", "Joc în cerc", "Circle game"),
    Term("ball", "Joc cu mingea", "Ball game"),
    Term("relay", "Ștafetă", "Relay"),
    Term("word", "Joc de cuvinte / ghicit", "Word / guessing game"),
    Term("drama", "Teatru / improvizație", "Drama / improv"),
    Term("singing", "Cântec / dans", "Singing / dance"),
    Term("party", "Joc liniștit / de petrecere", "Quiet / party game"),
    Term("outdoor-camp", "În aer liber / tabără", "Outdoor / camp"),
    Term("reflection", "Reflecție / debriefing", "Reflection / debrief"),
)

# One bit per category, by its place in CATEGORIES: an activity's categories as
# one integer (Activity.category_mask), so the listing counts every category in
# the same pass as the other facets. Append new categories; reordering would
# change the bits of published rows until the next rebuild.
CATEGORY_BITS: dict[str, int] = {term.code: 1 << position for position, term in enumerate(CATEGORIES)}


def category_mask(codes) -> int:
    """The mask of category ``codes`` (codes outside the vocabulary are ignored)."""
    mask = 0
    for code in codes:
        mask |= CATEGORY_BITS.get(code, 0)
    return mask


@functools.lru_cache(maxsize=4096)
def categories_in(mask: int) -> tuple[Term, ...]:
    """The categories of ``mask``, in vocabulary order."""
    return tuple(term for term in CATEGORIES if mask & CATEGORY_BITS[term.code])


INDOOR_OUTDOOR: tuple[Term, ...] = (
    Term("indoor", "În interior", "Indoor"),
    Term("outdoor", "În aer liber", "Outdoor"),
    Term("both", "Interior sau exterior", "Indoor or outdoor"),
)

SPACE: tuple[Term, ...] = (
    Term("small-room", "Cameră mică", "Small room"),
    Term("large-room", "Sală mare", "Large room or hall"),
    Term("open-field", "Teren deschis", "Open field"),
)


@dataclass(frozen=True)
class AgeGroup:
    code: str
    label_ro: str
    label_en: str
    age_min: int
    age_max: int


AGE_GROUPS: tuple[AgeGroup, ...] = (
    AgeGroup("early", "3–6 ani", "3–6 years", 3, 6),
    AgeGroup("children", "7–11 ani", "7–11 years", 7, 11),
    AgeGroup("teens", "12–17 ani", "12–17 years", 12, 17),
    AgeGroup("adults", "18+ ani", "18+ years", 18, 120),
)

# The numeric filter values come in ranges, each with the plausible span of its ends: anything outside is a
# misreading (a page number, a year, the length of one turn), not a fact about the game. Four hours is a programme,
# not a group game. Each range is two fields, ``<kind>_min`` and ``<kind>_max``.
PLAUSIBLE: dict[str, tuple[int, int, str]] = {
    "age": (1, 99, "years"),
    "players": (1, 10_000, "players"),
    "duration": (1, 240, "minutes"),
}
RANGES: tuple[tuple[str, str], ...] = tuple((f"{kind}_min", f"{kind}_max") for kind in PLAUSIBLE)
RANGE_FIELDS: tuple[str, ...] = tuple(end for pair in RANGES for end in pair)
FILTER_FIELDS: tuple[str, ...] = (*RANGE_FIELDS, "indoor_outdoor", "space", "materials", "categories")


def codes(terms) -> list[str]:
    return [term.code for term in terms]


def choices(terms) -> list[tuple[str, str]]:
    return [(term.code, term.label_ro) for term in terms]


def age_groups_for(age_min: int | None, age_max: int | None) -> list[str]:
    """Age groups whose span overlaps the activity's age range; none when the range is unknown."""
    if age_min is None and age_max is None:
        return []
    low = age_min if age_min is not None else 0
    high = age_max if age_max is not None else 200
    return [group.code for group in AGE_GROUPS if group.age_min <= high and low <= group.age_max]


# Where a published filter value came from, strongest first: a curator's correction beats what the game's own
# text states, which beats what its book or section heading says, which beats an estimate.
ORIGINS: tuple[Term, ...] = (
    Term("curator", "verificat de un curator", "checked by a curator"),
    Term("stated", "din textul jocului", "stated in the game's text"),
    Term("context", "din carte / capitol", "from the book or section"),
    Term("estimated", "estimat", "estimated"),
)
ORIGIN_RANK: dict[str, int] = {term.code: rank for rank, term in enumerate(ORIGINS)}

# One bit per filter field whose published value is estimated (Activity.estimated_mask), so "only values the
# books state" is one integer test in the listing's statement.
FIELD_BITS: dict[str, int] = {name: 1 << position for position, name in enumerate(FILTER_FIELDS)}


def field_mask(fields) -> int:
    """The mask of filter field names (names outside FILTER_FIELDS are ignored)."""
    mask = 0
    for name in fields:
        mask |= FIELD_BITS.get(name, 0)
    return mask
