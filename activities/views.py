"""Public pages: the filtered listing, an activity, its print card, a source file, the session planner."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from activities import planner, selectors
from activities.filters import SETTING_CHOICES, space_choices
from activities.models import Activity
from activities.page_cache import cached_library_page
from sources.models import Source

PAGE_SIZE = 20
# The furthest page whose offset a database's 64-bit OFFSET can hold; any page past the last shows the last.
FURTHEST_PAGE = (2**63 - 1) // PAGE_SIZE
# Filters behind "More filters" on the listing; the box opens when one is in use.
SECONDARY_FILTERS = ("space", "category", "language", "source", "sort")


class CountedPaginator(Paginator):
    """A paginator told its total, which the facet query has already counted."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@cached_library_page
def activity_list(request):
    filterset = selectors.activity_filterset(filters=request.GET)
    queryset = filterset.qs
    # The page asked for; the facet statement may list its ids (a search by relevance).
    offset = (_page_number(request.GET.get("page")) - 1) * PAGE_SIZE
    facets = selectors.activity_facets(queryset=queryset, page=(offset, PAGE_SIZE))
    paginator = CountedPaginator(queryset.values_list("pk", flat=True), PAGE_SIZE, count=facets.total)
    page = paginator.get_page(request.GET.get("page"))
    if facets.page_ids is not None and (page.number - 1) * PAGE_SIZE == offset:
        ids = facets.page_ids
    else:  # another order, or a page number out of range that the paginator replaced
        ids = list(page.object_list)
    page.object_list = selectors.activity_summaries(ids=ids)
    relaxations = []
    if page.paginator.count == 0:
        relaxations = [
            {"label": filterset.filters[name].label, "count": count, "url": _without(request, name)}
            for name, count in selectors.activity_relaxations(filterset=filterset)
        ]
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "facets": facets.options,
        "relaxations": relaxations,
        "selected_categories": request.GET.getlist("category"),
        "more_filters_active": any(request.GET.get(name) for name in SECONDARY_FILTERS),
        "query": filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else "",
        **_plan_in_request(request),
    }
    return render(request, "activities/list.html", context)


def _plan_in_request(request) -> dict:
    """The plan a page was opened from (its query in the ``plan`` parameter), for its "Add to plan" links."""
    raw = request.GET.get("plan", "")
    plan = planner.parse_plan(QueryDict(raw[:4000])) if raw else None
    return {"plan": plan, "plan_param": plan.query() if plan else ""}


def _page_number(value) -> int:
    """The page number asked for, as Paginator.get_page reads it (1 when it is not one), at most FURTHEST_PAGE."""
    try:
        return min(max(1, int(value)), FURTHEST_PAGE)
    except (TypeError, ValueError):
        return 1


def _without(request, name: str) -> str:
    params = request.GET.copy()
    params.pop(name, None)
    params.pop("page", None)
    return f"?{params.urlencode()}"


def _detail_context(activity_id: int) -> dict:
    try:
        activity = selectors.activity_detail(activity_id=activity_id)
    except Activity.DoesNotExist:
        raise Http404 from None
    return {
        "activity": activity,
        "filter_values": selectors.activity_filter_values(activity=activity),
        "download_enabled": settings.SOURCE_DOWNLOAD_ENABLED,
    }


@cached_library_page
def activity_detail(request, pk: int):
    return render(request, "activities/detail.html", {**_detail_context(pk), **_plan_in_request(request)})


@cached_library_page
def activity_print(request, pk: int):
    return render(request, "activities/print.html", _detail_context(pk))


def source_download(request, pk: int):
    """The original file of a source, when downloads are switched on (off by default: copyright)."""
    if not settings.SOURCE_DOWNLOAD_ENABLED:
        raise Http404
    path = selectors.source_file_path(source=get_object_or_404(Source, pk=pk))
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)


def _plan_context(plan: planner.Plan) -> dict:
    checked = planner.check_plan(plan)
    last = len(checked.games) - 1
    rows = [
        {
            "game": game,
            "up": plan.moved(game.activity.pk, -1) if position else None,
            "down": plan.moved(game.activity.pk, 1) if position < last else None,
            "without": plan.without_game(game.activity.pk),
        }
        for position, game in enumerate(checked.games)
    ]
    library = QueryDict(mutable=True)
    library.update(plan.listing_filters())
    library["plan"] = plan.query()
    return {
        "plan": plan,
        "checked": checked,
        "rows": rows,
        "plan_query": plan.query(),
        "library_url": f"{reverse('activities:list')}?{library.urlencode()}",
        "space_choices": space_choices(),
        "setting_choices": SETTING_CHOICES,
        "max_games": planner.MAX_GAMES,
    }


def _needs_canonical_address(request, plan: planner.Plan) -> bool:
    """Whether the plan's own address says something else than the one asked for (a form's ``game`` fields,
    defaults, empty fields). Compared decoded, so the plan's own address never redirects again; an address with
    values the page must report as ignored is kept."""
    if plan.ignored or plan.capped:
        return False
    return sorted(request.GET.lists()) != sorted(QueryDict(plan.query()).lists())


@cached_library_page
def session_plan(request):
    plan = planner.parse_plan(request.GET)
    if _needs_canonical_address(request, plan):
        query = plan.query()
        return redirect(f"{request.path}?{query}" if query else request.path)
    context = _plan_context(plan)
    checked = context["checked"]
    context["suggestions"] = [
        {
            "activity": summary,
            "duration": selectors.range_text(summary.duration_min, summary.duration_max, _("min")),
            "add": plan.with_game(summary.pk),
        }
        for summary in planner.suggestions(checked)
    ]
    return render(request, "activities/plan.html", context)


@cached_library_page
def session_plan_print(request):
    context = _plan_context(planner.parse_plan(request.GET))
    context["cards"] = [
        {"activity": game.activity, "filter_values": selectors.activity_filter_values(activity=game.activity)}
        for game in context["checked"].games
    ]
    return render(request, "activities/plan_print.html", context)
