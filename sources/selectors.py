"""Reads of sources for views and admin."""

from django.db.models import Count, QuerySet

from .models import Source


def source_list() -> QuerySet[Source]:
    """Every source, by path, annotated with ``chunk_total``."""
    return Source.objects.annotate(chunk_total=Count("chunks")).order_by("path")
