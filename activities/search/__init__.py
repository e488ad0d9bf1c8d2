"""Full-text search over activities: one interface, one backend per database vendor.

``reindex(activity_ids=None)`` keeps the index in line with the Activity table;
``search(queryset, query)`` narrows a QuerySet to matches and annotates ``rank``.
"""

from django.db import connection
from django.db.models import FloatField, QuerySet, Value

from activities.library_version import library_changed
from activities.search.base import FallbackBackend, SearchBackend, query_terms

__all__ = ["backend", "query_terms", "reindex", "search"]

_backends: dict[str, SearchBackend] = {}


def backend() -> SearchBackend:
    """The backend for the default connection's vendor, chosen once per vendor
    after a capability check (SQLite without FTS5 falls back to substring match)."""
    vendor = connection.vendor
    if vendor not in _backends:
        _backends[vendor] = _choose(vendor)
    return _backends[vendor]


def _choose(vendor: str) -> SearchBackend:
    if vendor == "postgresql":
        from activities.search.postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite":
        from activities.search import sqlite

        if sqlite.fts5_available() and sqlite.table_exists():
            return sqlite.SqliteFts5Backend()
    return FallbackBackend()


def reindex(activity_ids=None) -> None:
    """Rebuild the index for these activity ids (None = all activities).

    Every bulk write to the library ends with a reindex, so the library gets a new version here too
    (``activities.library_version``): cached facet counts of the old one are not served again."""
    backend().reindex(activity_ids=activity_ids)
    library_changed()


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Activities of ``queryset`` matching every word of ``query``, annotated with ``rank``.

    A query with no words in it (blank, punctuation, emoji) matches nothing.
    """
    terms = query_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()
    return backend().search(queryset, terms)
