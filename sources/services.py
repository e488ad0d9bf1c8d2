"""Ingestion: register sources and (re)cut their chunks.

``sources_ingest`` is what ``manage.py ingest_sources`` runs. It is
idempotent: a source whose content hash and chunking settings are unchanged
is not read again. A changed source gets new chunks; extraction files on disk
are never touched here (they are keyed by chunk key, and an old key's file
simply stops matching a chunk). A bad input is recorded on its Source with
a reason and never stops the others.

Nothing outside the corpus folder is read: a PATH that resolves outside it
(through ``..`` or a symbolic link) is refused, and a manifest entry or a
file of a folder that does is skipped, listed with the reason.
"""

import hashlib
import logging
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from .chunking import CHUNKING_VERSION, chunks_split
from .manifest import MANIFEST_NAME, Entry, entries_for_paths, manifest_load
from .models import Chunk, Source
from .readers import KIND_BY_SUFFIX, Document, ReadError, document_read, kind_of
from .text import language_detect

logger = logging.getLogger(__name__)

# Bump when readers or text clean-up change what a file reads as: every
# source is then re-chunked on the next run.
READER_VERSION = 2
SLUG_MAX_CHARS = 80

DUPLICATE_CONTENT = "same content as {path}, already ingested"
UNEXPECTED_ERROR = "unexpected error while reading: {error}"
NO_MANIFEST = "no {name} in {folder}"
OUTSIDE_CORPUS = "resolves outside the corpus folder"
PATH_OUTSIDE_CORPUS = "{path} resolves outside the corpus folder {corpus}; move or copy it there first"

NEW, UNCHANGED, CHANGED = "new", "unchanged", "changed"
# A file or folder named as an excerpt (or truncated) holds part of a book.
EXCERPT_NAME = re.compile(r"excerpt|truncated", re.I)


@dataclass
class IngestSummary:
    sources: int = 0
    new: int = 0
    unchanged: int = 0
    changed: int = 0
    failed: list[dict] = field(default_factory=list)
    needs_ocr: list[str] = field(default_factory=list)
    chunks: int = 0
    # Files left out, each {"path", "reason"}: outside the corpus folder, or (in a folder PATH) another
    # rendering than the one the manifest names, or not a document.
    skipped: list[dict] = field(default_factory=list)
    # Sources registered earlier that the corpus no longer lists (full runs only).
    not_in_corpus: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "sources": self.sources,
            "new": self.new,
            "unchanged": self.unchanged,
            "changed": self.changed,
            "failed": self.failed,
            "needs_ocr": self.needs_ocr,
            "chunks": self.chunks,
            "skipped": self.skipped,
        }


class PathOutsideCorpus(ValueError):
    """A PATH to ingest resolves outside the corpus folder."""


ProgressCallback = Callable[[int, int, Source, str], None]


def chunking_signature(*, max_chars: int) -> str:
    return f"reader{READER_VERSION}-chunker{CHUNKING_VERSION}-max{max_chars}"


def source_path(*, location: Path, corpus_root: Path) -> str:
    """The Source.path of a file or folder: relative to the corpus root when
    inside it (stable across machines), else absolute."""
    location = location.resolve()
    try:
        return location.relative_to(corpus_root.resolve()).as_posix()
    except ValueError:
        return location.as_posix()


def content_sha256(*, entry: Entry) -> str:
    """sha256 of a file; for a folder, of its files' (relative path, content)
    in sorted order, so renaming or editing any page changes it."""
    if not entry.is_folder:
        return _file_sha256(entry.location)
    digest = hashlib.sha256()
    for file in entry.folder_files():
        relative = file.relative_to(entry.location).as_posix().encode("utf-8")
        content = file.read_bytes()
        digest.update(len(relative).to_bytes(8, "big") + relative)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def chunk_key(*, sha256: str, path: str, index: int) -> str:
    """``<first 8 hex of sha256>_<slug>.partNN`` (NN from 01); the slug comes
    from the last two parts of the path, without the extension."""
    location = Path(path)
    if location.suffix.lower() in KIND_BY_SUFFIX:
        location = location.with_suffix("")
    # Dots and underscores separate words in file names; keep them apart.
    words = re.sub(r"[._\s]+", "-", "-".join(location.parts[-2:]))
    slug = slugify(words)[:SLUG_MAX_CHARS].strip("-") or "source"
    return f"{sha256[:8]}_{slug}.part{index:02d}"


def _entry_kind(entry: Entry) -> str:
    """A folder source has the kind most of its files have."""
    if entry.is_folder:
        kinds = Counter(kind for kind in map(kind_of, entry.folder_files()) if kind is not None)
        return kinds.most_common(1)[0][0] if kinds else Source.Kind.OTHER
    return kind_of(entry.location) or Source.Kind.OTHER


