"""Extraction files on disk: ``EXTRACTED_DIR/<chunk_key>.json``, the durable truth of extraction.

Written atomically (a temporary file in the same folder, then ``os.replace``),
never overwritten when a valid file is there unless forced, never deleted.
When the model refuses a chunk whose valid file is kept, the refusal is
recorded beside it in ``<chunk_key>.json.blocked`` (the rebuild reads only
``*.json``).
"""

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from activities.extraction.schema import SCHEMA_VERSION, validation_errors

MISSING, VALID, INVALID = "missing", "valid", "invalid"

VALID_FILE_EXISTS = "a valid extraction file already exists for {key} (use force to replace it)"
KEY_MISMATCH = "chunk_key {found!r} does not match the file name {expected!r}"
NOT_JSON = "not valid JSON: {error}"
NOT_READABLE = "cannot be read: {error}"
TOO_DEEP = "nested too deeply to read"
NOT_UNICODE = "not valid Unicode text: {error}"
OUT_OF_RANGE = "integer {literal} is beyond the 64-bit range a database stores"
STALE = "extracted from other text than the chunk now has (re-cut by ingestion); --force re-extracts it"
QUOTE_NOT_FOUND = "activities/{index}/quote: not found in the chunk text: {quote!r}"
# The JSON escape of a UTF-16 surrogate, \ud800 to \udfff: read, it may leave a lone one.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


@dataclass(frozen=True)
class FileState:
    """What is on disk for one chunk: ``missing``, ``valid`` or ``invalid`` (with the reason)."""

    status: str
    document: dict | None = None
    reason: str = ""

    @property
    def blocked(self) -> bool:
        return self.status == VALID and self.document is not None and self.document.get("status") == "blocked"


def extraction_path(*, chunk_key: str) -> Path:
    return Path(settings.EXTRACTED_DIR) / f"{chunk_key}.json"


def document_errors(*, document: object, chunk_key: str) -> list[str]:
    """Schema violations, plus a chunk key that does not match the file's name."""
    errors = validation_errors(document)
    if not errors and document.get("chunk_key") != chunk_key:
        errors.append(KEY_MISMATCH.format(found=document.get("chunk_key"), expected=chunk_key))
    return errors


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _int_64_bit(literal: str) -> int:
    # The length test comes first: converting a literal of thousands of digits is slow, then refused.
    if len(literal.lstrip("-")) > 19 or not -(2**63) <= int(literal) < 2**63:
        raise OverflowError(OUT_OF_RANGE.format(literal=literal if len(literal) <= 40 else f"{literal[:40]}…"))
    return int(literal)


def document_load(path: Path) -> tuple[str, object]:
    """(the reason the file cannot be held as a JSON document, or "", the document). Whatever the file holds —
    a directory, undecodable bytes, nesting deeper than the parser goes, an integer beyond 64 bits, a lone
    surrogate — it gives a reason, never an exception; only FileNotFoundError is left to the caller."""
    try:
        text = path.read_text(encoding="utf-8")
        document = json.loads(text, parse_int=_int_64_bit)
        # JSON escapes can spell a lone surrogate, which no database or hash can encode; only a surrogate's escape
        # can, so a text without one is not encoded again to find out.
        if SURROGATE_ESCAPE.search(text):
            json.dumps(document, ensure_ascii=False).encode("utf-8")
    except FileNotFoundError:
        raise
    except RecursionError:
        return TOO_DEEP, None
    except OverflowError as error:
        return str(error), None
    except UnicodeEncodeError as error:
        return NOT_UNICODE.format(error=error), None
    except (UnicodeDecodeError, OSError) as error:
        return NOT_READABLE.format(error=error), None
    except ValueError as error:
        return NOT_JSON.format(error=error), None
    return "", document


