"""Everything a rebuild reads, as one digest, so that a rebuild over unchanged inputs can publish nothing.

A rebuild's result is a function of the extraction files, the curators' decisions, corrections and not-a-game
marks, the sources and their chunks (book contexts, source links), what other apps apply at publish (their
answers to ``library_inputs``: enrichment's overlays), the library it publishes over (the keys already
published keep their ids) and the code of the rebuild. When the digest of all but the last equals the one recorded
by the last published rebuild, and the library's version (``activities.library_version``) is still the one that
rebuild left (nothing wrote to the library since: no curator edit, no overlay published), publishing again would
write the same library: ``corpus_rebuild`` then publishes nothing and reports ``unchanged``.
"""

import hashlib
from pathlib import Path

from activities.library_version import library_version
from activities.models import FilterCorrection, NotAGameMark, RebuildRun, ReviewDecision
from activities.signals import library_inputs
from sources.models import Chunk, Source

# The code whose change changes what a rebuild publishes: the activities app (normalization, dedup, estimates,
# the not-a-game gate, the rebuild itself).
CODE_DIR = Path(__file__).resolve().parents[1]


def inputs_digest(*, directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.json")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<not a file>")
    for queryset in (
        ReviewDecision.objects.order_by("pk").values_list(),
        FilterCorrection.objects.order_by("pk").values_list(),
        NotAGameMark.objects.order_by("pk").values_list(),
        Source.objects.order_by("pk").values_list("pk", "path", "title", "context"),
        Chunk.objects.order_by("pk").values_list("key", "source_id"),
    ):
        for row in queryset.iterator(chunk_size=2000):
            digest.update(repr(row).encode())
    answers = library_inputs.send(sender=RebuildRun)
    for receiver, answer in sorted(answers, key=lambda pair: f"{pair[0].__module__}.{pair[0].__qualname__}"):
        digest.update(f"{receiver.__module__}.{receiver.__qualname__}={answer}".encode())
    for path in sorted(CODE_DIR.rglob("*.py")):
        digest.update(str(path.relative_to(CODE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def published_state(*, digest: str) -> dict:
    """What a published rebuild records, to be compared by the next one (after its publish: its new version)."""
    return {"digest": digest, "library_version": library_version()}


def unchanged_since_last_publish(*, digest: str) -> RebuildRun | None:
    """The last published rebuild, when its inputs were these and nothing has written to the library since."""
    last = RebuildRun.objects.filter(published=True, dry_run=False).order_by("-pk").first()
    if last is None or last.report.get("inputs") != published_state(digest=digest):
        return None
    return last
