"""Reads for the public pages and the API: filtered lists, facet counts, details.

Every count here is computed by the database (conditional aggregates and
GROUP BY), never by iterating rows in Python.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from activities import taxonomy
from activities.filters import SETTING_CHOICES, SETTING_MATCHES, ActivityFilter, language_label, term_label
from activities.models import Activity, ActivitySource, Category
from sources.models import Source


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facets:
    """The number of results, and per filter the count of each of its options."""

    total: int
    options: dict[str, list[FacetOption]]


# What a results page shows: the long texts (rules, variations) stay in the table.
LIST_FIELDS = (
    "name",
    "name_ro",
    "language",
    "description",
    "description_ro",
    "players_min",
    "players_max",
    "duration_min",
    "duration_max",
    "indoor_outdoor",
    "source_count",
)


def activity_filterset(*, filters) -> ActivityFilter:
    """The bound FilterSet for request parameters (a QueryDict or a dict)."""
    return ActivityFilter(filters, queryset=activity_published())


def activity_published() -> QuerySet:
    return Activity.objects.all()


def activity_list(*, filters) -> QuerySet:
    """Activities matching ``filters`` (the listing's GET parameters), ordered."""
    return activity_filterset(filters=filters).qs


def activity_list_for_display(*, queryset: QuerySet) -> QuerySet:
    """What a results page shows per activity, in a bounded number of queries."""
    return queryset.only(*LIST_FIELDS).prefetch_related("categories")


def activity_facets(*, queryset: QuerySet) -> Facets:
    """How many activities ``queryset`` has and, for each option of each filter,
    how many of them it would keep."""
    queryset = queryset.order_by()
    languages = list(Activity.objects.order_by("language").values_list("language", flat=True).distinct())
    conditions = {f"setting:{code}": Q(indoor_outdoor__in=SETTING_MATCHES[code]) for code, _label in SETTING_CHOICES}
    conditions |= {f"space:{term.code}": Q(space=term.code) for term in taxonomy.SPACE}
    conditions |= {f"language:{code}": Q(language=code) for code in languages}
    conditions["no_materials:true"] = Q(materials_needed=False)
    # One query for the total and every option of every single-valued filter.
    counts = queryset.aggregate(
        total=Count("pk"), **{key: Count("pk", filter=condition) for key, condition in conditions.items()}
    )

    matched = queryset.values("pk")
    by_category = dict(
        Activity.categories.through.objects.filter(activity_id__in=matched)
        .values("category_id")
        .annotate(n=Count("activity_id"))
        .values_list("category_id", "n")
    )
    by_source = dict(
        ActivitySource.objects.filter(activity_id__in=matched, source__isnull=False)
        .values("source_id")
        .annotate(n=Count("activity_id", distinct=True))
        .values_list("source_id", "n")
    )
    sources = Source.objects.filter(pk__in=by_source.keys()).order_by("title", "path")
    options = {
        "category": [
            FacetOption(category.code, term_label(category), by_category.get(category.pk, 0))
            for category in Category.objects.all()
        ],
        "setting": [FacetOption(code, str(label), counts[f"setting:{code}"]) for code, label in SETTING_CHOICES],
        "space": [FacetOption(term.code, term_label(term), counts[f"space:{term.code}"]) for term in taxonomy.SPACE],
        "language": [FacetOption(code, language_label(code), counts[f"language:{code}"]) for code in languages],
        "no_materials": [FacetOption("true", "", counts["no_materials:true"])],
        "source": [FacetOption(str(source.pk), str(source), by_source[source.pk]) for source in sources],
    }
    return Facets(total=counts["total"], options=options)


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
    estimated: bool


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
    """The activity's filter values as shown on the detail page, each marked
    estimated when any field behind it was inferred rather than stated."""
    estimated = set(activity.estimated_fields or [])
    rows = []

    def add(label, value, *fields):
        if value:
            rows.append(FilterValue(str(label), str(value), bool(estimated.intersection(fields))))

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
