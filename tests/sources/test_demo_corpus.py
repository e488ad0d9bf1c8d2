"""The whole demo corpus, ingested once for this module (about 4 s)."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from sources.models import Source

# The marker makes pytest-django create the test database, which the
# module-scoped fixture below then writes to (and empties) once.
pytestmark = pytest.mark.django_db

DEMO_CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus"


@pytest.fixture(scope="module")
def ingested(django_db_setup, django_db_blocker):
    """Summary, sources and chunks of one ingest of data/corpus, as plain data."""
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert "test" in name or "memory" in name, f"refusing to write to a non-test database: {name}"
        Source.objects.all().delete()
        out = StringIO()
        call_command("ingest_sources", "--json", stdout=out)
        sources = {source.path: source for source in Source.objects.all()}
        chunks = {path: list(source.chunks.order_by("index")) for path, source in sources.items()}
        Source.objects.all().delete()
    return {"summary": json.loads(out.getvalue().strip().splitlines()[-1]), "sources": sources, "chunks": chunks}


def _manifest_paths() -> list[str]:
    manifest = yaml.safe_load((DEMO_CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
    return [entry["path"] for entry in manifest["sources"]]


def test_every_manifest_entry_is_ingested_without_failure(ingested):
    summary = ingested["summary"]
    assert (summary["sources"], summary["new"], summary["failed"], summary["needs_ocr"]) == (
        len(_manifest_paths()),
        len(_manifest_paths()),
        [],
        [],
    )
    assert sorted(ingested["sources"]) == sorted(_manifest_paths())


def test_no_chunk_mentions_project_gutenberg(ingested):
    offenders = [
        chunk.key
        for chunks in ingested["chunks"].values()
        for chunk in chunks
        if "project gutenberg" in chunk.text.lower()
    ]
    assert offenders == []


def test_every_source_has_chunks_within_the_size_limit(ingested):
    for path, chunks in ingested["chunks"].items():
        assert chunks, path
        assert max(len(chunk.text) for chunk in chunks) <= settings.CHUNK_MAX_CHARS, path


def test_each_format_is_represented(ingested):
    assert {source.kind for source in ingested["sources"].values()} == {"pdf", "html", "text", "markdown"}


def test_no_book_is_ingested_twice(ingested):
    folders = [path.split("/")[0] for path in ingested["sources"]]
    assert len(folders) == len(set(folders))


def test_romanian_source_is_detected_romanian_and_others_english(ingested):
    languages = {path: source.language for path, source in ingested["sources"].items()}
    assert languages.pop("ro-ispirescu-jucarii-si-jocuri-de-copii-excerpts") == "ro"
    assert set(languages.values()) == {"en"}


def test_pdf_pages_have_no_running_headers_or_footers(ingested):
    (pdf_path,) = [path for path, source in ingested["sources"].items() if source.kind == "pdf"]
    text = "\f".join(chunk.text for chunk in ingested["chunks"][pdf_path])
    assert "file:///" not in text
    assert not re.search(r"^\d+/\d+$", text, re.MULTILINE)


def test_pdf_page_ranges_follow_the_pdf(ingested):
    (pdf_path,) = [path for path, source in ingested["sources"].items() if source.kind == "pdf"]
    chunks = ingested["chunks"][pdf_path]
    assert ingested["sources"][pdf_path].page_count > 30
    assert chunks[0].page_start == 1
    for before, after in zip(chunks, chunks[1:], strict=False):
        assert after.page_start >= before.page_end
    for chunk in chunks:
        assert chunk.page_end - chunk.page_start == chunk.text.count("\f")


def test_pdf_game_titles_start_lines(ingested):
    (pdf_path,) = [path for path, source in ingested["sources"].items() if source.kind == "pdf"]
    text = "\n".join(chunk.text for chunk in ingested["chunks"][pdf_path])
    assert re.search(r"^42\. PUSS IN THE CORNER$", text, re.MULTILINE)


def test_markdown_front_matter_is_kept(ingested):
    first = ingested["chunks"]["aleleio-teambuilding-games/games"][0]
    assert first.text.startswith("---\n")
    assert "game_types:" in first.text


def test_licence_page_of_a_folder_source_is_excluded(ingested):
    text = "".join(chunk.text for chunk in ingested["chunks"]["levelup-icebreakers-energizers"])
    assert "title: Creative Commons License" not in text
    assert ingested["sources"]["levelup-icebreakers-energizers"].page_count == 11


def test_romanian_text_uses_comma_below_letters(ingested):
    text = "".join(chunk.text for chunk in ingested["chunks"]["ro-ispirescu-jucarii-si-jocuri-de-copii-excerpts"])
    assert "ș" in text and "ş" not in text and "ţ" not in text
