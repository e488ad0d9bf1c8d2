"""Export and import of every overlay (``data/enrichment.json``), so the work
that cost money and review survives a lost database.

Import never lets a machine proposal overwrite a human-reviewed overlay: an
existing approved or edited overlay is kept when the file's copy is
unreviewed; otherwise the file's copy wins. History records every change.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.db import transaction

from enrichment.models import EnrichmentOverlay
from enrichment.publishing import overlays_publish

FORMAT = "gamelibrary-enrichment"
VERSION = 1
FIELDS: tuple[str, ...] = (
    "content_key",
    "kind",
    "name_ro",
    "description_ro",
    "rules_ro",
    "variations_ro",
    "estimated",
    "model",
    "prompt_version",
    "input_hash",
    "original_fingerprint",
    "tokens_in",
    "tokens_out",
    "state",
    "dismissed_warnings",
    "activity_name",
    "chunk_keys",
)
HUMAN_STATES = {EnrichmentOverlay.State.APPROVED, EnrichmentOverlay.State.EDITED}

IMPORT_NOT_AN_EXPORT = "{path} is not an enrichment export (expected format {format!r})."
IMPORT_NEWER_VERSION = "{path} has export version {version}; this code reads up to {supported}."
IMPORT_BAD_ENTRY = "{path}: entry {index} is not a valid overlay: {problem}"


class TransferError(Exception):
    """A file that cannot be imported; the message says why."""


def overlays_export(*, path: Path) -> int:
    """Write every overlay, sorted by key (stable diffs); returns the count."""
    overlays = [{name: getattr(o, name) for name in FIELDS} for o in EnrichmentOverlay.objects.order_by("content_key")]
    document = {"format": FORMAT, "version": VERSION, "overlays": overlays}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)
    return len(overlays)


def _entries(path: Path) -> list[dict]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(IMPORT_NOT_AN_EXPORT.format(path=path, format=FORMAT))
    if document.get("version", 0) > VERSION:
        raise TransferError(IMPORT_NEWER_VERSION.format(path=path, version=document["version"], supported=VERSION))
    entries = document.get("overlays") or []
    for index, entry in enumerate(entries):
        problem = _problem(entry)
        if problem:
            raise TransferError(IMPORT_BAD_ENTRY.format(path=path, index=index, problem=problem))
    return entries


def _problem(entry) -> str:
    if not isinstance(entry, dict) or not isinstance(entry.get("content_key"), str) or not entry["content_key"]:
        return "no content_key"
    if entry.get("kind") not in EnrichmentOverlay.Kind.values:
        return f"unknown kind {entry.get('kind')!r}"
    if entry.get("state") not in EnrichmentOverlay.State.values:
        return f"unknown state {entry.get('state')!r}"
    unknown = set(entry) - set(FIELDS)
    return f"unknown fields {sorted(unknown)}" if unknown else ""


@transaction.atomic
def overlays_import(*, path: Path) -> dict:
    """Create or update overlays from an export (all or nothing); returns counts
    of created / updated / unchanged / kept (human-reviewed copy kept)."""
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    changed = []
    existing = {o.content_key: o for o in EnrichmentOverlay.objects.all()}
    for entry in _entries(path):
        overlay = existing.get(entry["content_key"])
        if overlay is None:
            EnrichmentOverlay.objects.create(**entry)
            counts["created"] += 1
        elif all(getattr(overlay, name) == entry.get(name, getattr(overlay, name)) for name in FIELDS):
            counts["unchanged"] += 1
            continue
        elif overlay.state in HUMAN_STATES and entry["state"] not in HUMAN_STATES:
            counts["kept"] += 1
            continue
        else:
            for name, value in entry.items():
                setattr(overlay, name, value)
            overlay.save()
            counts["updated"] += 1
        changed.append(entry["content_key"])
    if changed:
        overlays_publish(content_keys=changed)
    return counts
