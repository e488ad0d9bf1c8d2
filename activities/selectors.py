"""Reads for the public pages and the API: filtered lists, facet counts, details.

Every count here is computed by the database (conditional aggregates and
GROUP BY), never by iterating rows in Python.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from activities import taxonomy
from activities.export import filter_origin
from activities.filters import (
    RELEVANCE_ORDER,
    SETTING_CHOICES,
    SETTING_MATCHES,
    ActivityFilter,
    language_label,
    term_label,
)
from activities.library_version import library_version
from activities.models import Activity, ActivitySource, Category
from sources.models import Source


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    """The number of results, and per filter the count of each of its options.

    ``page_ids`` are the ids of the asked-for page, in order, when the facet
    statement could list them as well (a relevance-ordered search); else None.
    """

    total: int
    options: dict[str, list[FacetOption]]
    page_ids: list[int] | None = None


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    """What a results page shows of an activity: the long texts (rules,
    variations) stay in the table, and no model instance is built for it."""

    pk: int
    name: str
    name_ro: str
    language: str
    description: str
    description_ro: str
    players_min: int | None
    players_max: int | None
    duration_min: int | None
    duration_max: int | None
    indoor_outdoor: str
    source_count: int
    categories: tuple[taxonomy.Term, ...]

    @property
    def display_name(self) -> str:
        return self.name_ro or self.name


SUMMARY_FIELDS = tuple(field for field in ActivitySummary.__slots__ if field not in ("pk", "categories"))


def activity_filterset(*, filters) -> ActivityFilter:
    """The bound FilterSet for request parameters (a QueryDict or a dict)."""
    return ActivityFilter(filters, queryset=activity_published())


def activity_published() -> QuerySet:
    return Activity.objects.all()


def activity_list(*, filters) -> QuerySet:
    """Activities matching ``filters`` (the listing's GET parameters), ordered."""
    return activity_filterset(filters=filters).qs


def activity_summaries(*, ids: list[int]) -> list[ActivitySummary]:
    """The activities of a results page, in the order of ``ids``, in one query.

    A page is fetched in two steps — the ordered ids of the page, then their
    rows — so that sorting a few thousand matches never carries their text.
    Plain SQL over the model's columns, for the same reason as the facet
    statement: compiling the ORM query costs more than running it.
    """
    if not ids:
        return []
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(Activity._meta.get_field(name).column) for name in ("id", *SUMMARY_FIELDS, "category_mask")
    )
    placeholders = ", ".join(["%s"] * len(ids))
    sql = f"SELECT {columns} FROM {quote(Activity._meta.db_table)} WHERE {quote('id')} IN ({placeholders})"
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        rows = cursor.fetchall()
    summaries = {row[0]: ActivitySummary(*row[:-1], categories=taxonomy.categories_in(row[-1])) for row in rows}
    return [summaries[pk] for pk in ids if pk in summaries]


# Facets over a fixed vocabulary, counted in a single pass over the matched set:
# (facet, option, condition on a matched row). The codes are constants of
# the taxonomy, never user input.
FIXED_FACETS = (
    *(("indoor_outdoor", term.code, f"indoor_outdoor = '{term.code}'") for term in taxonomy.INDOOR_OUTDOOR),
    *(("space", term.code, f"space = '{term.code}'") for term in taxonomy.SPACE),
    ("no_materials", "true", "materials_needed = FALSE"),
)


def _ranked_by_relevance(queryset: QuerySet) -> bool:
    return "rank" in queryset.query.annotations and tuple(queryset.query.order_by) == RELEVANCE_ORDER


@dataclass(frozen=True)
class _FacetRows:
    counts: dict[tuple[str, str], int]
    languages: list[str]
    sources: list[tuple[str, str, str]]
    page_ids: list[int] | None


