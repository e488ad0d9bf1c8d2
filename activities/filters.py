"""The listing's filters, shared by the HTML pages and the JSON API.

A filter on a value keeps only activities *known* to fit it: an activity whose
group size, age or duration is unknown is left out when the user asks for one
(an unknown duration may well be two hours). Open-ended ranges are kept open:
``players_max`` NULL with ``players_min`` 10 fits 40 players.
"""

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.db.models.query import EmptyQuerySet
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from activities import taxonomy
from activities.models import DISPLAY_NAME, Activity, Category
from activities.search import search
from sources.models import Source

SETTING_CHOICES = (("indoor", _("Indoor")), ("outdoor", _("Outdoor")))
# "both" is playable inside and outside, so it answers either question.
SETTING_MATCHES = {"indoor": ("indoor", "both"), "outdoor": ("outdoor", "both")}
SORT_RELEVANCE, SORT_NAME, SORT_DURATION = "relevance", "name", "duration"
SORT_CHOICES = ((SORT_RELEVANCE, _("Relevance")), (SORT_NAME, _("Name")), (SORT_DURATION, _("Duration")))
# The relevance order (ties by id); the facet statement lists a page in this same order.
RELEVANCE_ORDER = ("-rank", "pk")
# Filters whose removal the empty-result page may suggest, in the order shown.
# The activity fields each filter reads, for "only values the books state".
FILTER_FIELDS_OF = {
    "category": ("categories",),
    "age": ("age_min", "age_max"),
    "players": ("players_min", "players_max"),
    "time": ("duration_min", "duration_max"),
    "setting": ("indoor_outdoor",),
    "space": ("space",),
    "no_materials": ("materials",),
}
RELAXABLE = ("q", "category", "age", "players", "time", "setting", "space", "no_materials", "language", "source")


def term_label(term) -> str:
    """A taxonomy term's label in the active language (Romanian unless English is active)."""
    return term.label_en if (get_language() or "ro").startswith("en") else term.label_ro


def language_label(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def space_choices() -> list[tuple[str, str]]:
    return [(term.code, term_label(term)) for term in taxonomy.SPACE]


def language_choices() -> list[tuple[str, str]]:
    codes = Activity.objects.order_by("language").values_list("language", flat=True).distinct()
    return [(code, language_label(code)) for code in codes if code]


def range_includes(field: str, number: int) -> Q:
    """``<field>_min ≤ number ≤ <field>_max``, a missing end being open; a range with
    neither end known is left out rather than matching everything."""
    low, high = f"{field}_min", f"{field}_max"
    return (
        (Q(**{f"{low}__isnull": False}) | Q(**{f"{high}__isnull": False}))
        & (Q(**{f"{low}__isnull": True}) | Q(**{f"{low}__lte": number}))
        & (Q(**{f"{high}__isnull": True}) | Q(**{f"{high}__gte": number}))
    )


class ActivityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=10_000)
    category = django_filters.ModelMultipleChoiceFilter(
        queryset=Category.objects.all(),
        to_field_name="code",
        method="filter_category",
        label=_("Category"),
        widget=forms.CheckboxSelectMultiple,
    )
    age = django_filters.NumberFilter(method="filter_age", label=_("Age"), min_value=0, max_value=120, decimal_places=0)
    players = django_filters.NumberFilter(
        method="filter_players", label=_("Players"), min_value=1, max_value=100_000, decimal_places=0
    )
    time = django_filters.NumberFilter(
        method="filter_time", label=_("Time available (minutes)"), min_value=1, max_value=100_000, decimal_places=0
    )
    setting = django_filters.ChoiceFilter(choices=SETTING_CHOICES, method="filter_setting", label=_("Indoor/outdoor"))
    space = django_filters.ChoiceFilter(choices=space_choices, label=_("Space needed"))
    no_materials = django_filters.BooleanFilter(
        method="filter_no_materials", label=_("No materials needed"), widget=forms.CheckboxInput
    )
    stated_only = django_filters.BooleanFilter(
        method="filter_stated_only", label=_("Only values the books state"), widget=forms.CheckboxInput
    )
    language = django_filters.ChoiceFilter(choices=language_choices, label=_("Language of the original"))
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all(), method="filter_source", label=_("Source"))
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="order_results", label=_("Sort by"))

    class Meta:
        model = Activity
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Ordering always applies, so the sort field always has a value.
        if data is not None and not data.get("sort"):
            data = data.copy()
            data["sort"] = SORT_RELEVANCE if (data.get("q") or "").strip() else SORT_NAME
        super().__init__(data, *args, **kwargs)

    def get_form_class(self):
        # The form's fields depend on nothing in the request: build its class once
        # per FilterSet class instead of on every request.
        filterset_class = type(self)
        if "_form_class" not in filterset_class.__dict__:
            filterset_class._form_class = super().get_form_class()
        return filterset_class._form_class

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search(queryset, value)

    def filter_category(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # No box ticked gives an empty QuerySet; bool() on it would compile a query.
        if isinstance(value, EmptyQuerySet):
            return queryset
        # A subquery, not a join: an activity in two chosen categories stays one row.
        through = Activity.categories.through.objects.filter(category__in=value)
        return queryset.filter(pk__in=through.values("activity_id"))

    def filter_age(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(range_includes("age", int(value)))

    def filter_players(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset.filter(range_includes("players", int(value)))

    def filter_time(self, queryset: QuerySet, name: str, value) -> QuerySet:
        minutes = int(value)
        # The shortest way to play it must fit; unknown durations are left out.
        return queryset.filter(Q(duration_min__lte=minutes) | Q(duration_min__isnull=True, duration_max__lte=minutes))

    def filter_setting(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(indoor_outdoor__in=SETTING_MATCHES[value])

    def filter_no_materials(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        # An unchecked box means "don't care", not "materials required".
        return queryset.filter(materials_needed=False) if value else queryset

    def filter_stated_only(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        """Leave out games whose value for any filter in use is an estimate (a curator's, the text's or the
        book's value counts as stated)."""
        cleaned = self.form.cleaned_data
        fields = [field for name, fields in FILTER_FIELDS_OF.items() if cleaned.get(name) for field in fields]
        mask = taxonomy.field_mask(fields)
        if not value or not mask:
            return queryset
        return queryset.alias(estimated_in_use=F("estimated_mask").bitand(mask)).filter(estimated_in_use=0)

    def filter_source(self, queryset: QuerySet, name: str, value: Source) -> QuerySet:
        return queryset.filter(pk__in=value.activity_links.values("activity_id"))

    def order_results(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == SORT_RELEVANCE and self.form.cleaned_data.get("q"):
            # Ties broken by id, not name: the sort then reads only the full-text
            # table and the filter index, never the wide activity rows.
            return queryset.order_by(*RELEVANCE_ORDER)
        if value == SORT_DURATION:
            return queryset.order_by(F("duration_min").asc(nulls_last=True), DISPLAY_NAME, "pk")
        return queryset.order_by(DISPLAY_NAME, "pk")

    def active_filters(self) -> list[str]:
        """Names of the filters (not the sort) that narrow the current results."""
        cleaned = self.form.cleaned_data if self.is_valid() else {}
        return [name for name in RELAXABLE if cleaned.get(name) not in (None, "", [], False)]
