"""Schema-valid extraction documents for tests: one activity, one chunk file."""

import json
from pathlib import Path


def activity(name: str, description: str, **fields) -> dict:
    """A schema-valid extracted activity; every filter value unknown unless given."""
    return {
        "name": name,
        "aliases": [],
        "language": "en",
        "description": description,
        "rules": "",
        "variations": "",
        "materials": [],
        "age_min": None,
        "age_max": None,
        "players_min": None,
        "players_max": None,
        "duration_min": None,
        "duration_max": None,
        "indoor_outdoor": None,
        "space": None,
        "categories": [],
        "page": 1,
        "quote": description[:60] or name,
        "filter_origin": {},
        **fields,
    }


def write_chunk(directory: Path, chunk_key: str, activities: list[dict], *, source_path: str = "book.txt", **fields):
    """Write ``<chunk_key>.json`` as the rules extractor would, and return its path."""
    document = {
        "schema_version": 1,
        "chunk_key": chunk_key,
        "source_path": source_path,
        "status": "extracted",
        "extractor": {"name": "rules", "version": "test"},
        "usage": None,
        "activities": activities,
        **fields,
    }
    path = directory / f"{chunk_key}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