def _facet_rows(queryset: QuerySet, page: tuple[int, int] | None = None) -> _FacetRows:
    """The counts per (facet, value) for the activities of ``queryset``, in ONE statement.

    The filtered (and searched) set is computed once, as a materialized CTE, and
    every facet counts over it; separate ORM queries would each redo the
    full-text match. The same statement lists the library's languages (with
    zero counts) and the titles of the sources that have results. For a search
    ordered by relevance, ``page`` (offset, limit) also takes the ids of that
    page from the CTE — the page query would otherwise redo the match and the
    ranking once more. The CTE body is the QuerySet's own SQL with its bound
    parameters, so user input still never enters the SQL text. An unfiltered
    listing counts straight from the tables' indexes instead (no 100k-row CTE).
    """
    quote = connection.ops.quote_name
    columns = ("id", "indoor_outdoor", "space", "language", "materials_needed", "category_mask")
    unfiltered = not queryset.query.where and len(queryset.query.alias_map) <= 1
    with_page = page is not None and not unfiltered and _ranked_by_relevance(queryset)
    if with_page:
        columns = (*columns, "rank")
    activities = quote(Activity._meta.db_table)
    categories = quote(Activity.categories.through._meta.db_table)
    category_table = quote(Category._meta.db_table)
    links = quote(ActivitySource._meta.db_table)
    sources = quote(Source._meta.db_table)
    # Every branch gives (facet, value, count, source title, source path).
    if unfiltered:
        ctes, params, matched, member = [], [], activities, ""
        # Each column's own index answers its GROUP BY without reading the table.
        branches = [f"SELECT 'total', '', COUNT(*), NULL, NULL FROM {activities}"]
        branches += [
            f"SELECT '{column}', {column}, COUNT(*), NULL, NULL FROM {activities} GROUP BY {column}"
            for column in ("indoor_outdoor", "space")
        ]
        branches += [
            f"SELECT 'no_materials', 'true', COUNT(*), NULL, NULL FROM {activities} WHERE materials_needed = FALSE",
            f"SELECT 'category', {category_table}.code, counted.activities, NULL, NULL "
            f"FROM (SELECT category_id, COUNT(*) AS activities FROM {categories} GROUP BY category_id) AS counted "
            f"INNER JOIN {category_table} ON {category_table}.id = counted.category_id",
        ]
    else:
        try:
            matched_sql, params = queryset.order_by().values(*columns).query.sql_with_params()
        except EmptyResultSet:  # e.g. a search with no words in it: nothing matches
            empty_columns = ", ".join("0.0" if column == "rank" else column for column in columns)
            matched_sql, params = f"SELECT {empty_columns} FROM {activities} WHERE 1 = 0", []
        params = list(params)
        matched, member = "matched", " AND activity_id IN (SELECT id FROM matched)"
        # A few thousand matched rows: one pass tallies every fixed option at once.
        tallies = ", ".join(
            f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS tally_{number}"
            for number, (_facet, _option, condition) in enumerate(FIXED_FACETS)
        )
        ctes = [
            f"matched ({', '.join(columns)}) AS MATERIALIZED ({matched_sql})",
            f"fixed AS MATERIALIZED (SELECT COUNT(*) AS total, {tallies} FROM matched)",
        ]
        branches = ["SELECT 'total', '', total, NULL, NULL FROM fixed"]
        branches += [
            f"SELECT '{facet}', '{option}', tally_{number}, NULL, NULL FROM fixed"
            for number, (facet, option, _condition) in enumerate(FIXED_FACETS)
        ]
        # A few dozen distinct combinations of categories; each one's bits are counted in Python.
        branches.append(
            "SELECT 'category_mask', CAST(category_mask AS TEXT), COUNT(*), NULL, NULL "
            "FROM matched GROUP BY category_mask"
        )
    branches += [
        f"SELECT 'language', language, COUNT(*), NULL, NULL FROM {matched} GROUP BY language",
        # Every language of the library, so an option with no result still shows (0).
        f"SELECT 'library_language', language, 0, NULL, NULL "
        f"FROM (SELECT DISTINCT language FROM {activities}) AS library",
        f"SELECT 'source', CAST(counted.source_id AS TEXT), counted.activities, {sources}.title, {sources}.path "
        f"FROM (SELECT source_id, COUNT(DISTINCT activity_id) AS activities FROM {links} "
        f"WHERE source_id IS NOT NULL{member} GROUP BY source_id) AS counted "
        f"INNER JOIN {sources} ON {sources}.id = counted.source_id",
    ]
    if with_page:
        # The same order as ActivityFilter.order_results: rank descending, ties by id.
        # The position numbers the page's own rows (1..limit), which is all the caller needs.
        branches.append(
            "SELECT 'page', CAST(id AS TEXT), ROW_NUMBER() OVER (ORDER BY rank DESC, id), NULL, NULL FROM "
            "(SELECT id, rank FROM matched ORDER BY rank DESC, id LIMIT %s OFFSET %s) AS page"
        )
        offset, limit = page
        params += [limit, offset]
    counts, languages, source_rows, page_rows = {}, [], [], []
    with connection.cursor() as cursor:
        cursor.execute((f"WITH {', '.join(ctes)} " if ctes else "") + " UNION ALL ".join(branches), params)
        for facet, value, count, title, path in cursor.fetchall():
            value = "" if value is None else str(value)
            if facet == "page":
                page_rows.append((count, int(value)))
                continue
            if facet == "library_language":
                languages.append(value)
                continue
            if facet == "category_mask":
                for term in taxonomy.categories_in(int(value)):
                    counts[("category", term.code)] = counts.get(("category", term.code), 0) + count
                continue
            counts[(facet, value)] = count or 0  # SUM over no rows is NULL
            if facet == "source":
                source_rows.append((value, title, path))
    return _FacetRows(
        counts=counts,
        languages=sorted(language for language in languages if language),
        sources=sorted(source_rows, key=lambda row: (row[1], row[2])),
        page_ids=[pk for _position, pk in sorted(page_rows)] if with_page else None,
    )