def extraction_read(*, chunk_key: str, chunk_text: str | None = None) -> FileState:
    """The file of a chunk; with ``chunk_text``, a file extracted from other text is invalid (stale)."""
    path = extraction_path(chunk_key=chunk_key)
    try:
        reason, document = document_load(path)
    except FileNotFoundError:
        return FileState(MISSING)
    if reason:
        return FileState(INVALID, reason=reason)
    errors = document_errors(document=document, chunk_key=chunk_key)
    if errors:
        return FileState(INVALID, document=document if isinstance(document, dict) else None, reason="; ".join(errors))
    recorded = document.get("chunk_sha256")
    if chunk_text is not None and recorded and recorded != text_sha256(chunk_text):
        return FileState(INVALID, document=document, reason=STALE)
    return FileState(VALID, document=document)


QUOTE_CLASSES = {**dict.fromkeys('"“”„«»', '["“”„«»]'), **dict.fromkeys("'‘’", "['‘’]")}


def _flexible_pattern(quote: str) -> re.Pattern:
    """The quote with any run of whitespace matching any whitespace, and typographic quotes matching plain ones."""
    pattern = []
    for token in re.split(r"(\s+)", quote.strip()):
        if token.isspace():
            pattern.append(r"\s+")
        else:
            pattern.extend(QUOTE_CLASSES.get(char, re.escape(char)) for char in token)
    return re.compile("".join(pattern))


def ground_quote(*, quote: str, text: str) -> tuple[str, int] | None:
    """The verbatim span of ``text`` a quote stands for, and where it starts; None when it is not there.

    A model may normalize whitespace or quote characters; the stored quote is
    always the chunk's own text.
    """
    if quote and (position := text.find(quote)) >= 0:
        return quote, position
    if not quote.strip():
        return None
    match = _flexible_pattern(quote).search(text)
    return (match.group(), match.start()) if match else None


def quote_errors(*, document: dict, text: str) -> list[str]:
    return [
        QUOTE_NOT_FOUND.format(index=index, quote=activity["quote"])
        for index, activity in enumerate(document.get("activities", []))
        if activity["quote"] not in text
    ]


def extraction_document(
    *,
    chunk_key: str,
    source_path: str,
    extractor: dict,
    activities: list[dict],
    usage: dict | None,
    blocked_reason: str | None = None,
    chunk_text: str | None = None,
    extracted_at: datetime | None = None,
) -> dict:
    """The document ``extraction_write`` stores; ``extracted_at`` is now unless given (a fixed time writes the
    same bytes again, which the rebuild's unchanged check relies on)."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "chunk_key": chunk_key,
        "source_path": source_path,
        **({"chunk_sha256": text_sha256(chunk_text)} if chunk_text is not None else {}),
        "status": "blocked" if blocked_reason else "extracted",
        "extractor": extractor,
        "usage": usage,
        "extracted_at": (extracted_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "activities": activities,
    }
    if blocked_reason:
        document["blocked_reason"] = blocked_reason
    return document


def atomic_write_text(*, path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def refusal_path(*, chunk_key: str) -> Path:
    path = extraction_path(chunk_key=chunk_key)
    return path.with_name(path.name + ".blocked")


def refusal_write(*, document: dict) -> Path:
    """Record a refusal (a ``blocked`` extraction document) beside the chunk's valid file, which stays."""
    path = refusal_path(chunk_key=document["chunk_key"])
    atomic_write_text(path=path, text=json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return path


def refusal_clear(*, chunk_key: str) -> None:
    """A chunk extracted again: an earlier refusal no longer describes it."""
    refusal_path(chunk_key=chunk_key).unlink(missing_ok=True)


def extraction_write(*, document: dict, force: bool = False) -> Path:
    """Validate and write one extraction file; refuses to replace a valid file unless ``force``."""
    chunk_key = document["chunk_key"]
    errors = document_errors(document=document, chunk_key=chunk_key)
    if errors:
        raise ValueError("; ".join(errors))
    if not force and extraction_read(chunk_key=chunk_key).status == VALID:
        raise FileExistsError(VALID_FILE_EXISTS.format(key=chunk_key))
    path = extraction_path(chunk_key=chunk_key)
    atomic_write_text(path=path, text=json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return path
