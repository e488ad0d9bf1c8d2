"""Faithful repair of extraction files that come from elsewhere (older tools, hand edits).

The usual damage is an unescaped ASCII ``"`` inside a string value — a model
writing Romanian ``„Unu"`` — or a raw line break inside a string. A
"repair" that ends the string at the stray quote silently loses the rest of
the text. ``repair_text`` instead *escapes* a quote unless what follows it can
only mean the string has ended, and never drops a character. A file is
replaced only when the repaired document is valid, carries strictly more
text than a plain parse recovers and no less than a truncating repair would;
the original is kept beside it as ``<name>.json.orig``.
"""

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

from activities.extraction import files

ORIG_SUFFIX = ".orig"
STILL_INVALID = "repaired text is still not valid: {reason}"
NO_GAIN = "repair recovers no more text ({repaired} characters) than a plain or truncating parse ({baseline})"
NOT_JSON_AFTER_REPAIR = "still not JSON after escaping stray quotes: {error}"

# After a closing quote, JSON allows only these; anything else means the quote was part of the text.
_CLOSES_IN_OBJECT = re.compile(r'\s*(?:[}\]:]|,\s*"(?:[^"\\\n]|\\.)*"\s*:|$)')
_CLOSES_IN_ARRAY = re.compile(r'\s*(?:[}\]]|,\s*(?:["{\[\-0-9]|true|false|null)|$)')
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def repair_text(raw: str) -> str:
    """The JSON text with stray quotes and raw control characters inside strings escaped; nothing removed."""
    out: list[str] = []
    stack: list[str] = []
    in_string = False
    index = 0
    while index < len(raw):
        char = raw[index]
        if not in_string:
            if char in "{[":
                stack.append(char)
            elif char in "}]" and stack:
                stack.pop()
            elif char == '"':
                in_string = True
            out.append(char)
        elif char == "\\" and index + 1 < len(raw):
            out.append(raw[index : index + 2])
            index += 1
        elif char == '"':
            closes = _CLOSES_IN_ARRAY if stack and stack[-1] == "[" else _CLOSES_IN_OBJECT
            if closes.match(raw, index + 1):
                in_string = False
                out.append(char)
            else:
                out.append('\\"')
        else:
            out.append(_ESCAPES.get(char, char))
        index += 1
    return "".join(out)


def text_length(value: object) -> int:
    """Characters of all string values (and keys) in a parsed document: how much text it carries."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        return sum(len(key) + text_length(item) for key, item in value.items())
    if isinstance(value, list):
        return sum(text_length(item) for item in value)
    return 0


def truncating_text_length(raw: str) -> int:
    """How much text a truncating repair recovers: every string ends at its first unescaped quote,
    and whatever cannot follow a JSON value is skipped up to the next ``,``, ``}`` or ``]``."""
    total = 0
    index = 0
    while (start := raw.find('"', index)) >= 0:
        end = start + 1
        while end < len(raw) and raw[end] != '"':
            end += 2 if raw[end] == "\\" else 1
        total += end - start - 1
        follower = re.compile(r"\s*[,:}\]]").match(raw, end + 1)
        if follower:
            index = follower.end()
        else:
            skip = re.compile(r"[^,}\]]*[,}\]]").match(raw, end + 1)
            index = skip.end() if skip else len(raw)
    return total


def plain_text_length(raw: str) -> int:
    try:
        return text_length(json.loads(raw))
    except json.JSONDecodeError:
        return 0


@dataclass(frozen=True)
class RepairResult:
    chunk_key: str
    status: str  # "valid" (nothing to do), "repairable", "repaired", "unrepairable"
    reason: str = ""


def file_repair(*, path: Path, apply: bool) -> RepairResult:
    """Repair one extraction file if that is safe and gains text; with ``apply``, replace it (keeping ``.orig``)."""
    chunk_key = path.name.removesuffix(".json")
    state = files.extraction_read(chunk_key=chunk_key)
    if state.status == files.VALID:
        return RepairResult(chunk_key, "valid")
    raw = path.read_text(encoding="utf-8")
    repaired = repair_text(raw)
    try:
        document = json.loads(repaired)
    except json.JSONDecodeError as error:
        return RepairResult(chunk_key, "unrepairable", NOT_JSON_AFTER_REPAIR.format(error=error))
    errors = files.document_errors(document=document, chunk_key=chunk_key)
    if errors:
        return RepairResult(chunk_key, "unrepairable", STILL_INVALID.format(reason="; ".join(errors)))
    gained, plain, truncated = text_length(document), plain_text_length(raw), truncating_text_length(raw)
    if gained <= plain or gained < truncated:
        return RepairResult(chunk_key, "unrepairable", NO_GAIN.format(repaired=gained, baseline=max(plain, truncated)))
    if not apply:
        return RepairResult(chunk_key, "repairable")
    original = path.with_name(path.name + ORIG_SUFFIX)
    if not original.exists():
        files.atomic_write_text(path=original, text=raw)
    files.atomic_write_text(path=path, text=json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return RepairResult(chunk_key, "repaired")


@dataclass
class RepairSummary:
    applied: bool
    files: int = 0
    valid: int = 0
    repaired: list[str] = field(default_factory=list)
    repairable: list[str] = field(default_factory=list)
    unrepairable: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def extractions_repair(*, apply: bool = False) -> RepairSummary:
    """Every extraction file checked; invalid ones repaired when safe (a dry run unless ``apply``)."""
    summary = RepairSummary(applied=apply)
    for path in sorted(Path(settings.EXTRACTED_DIR).glob("*.json")):
        summary.files += 1
        result = file_repair(path=path, apply=apply)
        if result.status == "valid":
            summary.valid += 1
        elif result.status == "unrepairable":
            summary.unrepairable.append({"chunk_key": result.chunk_key, "reason": result.reason})
        else:
            getattr(summary, result.status).append(result.chunk_key)
    return summary
