"""A token of the code being served, for the caches of rendered output (``pages``, ``facets``): a deploy that
changes a template, a translation, the code or the static files' hashed names starts from fresh keys instead of
serving pages of the previous release, without clearing a cache other services may share (Redis)."""

import hashlib
from pathlib import Path

# What a rendered page depends on besides the library: code, templates, compiled translations, static manifest.
RELEASE_SUFFIXES = frozenset({".py", ".html", ".mo", ".json"})


def release_token(base_dir: Path, folders: list[str], files: list[str]) -> str:
    """A short hash of the name, size and modification time of every file of ``folders`` with a suffix of
    ``RELEASE_SUFFIXES``, and of ``files`` that exist (all under ``base_dir``); the same in every worker of one
    deploy."""
    paths = [path for folder in folders for path in (base_dir / folder).rglob("*") if path.suffix in RELEASE_SUFFIXES]
    paths += [base_dir / name for name in files]
    digest = hashlib.sha256()
    for path in sorted(path for path in paths if path.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(base_dir)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]
