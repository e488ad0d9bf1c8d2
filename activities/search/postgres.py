"""PostgreSQL backend: a weighted tsvector over the activity's own columns,
matched through a GIN expression index (created by migration ``0003_search``)
and ranked with ts_rank.

``unaccent`` is not IMMUTABLE, so it cannot appear in an index expression; the
migration wraps it in ``gamelibrary_search_fold``, which is. The wrapper also
blanks ``<``, ``>`` and ``&``: the default text search parser reads anything
tag- or entity-shaped as markup and drops the words inside it. The 'simple' text
search configuration is used because the library is bilingual: stemming for
one language would mangle the other.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Func, QuerySet, TextField
from django.db.models.functions import Cast

from activities.search.base import BODY_FIELDS, DESCRIPTION_FIELDS, NAME_FIELDS, SearchBackend

CONFIG = "simple"
INDEX_NAME = "activity_search_gin"
FOLD_FUNCTION = "gamelibrary_search_fold"
CREATE_FUNCTION_SQL = (
    f"CREATE OR REPLACE FUNCTION {FOLD_FUNCTION}(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT translate(public.unaccent('public.unaccent'::regdictionary, $1), '<>&', '   ') $$"
)
DROP_FUNCTION_SQL = f"DROP FUNCTION IF EXISTS {FOLD_FUNCTION}(text)"
# ts_rank weights for D, C, B, A (body, description, aliases, names).
RANK_WEIGHTS = [0.1, 0.3, 0.6, 1.0]


class SearchFold(Func):
    function = FOLD_FUNCTION
    output_field = TextField()


def _folded(*fields):
    # unaccent's rules strip both the cedilla (ş, ţ) and the comma below (ș, ț).
    return [SearchFold(F(field)) for field in fields]


def search_document() -> SearchVector:
    """The indexed expression. The GIN index is built from this very expression,
    so a change here needs a migration that recreates the index."""
    return (
        SearchVector(*_folded(*NAME_FIELDS), config=CONFIG, weight="A")
        + SearchVector(SearchFold(Cast("aliases", TextField())), config=CONFIG, weight="B")
        + SearchVector(*_folded(*DESCRIPTION_FIELDS), config=CONFIG, weight="C")
        + SearchVector(*_folded(*BODY_FIELDS), config=CONFIG, weight="D")
    )


def tsquery(terms: list[str]) -> str:
    """A raw tsquery in which each term is a quoted lexeme, all ANDed, the last a prefix."""
    quoted = ["'" + term.replace("'", "''").replace("\\", "\\\\") + "'" for term in terms]
    quoted[-1] += ":*"
    return " & ".join(quoted)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def reindex(self, *, activity_ids=None) -> None:
        """Nothing to do: PostgreSQL maintains the expression index with each write."""

    def search(self, queryset: QuerySet, terms: list[str]) -> QuerySet:
        query = SearchQuery(tsquery(terms), config=CONFIG, search_type="raw")
        return (
            queryset.alias(search_document=search_document())
            .filter(search_document=query)
            .annotate(rank=SearchRank(search_document(), query, weights=RANK_WEIGHTS))
        )
