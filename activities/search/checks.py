"""The system check that warns when search runs without a full-text engine."""

from django.core import checks
from django.db import connection

from activities.search import sqlite

NO_FTS5 = checks.Warning(
    "This SQLite has no FTS5: search falls back to unranked substring matching, which does not ignore diacritics.",
    hint="Use a Python whose sqlite3 module is built with FTS5 (most are), or PostgreSQL.",
    id="activities.W001",
)


def fts5_missing(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A warning when the default database is SQLite without FTS5 (other vendors have their own engine)."""
    if connection.vendor != "sqlite":
        return []
    return [] if sqlite.fts5_available() else [NO_FTS5]
