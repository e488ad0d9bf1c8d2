"""The bands an estimate chooses between, and how a band maps onto the filter fields.

A text rarely says "8 to 30 players" when it does not state it, but it shows
the kind of group a game needs (two opponents, a ring of children, two teams,
a whole school), the kind of player (little ones, schoolchildren, party guests,
workshop participants) and how long a round lasts (a trick, a game, a
competition). Each of those is a band: a range of values written onto both
ends of the filter field, an open end as None.

A band matches a stated range when the band's typical value falls inside the
stated range, or the stated range lies inside the band: a band that fits what
the source says would list the game for the people the source means it for.
"""

from dataclasses import dataclass

from activities import taxonomy


@dataclass(frozen=True)
class Band:
    code: str
    low: int | None
    high: int | None
    typical: int


# Players. "small": a game for two or a handful (a card or pencil game, two opponents); "group": a party, a
# class, a ring or two sides (the usual group game); "large": a crowd, a school, several teams of many.
PLAYERS_BANDS: dict[str, Band] = {
    "small": Band("small", 2, 6, 3),
    "group": Band("group", 6, 30, 13),
    "large": Band("large", 20, None, 30),
}

# Ages, on the taxonomy's age groups: little ones (3–6), children (7–11), children of school age up to the end
# of school (7–17, a playground game), teenagers and adults (12+, a party, a quiz or a workshop), and everyone
# from school age (7+: a game with rules that shows no particular audience).
_AGE = {group.code: group for group in taxonomy.AGE_GROUPS}
AGE_BANDS: dict[str, Band] = {
    "early": Band("early", _AGE["early"].age_min, _AGE["early"].age_max, 5),
    "children": Band("children", _AGE["children"].age_min, _AGE["children"].age_max, 9),
    "school": Band("school", _AGE["children"].age_min, _AGE["teens"].age_max, 11),
    "older": Band("older", _AGE["teens"].age_min, None, 18),
    "school-up": Band("school-up", _AGE["children"].age_min, None, 12),
}

# Minutes. "quick": a trick, a riddle, a one-minute energizer; "short": one game of a party or a lesson;
# "long": a written competition, a hunt, a team task with a debrief.
DURATION_BANDS: dict[str, Band] = {
    "quick": Band("quick", 1, 5, 3),
    "short": Band("short", 5, 20, 10),
    "long": Band("long", 20, 60, 35),
}

BANDS_OF: dict[str, dict[str, Band]] = {"players": PLAYERS_BANDS, "age": AGE_BANDS, "duration": DURATION_BANDS}


def band_fields(kind: str, band: Band) -> dict[str, int | None]:
    """The filter fields a band fills: ``{kind}_min`` and ``{kind}_max``."""
    return {f"{kind}_min": band.low, f"{kind}_max": band.high}


def band_matches(band: Band, low: int | None, high: int | None) -> bool:
    """Whether ``band`` fits the stated range ``low``–``high`` (an open or unknown end is unbounded)."""
    stated_low = low if low is not None else 0
    stated_high = high if high is not None else 10**9
    if stated_low <= band.typical <= stated_high:
        return True
    band_low = band.low if band.low is not None else 0
    band_high = band.high if band.high is not None else 10**9
    return band_low <= stated_low and stated_high <= band_high