def source_ingest(*, entry: Entry, corpus_root: Path, max_chars: int) -> tuple[Source, str]:
    """Register one source and cut its chunks; returns it and whether it was
    new, unchanged or changed. Never raises for a bad file: the failure is
    recorded on the Source (status and reason)."""
    path = source_path(location=entry.location, corpus_root=corpus_root)
    signature = chunking_signature(max_chars=max_chars)
    existing = Source.objects.filter(path=path).first()
    try:
        sha256 = content_sha256(entry=entry) if entry.location.exists() else ""
    except OSError as error:
        sha256 = ""
        logger.warning("cannot hash %s: %s", path, error)
    # A file that is still missing or unreadable (sha256 "") is unchanged too:
    # re-running must not report the same failure as a change every time.
    if existing and existing.sha256 == sha256 and existing.chunking == signature:
        _metadata_refresh(existing, entry)
        return existing, UNCHANGED
    outcome = CHANGED if existing else NEW
    document, failure = _document_or_failure(entry)
    if document is not None:
        duplicate = Source.objects.filter(sha256=sha256, status=Source.Status.OK).exclude(path=path).first()
        if duplicate:
            document, failure = None, ReadError(DUPLICATE_CONTENT.format(path=duplicate.path))
    source = _source_save(
        entry=entry,
        path=path,
        sha256=sha256,
        signature=signature,
        document=document,
        failure=failure,
        max_chars=max_chars,
    )
    return source, outcome


def _document_or_failure(entry: Entry) -> tuple[Document | None, ReadError | None]:
    try:
        files = entry.folder_files() if entry.is_folder else None
        return document_read(entry.location, files=files), None
    except ReadError as error:
        return None, error
    except Exception as error:
        # A library bug on one odd file must not stop the other sources.
        logger.exception("reading %s failed", entry.location)
        return None, ReadError(UNEXPECTED_ERROR.format(error=f"{type(error).__name__}: {error}"))


@transaction.atomic
def _source_save(
    *,
    entry: Entry,
    path: str,
    sha256: str,
    signature: str,
    document: Document | None,
    failure: ReadError | None,
    max_chars: int,
) -> Source:
    source, _created = Source.objects.get_or_create(path=path, defaults={"kind": _entry_kind(entry)})
    source.kind = _entry_kind(entry)
    source.sha256 = sha256
    source.chunking = signature
    source.chunks.all().delete()
    if document is None:
        source.status = Source.Status.NEEDS_OCR if failure.needs_ocr else Source.Status.FAILED
        source.status_reason = failure.reason
        source.failed_files = []
        source.page_count = 0
        source.title = entry.title or source.title or _title_from_name(entry.location)
        source.language = entry.language or source.language
    else:
        source.status = Source.Status.OK
        source.failed_files = [
            {"path": f"{path}/{failed.name}", "reason": failed.reason, "needs_ocr": failed.needs_ocr}
            for failed in document.failed_files
        ]
        source.status_reason = "; ".join(
            [*document.warnings, *(f"{failed.name}: {failed.reason}" for failed in document.failed_files)]
        )
        source.page_count = len(document.pages)
        source.title = entry.title or document.title or _title_from_name(entry.location)
        source.language = entry.language or language_detect("\n".join(document.pages))
    _metadata_apply(source, entry)
    source.save()
    if document is not None:
        pieces = chunks_split(pages=document.pages, max_chars=max_chars)
        Chunk.objects.bulk_create(
            Chunk(
                source=source,
                key=chunk_key(sha256=sha256, path=path, index=index),
                index=index,
                text=piece.text,
                page_start=piece.page_start,
                page_end=piece.page_end,
            )
            for index, piece in enumerate(pieces, start=1)
        )
    return source


def _title_from_name(location: Path) -> str:
    return location.stem.replace("_", " ").replace("-", " ").strip().capitalize()


def is_excerpt(*, entry: Entry, path: str) -> bool:
    """The manifest says the document is truncated, or its file or folder name (or, for a folder source, the
    name of one of its files) says it is an excerpt."""
    # A path outside the corpus is absolute: only its own name counts, not the folders above it.
    own = Path(path).name if Path(path).is_absolute() else path
    if entry.truncated or EXCERPT_NAME.search(own):
        return True
    return entry.is_folder and any(EXCERPT_NAME.search(file.name) for file in entry.folder_files())


