"""The sources dashboard: extraction status per chunk (files) and activity/overlay shares (DB)."""

import pytest
from django.urls import reverse

from enrichment.dashboard import BLOCKED, EXTRACTED, INVALID, MISSING, chunk_extraction_status, source_dashboard_rows
from enrichment.models import EnrichmentOverlay
from enrichment.publishing import overlay_publish
from tests.admin.factories import ActivitySourceFactory, ChunkFactory, OverlayFactory, SourceFactory
from tests.extraction_docs import write_chunk, write_malformed

pytestmark = pytest.mark.django_db
State = EnrichmentOverlay.State


def test_chunk_status_follows_its_extraction_file(settings):
    directory = settings.EXTRACTED_DIR
    write_chunk(directory, "k.part01", [])
    write_chunk(directory, "k.part02", [], status="blocked", blocked_reason="refusal")
    write_chunk(directory, "k.part03", [], unexpected_field=True)
    (directory / "k.part04.json").write_text('{"status": "extracted", "activities": [', encoding="utf-8")
    statuses = [chunk_extraction_status(chunk_key=f"k.part0{n}") for n in range(1, 6)]
    assert statuses == [EXTRACTED, BLOCKED, INVALID, INVALID, MISSING]


def test_rewritten_extraction_file_is_read_again(settings):
    write_chunk(settings.EXTRACTED_DIR, "k.part01", [], unexpected_field=True)
    assert chunk_extraction_status(chunk_key="k.part01") == INVALID
    write_chunk(settings.EXTRACTED_DIR, "k.part01", [])
    assert chunk_extraction_status(chunk_key="k.part01") == EXTRACTED


def test_rows_count_chunks_activities_enriched_and_approved_per_source(settings):
    book = SourceFactory(title="Games for Everybody")
    other = SourceFactory(title="Other book")
    chunks = [ChunkFactory(source=book) for _ in range(3)]
    write_chunk(settings.EXTRACTED_DIR, chunks[0].key, [])
    write_chunk(settings.EXTRACTED_DIR, chunks[1].key, [], status="blocked")
    links = [ActivitySourceFactory(source=book) for _ in range(5)]
    ActivitySourceFactory(source=other, activity=links[0].activity)
    states = [State.APPROVED, State.EDITED, State.REJECTED, State.UNREVIEWED]
    for link, state in zip(links, states, strict=False):
        OverlayFactory(content_key=link.activity.content_key, state=state)
        overlay_publish(content_key=link.activity.content_key)

    rows = {row.title: row for row in source_dashboard_rows()}
    book_row = rows["Games for Everybody"]
    assert dict(book_row.chunks) == {EXTRACTED: 1, BLOCKED: 1, MISSING: 1}
    assert (book_row.activities, book_row.enriched, book_row.approved) == (5, 3, 2)
    assert (book_row.enriched_percent, book_row.approved_percent) == (60.0, 40.0)
    assert (rows["Other book"].activities, rows["Other book"].approved_percent) == (1, 100.0)


def test_overlay_on_a_member_key_of_a_merged_game_counts_for_it():
    link = ActivitySourceFactory(member_content_key="f" * 64)
    OverlayFactory(content_key="f" * 64, state=State.APPROVED)
    overlay_publish(content_key="f" * 64)
    [row, _total] = source_dashboard_rows()
    assert (row.enriched, row.approved) == (1, 1)
    assert link.activity.content_key != "f" * 64


def test_total_row_counts_an_activity_found_in_two_sources_once():
    link = ActivitySourceFactory()
    ActivitySourceFactory(activity=link.activity)
    total = source_dashboard_rows()[-1]
    assert (total.source_id, total.activities) == (None, 1)


def test_source_without_activities_shows_zero_percent():
    SourceFactory(title="Empty")
    [row, _total] = source_dashboard_rows()
    assert (row.activities, row.enriched_percent, row.approved_percent) == (0, 0.0, 0.0)


def test_dashboard_page_is_linked_from_the_admin_index(curator_client):
    dashboard = reverse("admin:enrichment_sources_dashboard")
    assert dashboard in curator_client.get(reverse("admin:index")).content.decode()
    SourceFactory(title="Games for Everybody")
    page = curator_client.get(dashboard).content.decode()
    assert "Games for Everybody" in page
    assert 'id="sources-dashboard"' in page


@pytest.mark.parametrize("malformed", ["nested", "huge_page", "surrogate"])
def test_a_malformed_extraction_file_counts_as_invalid(settings, malformed):
    write_malformed(settings.EXTRACTED_DIR, malformed)
    assert chunk_extraction_status(chunk_key=f"{malformed}.part01") == INVALID
