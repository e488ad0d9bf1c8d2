"""Schema-valid extraction documents for tests: one activity, one chunk file."""

import json
from datetime import UTC, datetime
from pathlib import Path

from activities.extraction import files
from activities.extraction.schema import blank_activity

EXTRACTED_AT = datetime(2024, 1, 1, tzinfo=UTC)


def activity(name: str, description: str, **fields) -> dict:
    """A schema-valid extracted activity; every filter value unknown unless given."""
    return {
        **blank_activity(),
        "name": name,
        "language": "en",
        "description": description,
        "page": 1,
        "quote": description[:60] or name,
        **fields,
    }


def write_chunk(directory: Path, chunk_key: str, activities: list[dict], *, source_path: str = "book.txt", **fields):
    """Write ``<chunk_key>.json`` as the rules extractor would, and return its path. The same arguments write the
    same bytes."""
    document = {
        **files.extraction_document(
            chunk_key=chunk_key,
            source_path=source_path,
            extractor={"name": "rules", "version": "test"},
            activities=activities,
            usage=None,
            extracted_at=EXTRACTED_AT,
        ),
        **fields,
    }
    path = directory / f"{chunk_key}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


GAME = "The players form a ring and one runs around it."


def write_malformed(directory: Path, name: str) -> None:
    """Write ``<name>.part01.json`` malformed as ``name`` says: a directory, 100,000 nested brackets, a page
    beyond 64 bits (``huge_page``), or a lone surrogate in a name."""
    path = directory / f"{name}.part01.json"
    if name == "directory":
        path.mkdir()
    elif name == "nested":
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif name == "huge_page":
        write_chunk(directory, path.stem, [activity("Tag", GAME, page=7)])
        path.write_text(path.read_text(encoding="utf-8").replace('"page": 7', '"page": ' + "9" * 30), encoding="utf-8")
    elif name == "surrogate":
        write_chunk(directory, path.stem, [activity("Tag \ud800", GAME)])