def _metadata_apply(source: Source, entry: Entry) -> None:
    """The entry's metadata, and the book context its manifest entry states (the rebuild completes it from the
    title: ``activities.book_context``)."""
    source.truncated = is_excerpt(entry=entry, path=source.path)
    source.author = entry.author or source.author
    source.year = entry.year or source.year
    source.licence = entry.licence or source.licence
    source.origin = entry.origin or source.origin
    source.context = entry.context


METADATA_FIELDS = ["title", "author", "year", "language", "licence", "origin", "context", "truncated"]


def _metadata_refresh(source: Source, entry: Entry) -> None:
    """Manifest edits (title, licence, audience...) apply even when the file is unchanged."""
    before = [getattr(source, name) for name in METADATA_FIELDS]
    source.title = entry.title or source.title
    source.language = entry.language or source.language
    _metadata_apply(source, entry)
    if before != [getattr(source, name) for name in METADATA_FIELDS]:
        source.save(update_fields=[*METADATA_FIELDS, "updated_at"])


def corpus_entries(*, corpus_root: Path) -> list[Entry]:
    """The corpus as its manifest describes it; without a manifest, every supported file in it."""
    manifest = corpus_root / MANIFEST_NAME
    if manifest.is_file():
        return manifest_load(manifest)
    logger.warning(NO_MANIFEST.format(name=MANIFEST_NAME, folder=corpus_root))
    return entries_for_paths([corpus_root]).entries


def _summary_add_problems(summary: IngestSummary, source: Source) -> None:
    """A failed source, or the unreadable files of a folder source, by path."""
    problems = [
        {"path": source.path, "reason": source.status_reason, "needs_ocr": source.status == Source.Status.NEEDS_OCR}
    ]
    if source.status == Source.Status.OK:
        problems = source.failed_files
    for problem in problems:
        if problem["needs_ocr"]:
            summary.needs_ocr.append(problem["path"])
        else:
            summary.failed.append({"path": problem["path"], "reason": problem["reason"]})


def _as_named(path: Path, corpus_root: Path) -> str:
    """A skipped file's path as the corpus names it: a link's own name, not where it leads."""
    named, root = Path(os.path.normpath(path.absolute())), Path(os.path.normpath(corpus_root.absolute()))
    return named.relative_to(root).as_posix() if named.is_relative_to(root) else named.as_posix()


def inside_corpus(*, path: Path, corpus_root: Path) -> bool:
    return path.resolve().is_relative_to(corpus_root.resolve())


def _entries_inside(entries: list[Entry], corpus_root: Path) -> tuple[list[Entry], list[Path]]:
    """The entries to read, and the files left out because they resolve outside the corpus folder."""
    kept, outside = [], []
    for entry in entries:
        if not inside_corpus(path=entry.location, corpus_root=corpus_root):
            outside.append(entry.location)
            continue
        kept.append(entry)
        if entry.is_folder:
            outside.extend(entry.folder_links_outside())
    return kept, outside


def sources_ingest(*, paths: list[Path] | None = None, progress: ProgressCallback | None = None) -> IngestSummary:
    """Ingest the given PATHs, or the configured corpus when none are given. Raises PathOutsideCorpus, having
    read nothing, when a PATH resolves outside the corpus folder."""
    corpus_root = Path(settings.CORPUS_DIR)
    max_chars = settings.CHUNK_MAX_CHARS
    for path in paths or ():
        if not inside_corpus(path=path, corpus_root=corpus_root):
            raise PathOutsideCorpus(PATH_OUTSIDE_CORPUS.format(path=path, corpus=corpus_root))
    if paths:
        selection = entries_for_paths(paths)
        entries, skipped = selection.entries, selection.skipped
    else:
        entries, skipped = corpus_entries(corpus_root=corpus_root), []
    entries, outside = _entries_inside(entries, corpus_root)
    skipped = [
        {"path": _as_named(path, corpus_root), "reason": reason}
        for path, reason in [*skipped, *((path, OUTSIDE_CORPUS) for path in outside)]
    ]
    summary = IngestSummary(sources=len(entries), skipped=skipped)
    for number, entry in enumerate(entries, start=1):
        source, outcome = source_ingest(entry=entry, corpus_root=corpus_root, max_chars=max_chars)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
        _summary_add_problems(summary, source)
        summary.chunks += source.chunks.count()
        if progress:
            progress(number, len(entries), source, outcome)
    if not paths:
        # Kept, not deleted: activities may still cite them. The maintainer decides.
        ingested = {source_path(location=entry.location, corpus_root=corpus_root) for entry in entries}
        summary.not_in_corpus = sorted(set(Source.objects.values_list("path", flat=True)) - ingested)
    return summary
