"""Book contexts (``activities.book_context``) on a game's row: weaker than a value its text states or a
heading gives, stronger than an estimate."""

from collections.abc import Mapping
from dataclasses import dataclass

from activities import taxonomy
from activities.book_context import book_context
from activities.normalize import NormalizedActivity
from sources.models import Source

# Fields a book's context may give, in the groups it gives them: a place is its setting and space.
BOOK_GROUPS = (("age_min", "age_max"), ("players_min", "players_max"), ("indoor_outdoor", "space"))
BOOK_EVIDENCE = "the book: {title}"
CONTEXT = "context"


@dataclass(frozen=True)
class BookContext:
    """A book's context values, and its title for the evidence."""

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


def book_fill(
    members: list[NormalizedActivity], books: Mapping[str, BookContext], *, values: dict, origins: dict
) -> None:
    """Give each group of fields the first member's book context that states it, where nothing stronger did."""
    for group in BOOK_GROUPS:
        _group_fill(members, group, books, values=values, origins=origins)


def _group_fill(
    members: list[NormalizedActivity],
    group: tuple[str, ...],
    books: Mapping[str, BookContext],
    *,
    values: dict,
    origins: dict,
) -> None:
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
