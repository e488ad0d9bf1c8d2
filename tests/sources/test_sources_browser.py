"""The /sources/ page in real Chromium, after a real ingest of a small corpus."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

# The live server reads from another thread, so the rows must be committed;
# serialized rollback puts back the rows migrations created (categories).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ingested(corpus_dir):
    (corpus_dir / "games.txt").write_text("CAT AND MOUSE.\n\nThe players form a ring.\n", encoding="utf-8")
    (corpus_dir / "empty.txt").write_text("", encoding="utf-8")
    (corpus_dir / "manifest.yaml").write_text(
        "sources:\n  - path: games.txt\n    title: Ring Games\n  - path: empty.txt\n", encoding="utf-8"
    )
    call_command("ingest_sources", stdout=StringIO())


def test_sources_page_lists_ingested_and_failed_sources(page, live_server, ingested):
    page.goto(live_server.url + "/en/sources/")
    rows = page.locator("table.sources tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("tr.source-ok")).to_contain_text("Ring Games")
    expect(page.locator("tr.source-failed")).to_contain_text("empty file")
