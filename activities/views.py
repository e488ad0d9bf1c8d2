"""Public pages: the filtered listing, an activity, its print card, a source file."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from activities import selectors
from activities.models import Activity
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
    }
    return render(request, "activities/list.html", context)


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


def activity_detail(request, pk: int):
    return render(request, "activities/detail.html", _detail_context(pk))


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
