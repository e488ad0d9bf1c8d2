"""Real-browser fixtures: Playwright driving Debian's Chromium (no browser download).

Tests marked ``browser`` get ``page`` (a fresh Playwright page) and use
pytest-django's ``live_server``. Skipped, with the reason, when Chromium is
not installed — except in CI, where a missing browser is a failure.
"""

import importlib
import os
import shutil

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # calls made by the test itself are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="ro-RO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


# The data migrations whose rows a transactional test's flush removes: categories and the Curators group.
DATA_MIGRATIONS = (
    ("activities.migrations.0002_categories", "create_categories"),
    ("enrichment.migrations.0003_curators_group", "create_curators"),
    ("activities.migrations.0008_notagamemark", "grant_curators"),
    ("activities.migrations.0010_curators_corrections_and_rebuild", "grant"),
)


@pytest.fixture(autouse=True)
def data_migrations_replayed(request):
    """A browser test runs on a transactional database, which a transactional test before it may have flushed of
    what data migrations wrote: those rows are written again, as the migrations write them (all idempotent)."""
    if request.node.get_closest_marker("browser") is None:
        return
    request.getfixturevalue("transactional_db")
    state_apps = MigrationLoader(connection).project_state().apps
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(state_apps, None)


def describe_the_group(page, *, players: int, minutes: int, setting: str, button: str) -> None:
    """Fill the group's form (the listing's and the planner's share it) and send it with ``button``."""
    page.get_by_label("Jucători").fill(str(players))
    page.get_by_label("Minute disponibile").fill(str(minutes))
    page.get_by_role("radio", name=setting).check()
    page.get_by_role("button", name=button).click()
