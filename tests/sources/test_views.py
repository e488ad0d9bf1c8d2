import pytest
from django.urls import reverse
from django.utils import translation

from sources.models import Chunk, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources():
    good = Source.objects.create(
        path="games/book.txt",
        title="Games for Everybody",
        kind="text",
        language="en",
        page_count=3,
        licence="Public domain.",
    )
    for index in (1, 2):
        Chunk.objects.create(
            source=good,
            key=f"abcd1234_games-book.part{index:02d}",
            index=index,
            text="CAT AND MOUSE.",
            page_start=index,
            page_end=index,
        )
    bad = Source.objects.create(path="scan.pdf", kind="pdf", status="needs_ocr", status_reason="no text layer")
    return good, bad


def test_sources_page_lists_each_source_with_its_chunk_count(client, sources):
    response = client.get("/sources/")
    assert response.status_code == 200
    rows = {source.path: source.chunk_total for source in response.context["sources"]}
    assert rows == {"games/book.txt": 2, "scan.pdf": 0}


def test_sources_page_shows_kind_language_pages_and_status(client, sources):
    html = client.get("/sources/").content.decode()
    for text in ["Games for Everybody", "games/book.txt", "en", "Public domain.", "no text layer"]:
        assert text in html


def test_sources_page_is_served_in_english_under_en(client, sources):
    response = client.get("/en/sources/")
    assert response.status_code == 200
    assert "Plain text" in response.content.decode()


def test_sources_url_is_unprefixed_in_romanian_and_prefixed_in_english():
    with translation.override("ro"):
        assert reverse("sources:list") == "/sources/"
    with translation.override("en"):
        assert reverse("sources:list") == "/en/sources/"


def test_sources_page_without_sources_says_how_to_ingest(client):
    assert "ingest_sources" in client.get("/sources/").content.decode()


def test_admin_source_list_shows_chunk_counts(admin_client, sources):
    response = admin_client.get(reverse("admin:sources_source_changelist"))
    counts = {source.path: source.chunk_total for source in response.context["cl"].result_list}
    assert counts == {"games/book.txt": 2, "scan.pdf": 0}
    assert "no text layer" in response.content.decode()


def test_admin_source_search_by_path(admin_client, sources):
    response = admin_client.get(reverse("admin:sources_source_changelist"), {"q": "scan"})
    assert list(response.context["cl"].result_list) == [sources[1]]


def test_admin_chunks_filter_by_source(admin_client, sources):
    good, _bad = sources
    response = admin_client.get(reverse("admin:sources_chunk_changelist"), {"source__id__exact": good.pk})
    assert response.context["cl"].result_count == 2


def test_admin_chunk_page_is_read_only(admin_client, sources):
    chunk = Chunk.objects.first()
    response = admin_client.get(reverse("admin:sources_chunk_change", args=[chunk.pk]))
    assert response.status_code == 200
    assert b'name="text"' not in response.content
    assert b"CAT AND MOUSE." in response.content
