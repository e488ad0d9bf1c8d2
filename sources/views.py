from django.shortcuts import render

from .selectors import source_list


def source_list_view(request):
    """Every source with its kind, language, pages, chunk count and status."""
    return render(request, "sources/source_list.html", {"sources": source_list()})
