"""The corpus manifest (``manifest.yaml``) and what to ingest for a PATH.

A manifest lists sources, each with a ``path`` relative to the manifest's
folder. A path may be a file, or a folder ingested as one source whose pages
are its files (``files``: glob patterns, default every supported file;
``exclude``: names or patterns to leave out), in sorted order.

An entry may state what the book says of all its games: its audience
(``audience: {age_min: 6, age_max: 12}`` or ``ages: "6-12"`` / ``"8+"``) and
its setting (``setting: indoor``, ``outdoor`` or ``both``). A value that
cannot be read is an error, never guessed.

Files given on the command line that no manifest describes become entries
with metadata inferred (title from the document, language detected).
"""

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .readers import KIND_BY_SUFFIX, kind_of

MANIFEST_NAME = "manifest.yaml"
MANIFEST_INVALID = "{path}: not a valid manifest: {error}"
ENTRY_WITHOUT_PATH = "{path}: entry {index} has no path"
METADATA_FILE = "metadata.yaml"
LEFT_OUT = "the manifest above it names another rendering"
NOT_A_DOCUMENT = "not a supported document type"
# Read for their metadata, so never listed as skipped.
SIDECAR_FILES = {MANIFEST_NAME, METADATA_FILE}
ENTRY_FIELDS = {
    "path", "title", "author", "year", "language", "licence", "origin", "files", "exclude", "audience", "ages",
    "setting", "truncated",
}  # fmt: skip
# The library's indoor/outdoor codes (activities.taxonomy.INDOOR_OUTDOOR).
SETTINGS = ("indoor", "outdoor", "both")
AUDIENCE_KEYS = ("age_min", "age_max")
MAX_AGE = 120
AGES = re.compile(r"^\s*(\d{1,3})\s*(?:(?:-|–|to)\s*(\d{1,3})|(\+))\s*$")


class ManifestError(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    """One source to ingest: ``location`` is the absolute file or folder."""

    location: Path
    title: str = ""
    author: str = ""
    year: int | None = None
    language: str = ""
    licence: str = ""
    origin: str = ""
    truncated: bool = False
    files: tuple[str, ...] = ()
    exclude: tuple[str, ...] = field(default=())
    # What the entry says of all the book's games: age_min / age_max and indoor_outdoor, when stated.
    context: dict = field(default_factory=dict, hash=False)

    @property
    def is_folder(self) -> bool:
        return self.location.is_dir()

    def folder_files(self) -> list[Path]:
        """The files of a folder entry, sorted by their path inside the folder; a link to a file outside the
        folder is not one of them (see ``folder_links_outside``)."""
        patterns = self.files or tuple(f"*{suffix}" for suffix in KIND_BY_SUFFIX)
        root = self.location.resolve()
        chosen = []
        for path in self.location.rglob("*"):
            if not path.is_file() or not path.resolve().is_relative_to(root):
                continue
            relative = path.relative_to(self.location).as_posix()
            if not any(fnmatch.fnmatch(relative, pattern) for pattern in patterns):
                continue
            if any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude):
                continue
            chosen.append(path)
        return sorted(chosen, key=lambda path: path.relative_to(self.location).as_posix())

    def folder_links_outside(self) -> list[Path]:
        """The files of a folder entry that are links resolving outside it: never read."""
        root = self.location.resolve()
        return sorted(
            path for path in self.location.rglob("*") if path.is_file() and not path.resolve().is_relative_to(root)
        )


def manifest_load(manifest_path: Path) -> list[Entry]:
    """The entries of a manifest, paths resolved against its folder."""
    try:
        data = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ManifestError(MANIFEST_INVALID.format(path=manifest_path, error=error)) from error
    raw_entries = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(raw_entries, list):
        raise ManifestError(MANIFEST_INVALID.format(path=manifest_path, error="a top-level 'sources' list is required"))
    root = manifest_path.parent
    entries = []
    for index, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict) or not raw.get("path"):
            raise ManifestError(ENTRY_WITHOUT_PATH.format(path=manifest_path, index=index))
        unknown = set(raw) - ENTRY_FIELDS
        if unknown:
            raise ManifestError(
                MANIFEST_INVALID.format(path=manifest_path, error=f"entry {index}: unknown keys {sorted(unknown)}")
            )
        try:
            year = int(raw["year"]) if raw.get("year") else None
        except (TypeError, ValueError) as error:
            raise ManifestError(
                MANIFEST_INVALID.format(path=manifest_path, error=f"entry {index}: year {error}")
            ) from error
        try:
            context = entry_context(raw)
        except ValueError as error:
            raise ManifestError(MANIFEST_INVALID.format(path=manifest_path, error=f"entry {index}: {error}")) from error
        entries.append(
            Entry(
                location=root / str(raw["path"]),
                title=str(raw.get("title") or ""),
                author=str(raw.get("author") or ""),
                year=year,
                language=str(raw.get("language") or ""),
                licence=str(raw.get("licence") or "").strip(),
                origin=str(raw.get("origin") or "").strip(),
                truncated=raw.get("truncated") is True,
                files=tuple(_as_list(raw.get("files"))),
                exclude=tuple(_as_list(raw.get("exclude"))),
                context=context,
            )
        )
    return entries