def _facets_cache_key(queryset: QuerySet, page: tuple[int, int] | None) -> str | None:
    """The cache key of the facets of ``queryset`` in the current library version: the statement that selects it
    and its parameters, the page only when the facet statement lists its ids; None when nothing can match."""
    try:
        sql, params = queryset.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:
        return None
    listed_page = page if _ranked_by_relevance(queryset) else None
    statement = repr((sql, tuple(params), listed_page, translation.get_language()))
    return f"facets:{library_version()}:{hashlib.sha256(statement.encode()).hexdigest()}"


def activity_facets(*, queryset: QuerySet, page: tuple[int, int] | None = None) -> Facets:
    """How many activities ``queryset`` has and, for each option of each filter,
    how many of them it would keep; with ``page`` (offset, limit), the ids of
    that page too when the same statement can list them (see ``_facet_rows``).

    Kept in the ``facets`` cache per library version (``activities.library_version``): a listing asked for again
    before the library changes is not counted again."""
    key = _facets_cache_key(queryset, page)
    cache = caches["facets"]
    facets = cache.get(key) if key else None
    if facets is None:
        facets = _facets_count(queryset, page)
        if key:
            cache.set(key, facets)
    return facets


def _facets_count(queryset: QuerySet, page: tuple[int, int] | None) -> Facets:
    rows = _facet_rows(queryset, page)
    counts = rows.counts
    options = {
        "category": [
            FacetOption(term.code, term_label(term), counts.get(("category", term.code), 0))
            for term in taxonomy.CATEGORIES
        ],
        "setting": [
            FacetOption(
                code, str(label), sum(counts.get(("indoor_outdoor", match), 0) for match in SETTING_MATCHES[code])
            )
            for code, label in SETTING_CHOICES
        ],
        "space": [
            FacetOption(term.code, term_label(term), counts.get(("space", term.code), 0)) for term in taxonomy.SPACE
        ],
        "language": [
            FacetOption(code, language_label(code), counts.get(("language", code), 0)) for code in rows.languages
        ],
        "no_materials": [FacetOption("true", "", counts.get(("no_materials", "true"), 0))],
        # The label is Source.__str__ (title, else path).
        "source": [FacetOption(pk, title or path, counts[("source", pk)]) for pk, title, path in rows.sources],
    }
    return Facets(total=counts[("total", "")], options=options, page_ids=rows.page_ids)


