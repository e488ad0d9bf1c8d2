"""The search contract, shared by every backend; they all fold text with ``activities.normalize.unaccent``.

A backend answers two calls:

- ``reindex(activity_ids=None)``: bring the index in line with the Activity
  table (None = everything; otherwise only those ids, dropping ids that no
  longer exist).
- ``search(queryset, terms)``: narrow ``queryset`` to activities matching every
  term (the last one as a prefix) and annotate a float ``rank``, higher = better.
  It must return a QuerySet so django-filter, facets and pagination compose.

User input never reaches SQL or a full-text query language as such: it is cut
into word tokens here (``query_terms``) and each backend quotes every token.
"""

import functools
import re

from django.db.models import Q, QuerySet, Value
from django.db.models.fields import FloatField

from activities.normalize import unaccent

WORD = re.compile(r"[^\W_]+")
# Bounds on what one query may cost: a pasted page of text is cut, not refused.
MAX_TERMS = 12
MAX_TERM_CHARS = 40

NAME_FIELDS = ("name", "name_ro")
DESCRIPTION_FIELDS = ("description", "description_ro")
BODY_FIELDS = ("rules", "rules_ro", "variations", "variations_ro")
INDEXED_FIELDS = (*NAME_FIELDS, "aliases", *DESCRIPTION_FIELDS, *BODY_FIELDS)

BACKEND_NOT_IMPLEMENTED = "{cls} must implement {method}()."


@functools.lru_cache(maxsize=256)
def _query_terms(query: str) -> tuple[str, ...]:
    return tuple(token[:MAX_TERM_CHARS] for token in WORD.findall(unaccent(query)))[:MAX_TERMS]


def query_terms(query: str) -> list[str]:
    """The folded word tokens of a user's query, bounded in number and length.
    (Cached: a results page highlights every snippet with the same query.)"""
    return list(_query_terms(query or ""))


class SearchBackend:
    """Base class; see the module docstring for the contract."""

    name = "base"

    def reindex(self, *, activity_ids=None) -> None:
        raise NotImplementedError(BACKEND_NOT_IMPLEMENTED.format(cls=type(self).__name__, method="reindex"))

    def search(self, queryset: QuerySet, terms: list[str]) -> QuerySet:
        raise NotImplementedError(BACKEND_NOT_IMPLEMENTED.format(cls=type(self).__name__, method="search"))


class FallbackBackend(SearchBackend):
    """Substring match, unranked: used only where no full-text engine is available
    (SQLite built without FTS5). Not diacritic-insensitive; a system check warns (``activities.W001``)."""

    name = "fallback"

    def reindex(self, *, activity_ids=None) -> None:
        """Nothing to maintain: it reads the Activity table directly."""

    def search(self, queryset: QuerySet, terms: list[str]) -> QuerySet:
        for term in terms:
            matches_term = Q()
            for field in INDEXED_FIELDS:
                matches_term |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(matches_term)
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
