"""What the headings above a game say about it: a heading's scope, and the filter values it gives.

A heading is in force from where it stands until the next heading of the same
or a higher rank, which ends it and every heading under it (a new chapter
ends the sections of the last one). The rank is the heading's typography as
the text gives it (``headings.rank``: book divisions, numbered, ALL-CAPS,
Title Case; Markdown depth). The games under a heading take the place, ages,
group size and categories its words state ("OUT-DOOR GAMES", "For children
from 6 to 8", "Games for Little Children", "Ball Games") for the fields their
own text leaves empty, marked ``context`` with the heading as evidence: a
game's own statement always beats its context.
"""

import functools
import re
from dataclasses import dataclass, field

from activities.extraction import facts

CONTEXT = "context"
# Category words a heading or a game's opening may state, in the source's words.
CATEGORY_WORDS = re.compile(
    r"\b(ice[- ]?breakers?|energi[sz]ers?|relays?|relay races|racing games|races|ball games|singing games|"
    r"circle games|ring games|tag games|chasing games|quiet games|musical games|dancing games|acting games|"
    r"trick games|stunts|guessing games|word games|team[- ]?building|trust games|party games|motion games?|"
    r"story plays?|forfeit games|jocuri de societate|jocuri de mișcare|jocuri cu mingea)\b",
    re.I,
)
# Fields a heading states together: a place answers indoor/outdoor and space at once, a range has two ends.
FIELD_GROUPS: tuple[tuple[str, ...], ...] = (
    ("indoor_outdoor", "space"),
    ("age_min", "age_max"),
    ("players_min", "players_max"),
    ("categories",),
)


@dataclass(frozen=True)
class Heading:
    text: str
    rank: int


def enter(open_headings: list[Heading], heading: Heading) -> list[Heading]:
    """The headings in force under ``heading``: it ends the outermost open heading of the same or a lower rank,
    and everything under that one."""
    for position, other in enumerate(open_headings):
        if other.rank <= heading.rank:
            return [*open_headings[:position], heading]
    return [*open_headings, heading]


def categories(text: str) -> list[str]:
    return [match.group(1).lower() for match in CATEGORY_WORDS.finditer(text)]


def _present(value) -> bool:
    return value not in (None, "", [])


@functools.lru_cache(maxsize=4096)
def heading_values(text: str) -> dict:
    """The filter values one heading's words state (empty fields left out); read-only, it is shared."""
    values: dict = {}
    values["indoor_outdoor"], values["space"] = facts.place(text)
    values["age_min"], values["age_max"] = facts.ages(text)
    if not _present(values["age_min"]) and not _present(values["age_max"]):
        values["age_min"], values["age_max"] = facts.age_words(text)
    values["players_min"], values["players_max"] = facts.players(text)
    values["categories"] = categories(text)
    return {name: value for name, value in values.items() if _present(value)}


@dataclass
class Context:
    """Filter values in force for a game, with the words each was read from."""

    values: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)


def context_of(open_headings: list[Heading]) -> Context:
    """For each group of fields, the values of the nearest enclosing heading that states any of them."""
    context = Context()
    for heading in reversed(open_headings):
        stated = heading_values(heading.text)
        for group in FIELD_GROUPS:
            if group[0] in context.evidence or not any(name in stated for name in group):
                continue
            for name in group:
                context.values[name] = stated.get(name, [] if name == "categories" else None)
                context.evidence[name] = heading.text
    return context


def context_apply(activity: dict, context: Context) -> dict:
    """Fill the groups of fields the activity leaves empty from ``context``, each value marked ``context`` in
    ``filter_origin`` with its words in ``filter_evidence``; a group the activity states is left alone."""
    origins = activity.setdefault("filter_origin", {})
    evidence = dict(activity.get("filter_evidence") or {})
    for group in FIELD_GROUPS:
        if group[0] not in context.evidence or any(_present(activity.get(name)) for name in group):
            continue
        for name in group:
            activity[name] = context.values[name]
            if _present(activity[name]):
                origins[name] = CONTEXT
                evidence[name] = context.evidence[name]
    if evidence:
        activity["filter_evidence"] = evidence
    return activity