def activity_relaxations(*, filterset: ActivityFilter) -> list[tuple[str, int]]:
    """For an empty result: each active filter with the number of results without it,
    best first (filters whose removal still gives nothing are left out)."""
    relaxations = []
    for name in filterset.active_filters():
        data = filterset.data.copy()
        data.pop(name, None)
        count = ActivityFilter(data, queryset=activity_published()).qs.count()
        if count:
            relaxations.append((name, count))
    return sorted(relaxations, key=lambda item: -item[1])


def activity_detail(*, activity_id: int) -> Activity:
    """One activity with its categories and sources (raises Activity.DoesNotExist)."""
    sources = ActivitySource.objects.select_related("source").order_by("source__title", "page", "pk")
    return Activity.objects.prefetch_related("categories", Prefetch("sources", queryset=sources)).get(pk=activity_id)


def source_file_path(*, source: Source) -> Path | None:
    """The original file of a downloadable source, or None: web mirrors, folders,
    missing files and paths that resolve outside CORPUS_DIR are never served."""
    if source.kind == Source.Kind.WEB_MIRROR or not source.path:
        return None
    corpus = Path(settings.CORPUS_DIR).resolve()
    path = (corpus / source.path).resolve()
    if not path.is_relative_to(corpus) or not path.is_file():
        return None
    return path


@dataclass(frozen=True)
class FilterValue:
    label: str
    value: str
    origin: str
    origin_label: str
    evidence: str

    @property
    def estimated(self) -> bool:
        return self.origin == "estimated"


def range_text(low, high, unit: str = "") -> str:
    """ "10–30", "10+", "≤ 30" or "" for a pair of bounds, with an optional unit."""
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        text = str(low) if low == high else f"{low}–{high}"
    elif low is not None:
        text = f"{low}+"
    else:
        text = f"≤ {high}"
    return f"{text} {unit}".strip()


def activity_filter_values(*, activity: Activity) -> list[FilterValue]:
    """The activity's filter values as shown on the detail page and the card, each with where it came from
    (the weakest origin among the fields behind it) and the words it was read from."""
    origin_terms = {term.code: term for term in taxonomy.ORIGINS}
    rows = []

    def add(label, value, *fields):
        if not value:
            return
        known = [filter_origin(activity, name) for name in fields if name in activity.filter_origins]
        origin, evidence = max(known, key=lambda pair: taxonomy.ORIGIN_RANK[pair[0]], default=("stated", ""))
        if not known and activity.estimated_fields and set(activity.estimated_fields).intersection(fields):
            origin = "estimated"
        rows.append(FilterValue(str(label), str(value), origin, term_label(origin_terms[origin]), evidence))

    add(_("Age"), range_text(activity.age_min, activity.age_max, _("years")), "age_min", "age_max")
    add(_("Players"), range_text(activity.players_min, activity.players_max), "players_min", "players_max")
    add(
        _("Duration"),
        range_text(activity.duration_min, activity.duration_max, _("min")),
        "duration_min",
        "duration_max",
    )
    terms = {term.code: term for term in taxonomy.INDOOR_OUTDOOR + taxonomy.SPACE}
    if activity.indoor_outdoor in terms:
        add(_("Indoor/outdoor"), term_label(terms[activity.indoor_outdoor]), "indoor_outdoor")
    if activity.space in terms:
        add(_("Space needed"), term_label(terms[activity.space]), "space")
    if activity.materials:
        add(_("Materials"), ", ".join(str(item) for item in activity.materials), "materials", "materials_needed")
    elif activity.materials_needed is False:
        add(_("Materials"), _("none needed"), "materials", "materials_needed")
    categories = ", ".join(term_label(category) for category in activity.categories.all())
    add(_("Category"), categories, "categories")
    return rows
