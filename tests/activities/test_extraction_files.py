"""Extraction files: the schema, atomic writes, never replacing a valid file, quote grounding."""

import json
import os

import pytest

from activities.extraction import files
from activities.extraction.schema import validation_errors
from tests.extraction_docs import write_malformed

ACTIVITY = {
    "name": "Cat and Mouse",
    "aliases": [],
    "language": "en",
    "description": "The players form a ring.",
    "rules": "",
    "variations": "",
    "materials": [],
    "age_min": None,
    "age_max": None,
    "players_min": 5,
    "players_max": 60,
    "duration_min": None,
    "duration_max": None,
    "indoor_outdoor": None,
    "space": None,
    "categories": [],
    "page": 3,
    "quote": "The players form a ring",
    "filter_origin": {"players_min": "stated", "players_max": "stated"},
}


def document(key="abc12345_book.part01", activities=None, **kwargs):
    return files.extraction_document(
        chunk_key=key,
        source_path="book.txt",
        extractor={"name": "rules", "version": "rules-1"},
        activities=[ACTIVITY] if activities is None else activities,
        usage=None,
        **kwargs,
    )


def test_document_is_valid_against_the_schema():
    assert validation_errors(document()) == []


def test_blocked_document_records_the_reason():
    blocked = document(activities=[], blocked_reason="refused")
    assert (blocked["status"], blocked["blocked_reason"]) == ("blocked", "refused")
    assert validation_errors(blocked) == []


def test_schema_rejects_unknown_fields_and_bad_origins():
    bad = document(activities=[{**ACTIVITY, "colour": "red", "filter_origin": {"players_min": "guessed"}}])
    errors = validation_errors(bad)
    assert any("colour" in error for error in errors)
    assert any("guessed" in error for error in errors)


def test_write_then_read_is_valid():
    files.extraction_write(document=document())
    state = files.extraction_read(chunk_key="abc12345_book.part01")
    assert state.status == files.VALID
    assert state.document["activities"][0]["name"] == "Cat and Mouse"


def test_missing_file_reads_as_missing():
    assert files.extraction_read(chunk_key="nope").status == files.MISSING


def test_write_refuses_to_replace_a_valid_file_without_force():
    files.extraction_write(document=document())
    with pytest.raises(FileExistsError):
        files.extraction_write(document=document(activities=[]))
    assert len(files.extraction_read(chunk_key="abc12345_book.part01").document["activities"]) == 1


def test_force_replaces_a_valid_file():
    files.extraction_write(document=document())
    files.extraction_write(document=document(activities=[]), force=True)
    assert files.extraction_read(chunk_key="abc12345_book.part01").document["activities"] == []


def test_write_refuses_an_invalid_document():
    with pytest.raises(ValueError):
        files.extraction_write(document={**document(), "status": "done"})
    assert not files.extraction_path(chunk_key="abc12345_book.part01").exists()


def test_atomic_write_leaves_no_temporary_file(settings):
    files.extraction_write(document=document())
    assert [path.name for path in settings.EXTRACTED_DIR.iterdir()] == ["abc12345_book.part01.json"]


def test_failed_write_keeps_the_old_file_whole(settings, monkeypatch):
    path = files.extraction_path(chunk_key="abc12345_book.part01")
    path.write_text("old", encoding="utf-8")

    def crash(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        files.atomic_write_text(path=path, text="new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [entry.name for entry in settings.EXTRACTED_DIR.iterdir()] == ["abc12345_book.part01.json"]


def test_malformed_json_reads_as_invalid_with_reason():
    files.extraction_path(chunk_key="k").write_text('{"schema_version": 1, "chunk_key": "k', encoding="utf-8")
    state = files.extraction_read(chunk_key="k")
    assert state.status == files.INVALID
    assert "not valid JSON" in state.reason


def test_chunk_key_must_match_the_file_name():
    files.extraction_path(chunk_key="other").write_text(json.dumps(document()), encoding="utf-8")
    state = files.extraction_read(chunk_key="other")
    assert state.status == files.INVALID
    assert "does not match" in state.reason


def test_ground_quote_finds_the_verbatim_span_despite_spacing_and_quote_marks():
    text = "Copiii strigă „Unu”\n  și apoi fug."
    assert files.ground_quote(quote='Copiii strigă „Unu" și apoi', text=text) == ("Copiii strigă „Unu”\n  și apoi", 0)


def test_ground_quote_of_text_not_in_the_chunk_is_none():
    assert files.ground_quote(quote="Nowhere in the book", text="The players form a ring.") is None


def test_quote_errors_lists_ungrounded_quotes():
    doc = document(activities=[ACTIVITY, {**ACTIVITY, "quote": "invented words"}])
    assert files.quote_errors(document=doc, text="The players form a ring.") == [
        files.QUOTE_NOT_FOUND.format(index=1, quote="invented words")
    ]


def test_committed_demo_extractions_are_valid(settings):
    committed = sorted((settings.BASE_DIR / "data" / "extracted").glob("*.json"))
    assert committed, "data/extracted holds the demo extraction (manage.py extract_chunks --extractor rules)"
    for path in committed:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert files.document_errors(document=document, chunk_key=path.name.removesuffix(".json")) == []


MALFORMED = ["directory", "nested", "huge_page", "surrogate"]


@pytest.mark.parametrize("malformed", MALFORMED)
def test_a_malformed_file_reads_as_invalid_with_a_reason(settings, malformed):
    write_malformed(settings.EXTRACTED_DIR, malformed)
    state = files.extraction_read(chunk_key=f"{malformed}.part01")
    assert (state.status, bool(state.reason)) == (files.INVALID, True)


def test_a_lone_surrogate_escaped_in_capitals_is_refused(tmp_path):
    path = tmp_path / "capitals.json"
    path.write_text('{"name": "Tag \\uDBFF"}', encoding="utf-8")
    reason, _document = files.document_load(path)
    assert reason.startswith(files.NOT_UNICODE.split("{")[0])


def test_a_surrogate_pair_escaped_reads_as_its_character(tmp_path):
    path = tmp_path / "pair.json"
    path.write_text('{"name": "Tag \\ud83c\\udfb2"}', encoding="utf-8")
    assert files.document_load(path) == ("", {"name": "Tag \N{GAME DIE}"})
