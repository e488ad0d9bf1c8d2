"""Shared fixtures. The fake Anthropic API lives in ``tests/fake_anthropic.py``."""

import os
import uuid

import pytest

pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def isolated_data_dirs(settings, tmp_path):
    """Every test gets its own extraction folder; the corpus stays the demo one (read-only)."""
    settings.EXTRACTED_DIR = tmp_path / "extracted"
    settings.EXTRACTED_DIR.mkdir()
    return settings


@pytest.fixture(autouse=True)
def fresh_content_types():
    """Forget the content types a test before cached. A serialized-rollback test restores the database's first rows,
    so a content type another test created since has gone, and a cached id of it breaks the admin's log (a foreign
    key) in whichever test comes next."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def fake_anthropic(monkeypatch, settings):
    """The real SDK talking to a fake API; retries are fast (no real sleeping on retry-after 0)."""
    from tests.fake_anthropic import FakeAnthropic

    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    settings.ANTHROPIC_MAX_RETRIES = 2
    fake = FakeAnthropic().install()
    yield fake
    fake.uninstall()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def process_database_url(request, tmp_path):
    """A database of its own for ``manage.py`` subprocesses: a SQLite file, and also a fresh PostgreSQL database
    when the suite itself runs on PostgreSQL (``DATABASE_URL``)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.sqlite3'}"
        return
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        pytest.skip("the suite is not running on PostgreSQL")
    import psycopg

    name = f"process_test_{uuid.uuid4().hex[:12]}"
    server = suite_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
