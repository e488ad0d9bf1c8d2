"""Step 1: read and validate the extraction files, and normalize every activity they hold.

Nothing invalid is dropped silently: a file that cannot be held, or whose envelope breaks the schema, is listed
with its reason; an activity that breaks the schema, has no name or no text, or does not read as a game
(``activities.gameness``) is counted under its reason ("not a game: verse").
"""

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from activities import gameness
from activities.extraction.files import NOT_READABLE, document_load
from activities.extraction.schema import activity_errors, validation_errors
from activities.normalize import NormalizedActivity, activity_normalize
from activities.rebuild.progress import Progress, silent

KEY_MISMATCH = "chunk_key {chunk_key!r} does not match the file name"
EMPTY_NAME = "name is empty after normalization"
NO_TEXT = "no description and no rules"


@dataclass
class Loaded:
    activities: list[NormalizedActivity] = field(default_factory=list)
    files: dict = field(default_factory=dict)
    rejected: Counter = field(default_factory=Counter)
    values_rejected: Counter = field(default_factory=Counter)
    activities_in: int = 0
    # Content keys of activities the not-a-game gate rejected.
    not_game_keys: set[str] = field(default_factory=set)


def extraction_files_load(*, directory: Path, progress: Progress = silent) -> Loaded:
    """Read and validate every ``*.json`` in ``directory``; nothing invalid is dropped silently."""
    loaded = Loaded()
    invalid_files = []
    paths = sorted(directory.glob("*.json")) if directory.is_dir() else []
    blocked = 0
    for number, path in enumerate(paths, 1):
        if number % 500 == 0:
            progress(f"read {number}/{len(paths)} extraction files")
        reason, document = document_read(path)
        if reason:
            invalid_files.append({"file": path.name, "reason": reason})
            continue
        if document["status"] == "blocked":
            blocked += 1
            continue
        source_path = document.get("source_path", "")
        for raw in document["activities"]:
            loaded.activities_in += 1
            errors = activity_errors(raw)
            if errors:
                loaded.rejected[errors[0].split(": ", 1)[-1][:120]] += 1
                continue
            activity = activity_normalize(raw=raw, chunk_key=document["chunk_key"], source_path=source_path)
            loaded.values_rejected.update(activity.rejected_values)
            reason, activity.play_doubt = rejection_and_doubt(activity)
            if not reason:
                loaded.activities.append(activity)
                continue
            loaded.rejected[reason] += 1
            if reason.startswith(gameness.NOT_A_GAME_PREFIX):
                loaded.not_game_keys.add(activity.content_key)
    loaded.files = {
        "read": len(paths),
        "valid": len(paths) - len(invalid_files),
        "invalid": len(invalid_files),
        "blocked": blocked,
        "invalid_files": invalid_files,
    }
    return loaded


def rejection_and_doubt(activity: NormalizedActivity) -> tuple[str, str]:
    """(why a schema-valid activity is not published — no name, no text, not a game — or "", the not-a-game
    judge's doubt about a game it keeps, for curators, or "")."""
    if not activity.name_key:
        return EMPTY_NAME, ""
    if not activity.description and not activity.rules:
        return NO_TEXT, ""
    verdict = gameness.judge(gameness.activity_text(activity.description, activity.rules, activity.variations))
    return ("", verdict.doubt) if verdict else (gameness.NOT_A_GAME.format(reason=verdict.reason), "")


def document_read(path: Path) -> tuple[str, dict | None]:
    """(reason it is invalid or "", the document). Activities are validated one by one later, so one bad
    activity rejects itself, not its whole file; a file that cannot even be held is invalid whole."""
    try:
        reason, document = document_load(path)
    except FileNotFoundError as error:
        return NOT_READABLE.format(error=error), None
    if reason:
        return reason, None
    envelope = {**document, "activities": []} if isinstance(document, dict) else document
    errors = validation_errors(envelope)
    if not errors and not isinstance(document.get("activities"), list):
        errors = ["activities: is not an array"]
    if errors:
        return errors[0], None
    if document["chunk_key"] != path.stem:
        return KEY_MISMATCH.format(chunk_key=document["chunk_key"]), None
    return "", document


def versions_in_files(chunk_keys: Iterable[str], member_keys: Collection[str]) -> list[NormalizedActivity]:
    """The valid versions with one of ``member_keys`` found in the extraction files of ``chunk_keys``."""
    directory = Path(settings.EXTRACTED_DIR)
    found = []
    for chunk_key in sorted(set(chunk_keys)):
        path = directory / f"{chunk_key}.json"
        reason, document = document_read(path) if path.is_file() else ("missing", None)
        if reason or document["status"] == "blocked":
            continue
        for raw in document["activities"]:
            if activity_errors(raw):
                continue
            version = activity_normalize(raw=raw, chunk_key=chunk_key, source_path=document.get("source_path", ""))
            if version.content_key in member_keys:
                found.append(version)
    return found
