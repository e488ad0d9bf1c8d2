"""Read-only JSON: the listing (same filters as the HTML page), one activity (each in the shape of the
open-data export, ``activities/export.py``) and a checked session plan."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from activities import planner, selectors
from activities.export import activity_to_dict
from activities.models import Activity, ActivitySource
from activities.page_cache import cached_library_page

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
INVALID_PAGE = "Invalid page."
NOT_FOUND = "Not found."


def _with_relations(queryset):
    links = ActivitySource.objects.select_related("source").order_by("pk")
    return queryset.prefetch_related("categories", Prefetch("sources", queryset=links))


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def _page_url(request, number: int) -> str:
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_safe
@cached_library_page
def activity_list(request):
    filterset = selectors.activity_filterset(filters=request.GET)
    if not filterset.is_valid():
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    paginator = Paginator(_with_relations(filterset.qs), _page_size(request))
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        return JsonResponse({"errors": {"page": [{"message": INVALID_PAGE, "code": "invalid"}]}}, status=404)
    return JsonResponse(
        {
            "count": paginator.count,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": _page_url(request, page.previous_page_number()) if page.has_previous() else None,
            "results": [activity_to_dict(activity) for activity in page],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_safe
@cached_library_page
def activity_detail(request, pk: int):
    try:
        activity = _with_relations(Activity.objects.all()).get(pk=pk)
    except Activity.DoesNotExist:
        return JsonResponse({"errors": {"id": [{"message": NOT_FOUND, "code": "not_found"}]}}, status=404)
    return JsonResponse(activity_to_dict(activity), json_dumps_params={"ensure_ascii": False})


@require_safe
@cached_library_page
def session_plan(request):
    """The plan in the query string, checked: the same checks, conflicts and totals as the plan page."""
    checked = planner.check_plan(planner.parse_plan(request.GET))
    return JsonResponse(planner.plan_to_dict(checked), json_dumps_params={"ensure_ascii": False})