def entry_context(raw: dict) -> dict:
    """The audience and setting an entry states, as ``{age_min, age_max, indoor_outdoor}`` (keys only when
    stated); ValueError says what is wrong with a value."""
    context: dict = {}
    if "audience" in raw and "ages" in raw:
        raise ValueError("give the audience's ages once, as audience or as ages")
    if "audience" in raw:
        context.update(_audience(raw["audience"]))
    if "ages" in raw:
        context.update(_ages(raw["ages"]))
    if "setting" in raw:
        setting = raw["setting"]
        if setting not in SETTINGS:
            raise ValueError(f"setting {setting!r} is not one of {', '.join(SETTINGS)}")
        context["indoor_outdoor"] = setting
    return context


def _audience(value) -> dict:
    if not isinstance(value, dict) or not value or set(value) - set(AUDIENCE_KEYS):
        raise ValueError(f"audience {value!r} must be a mapping of age_min and/or age_max")
    for key, age in value.items():
        if isinstance(age, bool) or not isinstance(age, int) or not 0 < age <= MAX_AGE:
            raise ValueError(f"audience {key} {age!r} is not an age (a whole number from 1 to {MAX_AGE})")
    return _age_range(value.get("age_min"), value.get("age_max"))


def _ages(value) -> dict:
    match = AGES.match(str(value)) if isinstance(value, str | int) and not isinstance(value, bool) else None
    if not match or not 0 < int(match.group(1)) <= MAX_AGE or int(match.group(2) or 1) > MAX_AGE:
        raise ValueError(f"ages {value!r} is not an age range such as '6-12' or '8+'")
    high = int(match.group(2)) if match.group(2) else None
    return _age_range(int(match.group(1)), high)


def _age_range(low: int | None, high: int | None) -> dict:
    if low is not None and high is not None and low > high:
        raise ValueError(f"ages {low}-{high}: the youngest age is above the oldest")
    return {key: age for key, age in (("age_min", low), ("age_max", high)) if age is not None}


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


@dataclass
class Selection:
    """What a run ingests, and the files of a folder it left out, each with
    why: the manifest above them names another rendering of the same book, or
    they are not documents."""

    entries: list[Entry]
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def entries_for_paths(paths: list[Path]) -> Selection:
    """What to ingest for command-line PATHs.

    A folder with a manifest gives its entries. A file or folder that a
    manifest in a folder above names (or a file inside a folder entry) gives
    that entry, with its metadata. Another folder gives each supported file in
    it, except files under a manifest that does not name them (the manifest
    chose another rendering). Any other file is one entry with inferred
    metadata, whatever its type (an unsupported one is then recorded as
    failed, not silently dropped)."""
    manifests = _ManifestIndex()
    selection = Selection(entries=[])
    for path in paths:
        path = path.resolve()
        if path.is_dir() and (path / MANIFEST_NAME).is_file():
            selection.entries.extend(manifests.load(path / MANIFEST_NAME))
        elif (entry := manifests.entry_for(path)) is not None:
            selection.entries.append(entry)
        elif path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and p.name not in SIDECAR_FILES):
                if kind_of(file) is None:
                    selection.skipped.append((file, NOT_A_DOCUMENT))
                elif (entry := manifests.entry_for(file)) is not None:
                    selection.entries.append(entry)
                elif manifests.governs(file):
                    selection.skipped.append((file, LEFT_OUT))
                else:
                    selection.entries.append(_inferred_entry(file))
        else:
            selection.entries.append(_inferred_entry(path))
    unique: dict[Path, Entry] = {}
    for entry in selection.entries:
        unique.setdefault(entry.location.resolve(), entry)
    selection.entries = list(unique.values())
    return selection


class _ManifestIndex:
    """The manifests in the folders above a path, each read once."""

    def __init__(self):
        self._loaded: dict[Path, list[Entry]] = {}

    def load(self, manifest_path: Path) -> list[Entry]:
        if manifest_path not in self._loaded:
            self._loaded[manifest_path] = manifest_load(manifest_path)
        return self._loaded[manifest_path]

    def _above(self, path: Path) -> list[list[Entry]]:
        return [self.load(folder / MANIFEST_NAME) for folder in path.parents if (folder / MANIFEST_NAME).is_file()]

    def entry_for(self, path: Path) -> Entry | None:
        for entries in self._above(path):
            for entry in entries:
                location = entry.location.resolve()
                if location == path or (entry.is_folder and path in entry.folder_files()):
                    return entry
        return None

    def governs(self, path: Path) -> bool:
        """True when a manifest above names a file in the same folder (so a
        file there that it does not name was left out on purpose)."""
        return any(
            entry.location.resolve().parent == path.parent or entry.location.resolve() == path.parent
            for entries in self._above(path)
            for entry in entries
        )


def _inferred_entry(path: Path) -> Entry:
    """An entry for a file no manifest names; a GITenberg-style
    ``metadata.yaml`` beside it supplies title, author and rights."""
    metadata = _sibling_metadata(path)
    return Entry(location=path, **metadata)


def _sibling_metadata(path: Path) -> dict:
    metadata_path = path.parent / METADATA_FILE
    if not metadata_path.is_file():
        return {}
    try:
        # GITenberg's records carry tags (``!lcsh``) that safe_load rejects.
        data = yaml.load(metadata_path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    found = {}
    if isinstance(data.get("title"), str):
        found["title"] = data["title"].strip()
    creator = data.get("creator")
    author = creator.get("author") if isinstance(creator, dict) else None
    if isinstance(author, dict) and isinstance(author.get("agent_name"), str):
        found["author"] = author["agent_name"].strip()
    if isinstance(data.get("rights"), str):
        found["licence"] = data["rights"].strip()
    if isinstance(data.get("url"), str):
        found["origin"] = data["url"].strip()
    return found


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that reads unknown tags as their plain value."""


def _unknown_tag(loader, tag_suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("!", _unknown_tag)
