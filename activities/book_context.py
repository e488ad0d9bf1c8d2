"""What a book says of all its games: its manifest entry's audience and setting, else what its title says.

"My Book of Indoor Games" is a book of indoor games; "Games for Little
Children" are for ages 3-6 (``facts.age_words``). The manifest's word wins
over the title's, a whole field group at a time (a stated setting drops the
title's place words, stated ages its age words). Values are the library's
codes; the rebuild gives them, as ``context``, to the games that neither
state them nor stand under a heading that does. Ingestion stores only what the
manifest states (``Source.context``); the title is read here, at the rebuild,
so the sources app never needs the activities' fact readers.
"""

from activities.extraction import facts
from activities.normalize import checked_range, normalize_indoor_outdoor, normalize_space


def title_context(title: str) -> dict:
    """The setting and ages a book's title states."""
    context: dict = {}
    indoor_outdoor, space = facts.place(title)
    if code := normalize_indoor_outdoor(indoor_outdoor):
        context["indoor_outdoor"] = code
    if code := normalize_space(space):
        context["space"] = code
    low, high = facts.ages(title)
    if low is None and high is None:
        low, high = facts.age_words(title)
    low, high, _rejected = checked_range("age", low, high)
    context.update({key: age for key, age in (("age_min", low), ("age_max", high)) if age is not None})
    return context


def book_context(*, stated: dict, title: str) -> dict:
    """The book's context: what the manifest ``stated`` (see ``manifest.entry_context``), completed by the title."""
    from_title = title_context(title)
    if "indoor_outdoor" in stated:
        from_title.pop("indoor_outdoor", None)
        from_title.pop("space", None)
    if "age_min" in stated or "age_max" in stated:
        from_title.pop("age_min", None)
        from_title.pop("age_max", None)
    return {**from_title, **stated}
