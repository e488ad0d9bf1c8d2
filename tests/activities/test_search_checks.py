"""The system check that warns when SQLite has no FTS5 (search then falls back to substring matching)."""

import sqlite3

import pytest
from django.core import checks
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the check concerns SQLite only"),
]


def _warning_ids() -> set[str]:
    return {message.id for message in checks.run_checks()}


def _without_fts5(action, table, module, database, trigger):
    """An SQLite authorizer refusing what a build without FTS5 cannot do: create an fts5 table."""
    if action == sqlite3.SQLITE_CREATE_VTABLE and module == "fts5":
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def test_no_warning_where_sqlite_has_fts5():
    assert "activities.W001" not in _warning_ids()


def test_a_warning_where_sqlite_cannot_create_an_fts5_table():
    connection.ensure_connection()
    connection.connection.set_authorizer(_without_fts5)
    try:
        assert "activities.W001" in _warning_ids()
    finally:
        connection.connection.set_authorizer(None)
