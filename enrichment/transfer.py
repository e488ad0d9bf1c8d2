"""Export and import of every overlay (``data/enrichment.json``), so the work
that cost money and review survives a lost database.

Import never lets a machine proposal overwrite a human-reviewed overlay: an
existing approved or edited overlay is kept when the file's copy is
unreviewed; otherwise the file's copy wins. History records every change.

The file also carries the keys the model refused (``blocked_keys``: a lost
database would otherwise pay to be refused again) and the pilot sign-offs
(``pilot_signoffs``, each with a summary of its pilot run: the wave gate stays
open after a restore). Both sections are optional, so a file written before
they existed still imports; readers that predate them ignore them. A blocked
key that has an overlay again is not recorded; a sign-off is recognised by
its pilot's start and its own time, so importing twice records it once; the
curator is linked by user name when such a user exists.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.dateparse import parse_datetime

from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome, PilotSignoff
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
# States no curator has set: a prune may remove an overlay only in these.
UNTOUCHED_STATES = (EnrichmentOverlay.State.UNREVIEWED, EnrichmentOverlay.State.NEEDS_REVIEW)

IMPORT_NOT_AN_EXPORT = "{path} is not an enrichment export (expected format {format!r})."
IMPORT_NEWER_VERSION = "{path} has export version {version}; this code reads up to {supported}."
IMPORT_BAD_ENTRY = "{path}: entry {index} is not a valid overlay: {problem}"
IMPORT_BAD_BLOCKED = "{path}: blocked key {index} has no content_key"
IMPORT_BAD_SIGNOFF = "{path}: pilot sign-off {index} has no valid signed_at and run.started_at"
RUN_SUMMARY_FIELDS = ("keys_requested", "keys_succeeded", "keys_blocked", "keys_invalid", "tokens_in", "tokens_out")


class TransferError(Exception):
    """A file that cannot be imported; the message says why."""


def _isoformat(moment) -> str | None:
    return moment.isoformat() if moment else None


def _username(user) -> str:
    return user.get_username() if user else ""


def blocked_keys_export() -> list[dict]:
    blocked = KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.BLOCKED).order_by("content_key")
    return [{"content_key": o.content_key, "detail": o.detail, "attempts": o.attempts} for o in blocked]


def pilot_signoffs_export() -> list[dict]:
    signoffs = PilotSignoff.objects.select_related("run", "signed_by", "revoked_by").order_by("signed_at", "pk")
    return [
        {
            "signed_at": _isoformat(signoff.signed_at),
            "signed_by": _username(signoff.signed_by),
            "note": signoff.note,
            "revoked_at": _isoformat(signoff.revoked_at),
            "revoked_by": _username(signoff.revoked_by),
            "run": {
                "started_at": _isoformat(signoff.run.started_at),
                "finished_at": _isoformat(signoff.run.finished_at),
                "parameters": signoff.run.parameters,
                **{name: getattr(signoff.run, name) for name in RUN_SUMMARY_FIELDS},
            },
        }
        for signoff in signoffs
    ]


def overlays_export(*, path: Path) -> dict:
    """Write every overlay, sorted by key (stable diffs), the blocked keys and
    the pilot sign-offs; returns how many of each."""
    overlays = [{name: getattr(o, name) for name in FIELDS} for o in EnrichmentOverlay.objects.order_by("content_key")]
    document = {
        "format": FORMAT,
        "version": VERSION,
        "overlays": overlays,
        "blocked_keys": blocked_keys_export(),
        "pilot_signoffs": pilot_signoffs_export(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)
    return {name: len(document[name]) for name in ("overlays", "blocked_keys", "pilot_signoffs")}


def _document(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise TransferError(IMPORT_NOT_AN_EXPORT.format(path=path, format=FORMAT))
    if document.get("version", 0) > VERSION:
        raise TransferError(IMPORT_NEWER_VERSION.format(path=path, version=document["version"], supported=VERSION))
    for index, entry in enumerate(document.get("overlays") or []):
        problem = _problem(entry)
        if problem:
            raise TransferError(IMPORT_BAD_ENTRY.format(path=path, index=index, problem=problem))
    for index, entry in enumerate(document.get("blocked_keys") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("content_key"), str) or not entry["content_key"]:
            raise TransferError(IMPORT_BAD_BLOCKED.format(path=path, index=index))
    for index, entry in enumerate(document.get("pilot_signoffs") or []):
        run = entry.get("run") if isinstance(entry, dict) else None
        if not isinstance(run, dict) or not _moment(entry.get("signed_at")) or not _moment(run.get("started_at")):
            raise TransferError(IMPORT_BAD_SIGNOFF.format(path=path, index=index))
    return document


def _moment(value):
    return parse_datetime(value) if isinstance(value, str) else None


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
def overlays_import(*, path: Path, prune: bool = False) -> dict:
    """Create or update overlays from an export (all or nothing); returns counts
    of created / updated / unchanged / kept (human-reviewed copy kept) overlays,
    and of blocked keys and pilot sign-offs recorded. With ``prune``, also the
    count of overlays removed by ``_overlays_prune``."""
    document = _document(path)
    entries = document.get("overlays") or []
    counts = _overlays_import(entries)
    if prune:
        counts["pruned"] = _overlays_prune(entries)
    counts["blocked_keys"] = _blocked_keys_import(document.get("blocked_keys") or [])
    counts["pilot_signoffs"] = _pilot_signoffs_import(document.get("pilot_signoffs") or [])
    return counts


def _overlays_prune(entries: list[dict]) -> int:
    """Remove the overlays an earlier copy of the file brought in that it no longer holds: by an author of the file,
    paid for by no run (no tokens), in a state no curator set, under a content key the file does not hold (an entry
    that names no author prunes nothing). The project's translations follow its extraction, which re-keys an entry
    whose text it reads anew; left in place, an old copy would orphan at the next rebuild and stop it. Work a wave
    paid for or a curator touched is never pruned."""
    authors = {entry.get("model") for entry in entries} - {None, ""}
    keys = {entry["content_key"] for entry in entries}
    stale = [
        overlay
        for overlay in EnrichmentOverlay.objects.filter(
            model__in=authors, run__isnull=True, tokens_in=0, tokens_out=0, state__in=UNTOUCHED_STATES
        )
        if overlay.content_key not in keys
    ]
    for overlay in stale:
        overlay.delete()
    if stale:
        overlays_publish(content_keys=[overlay.content_key for overlay in stale])
    return len(stale)


def _blocked_keys_import(entries: list[dict]) -> int:
    with_overlay = set(
        EnrichmentOverlay.objects.exclude(state=EnrichmentOverlay.State.REJECTED).values_list("content_key", flat=True)
    )
    recorded = 0
    for entry in entries:
        key = entry["content_key"]
        if (
            key in with_overlay
            or KeyOutcome.objects.filter(content_key=key, outcome=KeyOutcome.Outcome.BLOCKED).exists()
        ):
            continue
        KeyOutcome.objects.update_or_create(
            content_key=key,
            defaults={
                "outcome": KeyOutcome.Outcome.BLOCKED,
                "detail": str(entry.get("detail") or ""),
                "attempts": int(entry.get("attempts") or 1),
            },
        )
        recorded += 1
    return recorded


def _user(username: str):
    return get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first() if username else None


def _pilot_signoffs_import(entries: list[dict]) -> int:
    recorded = 0
    for entry in entries:
        signed_at, started_at = _moment(entry["signed_at"]), _moment(entry["run"]["started_at"])
        if PilotSignoff.objects.filter(signed_at=signed_at, run__started_at=started_at).exists():
            continue
        summary = entry["run"]
        run = EnrichmentRun.objects.create(
            kind=EnrichmentRun.Kind.PILOT,
            status=EnrichmentRun.Status.FINISHED,
            holder="imported",
            finished_at=_moment(summary.get("finished_at")) or signed_at,
            parameters=summary.get("parameters") or {},
            **{name: int(summary.get(name) or 0) for name in RUN_SUMMARY_FIELDS},
        )
        # started_at and signed_at are set on creation; the file's own moments identify the sign-off.
        EnrichmentRun.objects.filter(pk=run.pk).update(started_at=started_at)
        signoff = PilotSignoff.objects.create(
            run=run,
            signed_by=_user(entry.get("signed_by") or ""),
            note=str(entry.get("note") or ""),
            revoked_at=_moment(entry.get("revoked_at")),
            revoked_by=_user(entry.get("revoked_by") or ""),
        )
        PilotSignoff.objects.filter(pk=signoff.pk).update(signed_at=signed_at)
        recorded += 1
    return recorded


def _overlays_import(entries: list[dict]) -> dict:
    counts = {"created": 0, "updated": 0, "unchanged": 0, "kept": 0}
    changed = []
    existing = {o.content_key: o for o in EnrichmentOverlay.objects.all()}
    for entry in entries:
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
