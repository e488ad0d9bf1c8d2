"""The extraction schema as the one definition of an activity's fields."""

from activities.extraction.schema import (
    ACTIVITY_SCHEMA,
    FILE_CHECK,
    SCHEMA_VERSION,
    activity_errors,
    blank_activity,
    fast_check,
    validation_errors,
)
from activities.models import Activity
from activities.rebuild.rows import PUBLISHED_FIELDS


def test_a_blank_activity_given_a_name_a_language_and_a_quote_is_valid():
    filled = {**blank_activity(), "name": "Tag", "language": "en", "quote": "One player is It."}

    assert activity_errors(filled) == []


def test_a_blank_activity_gives_every_required_field_and_knows_no_value():
    blank = blank_activity()

    assert list(blank) == ACTIVITY_SCHEMA["required"]
    assert all(value in (None, "", [], {}) for value in blank.values())


def test_every_field_the_rebuild_publishes_is_an_activity_column():
    columns = {field.name for field in Activity._meta.concrete_fields}

    assert set(PUBLISHED_FIELDS) <= columns


def _file() -> dict:
    activity = {**blank_activity(), "name": "Tag", "language": "en", "quote": "One player is It."}
    return {
        "schema_version": SCHEMA_VERSION,
        "chunk_key": "abc12345_book.part01",
        "source_path": "book.txt",
        "chunk_sha256": "0" * 64,
        "status": "extracted",
        "extractor": {"name": "rules", "version": "rules-1"},
        "usage": {"input_tokens": 10, "output_tokens": 5},
        "activities": [activity],
    }


def _file_mutations(valid: dict):
    yield {**valid, "schema_version": True}
    yield {**valid, "schema_version": SCHEMA_VERSION + 1}
    yield {**valid, "chunk_sha256": "not a digest"}
    yield {**valid, "chunk_sha256": "A" * 64}
    yield {**valid, "status": "done"}
    yield {**valid, "extractor": {"name": "rules"}}
    yield {**valid, "usage": {"input_tokens": -1}}
    yield {**valid, "usage": "none"}
    yield {**valid, "chunk_key": ""}
    yield {**valid, "extra": 1}
    yield {**valid, "activities": [{**valid["activities"][0], "page": True}]}
    yield {key: value for key, value in valid.items() if key != "activities"}


def test_a_valid_extraction_file_passes_the_fast_check():
    assert FILE_CHECK(_file()) and validation_errors(_file()) == []


def test_the_fast_check_of_a_file_never_accepts_what_jsonschema_rejects():
    for mutated in _file_mutations(_file()):
        assert validation_errors(mutated), mutated
        assert not FILE_CHECK(mutated), mutated


def test_the_fast_check_defers_to_jsonschema_on_a_keyword_it_does_not_know():
    assert not fast_check({"type": "string", "format": "date"})("ab")
