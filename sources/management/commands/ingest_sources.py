"""``manage.py ingest_sources [PATH ...] [--json] [--strict]``."""

from pathlib import Path

from django.core.management.base import CommandError

from gamelibrary.commands import SummaryCommand
from sources.manifest import ManifestError
from sources.services import PathOutsideCorpus, sources_ingest

PATH_MISSING = "no such file or folder: {path}"
STRICT_FAILURES = "{count} source(s) failed or need OCR (--strict)"


class Command(SummaryCommand):
    help = (
        "Register corpus documents as sources and cut them into chunks. Without PATH: the corpus folder's "
        "manifest. A folder with a manifest.yaml: that manifest. Other files or folders: each supported file."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument("--strict", action="store_true", help="exit non-zero when any source failed")
        super().add_arguments(parser)

    def handle(self, *args, paths, as_json: bool = False, strict: bool = False, **options):
        for path in paths:
            # A mistyped PATH is a usage error, unlike a bad file, which is recorded.
            if not path.exists():
                raise CommandError(PATH_MISSING.format(path=path))
        try:
            summary = sources_ingest(paths=paths or None, progress=self._progress)
        except (ManifestError, PathOutsideCorpus) as error:
            raise CommandError(str(error)) from error
        self.write_summary(
            f"{summary.sources} sources: {summary.new} new, {summary.changed} changed, "
            f"{summary.unchanged} unchanged; {summary.chunks} chunks; "
            f"{len(summary.failed)} failed, {len(summary.needs_ocr)} need OCR",
            {
                "failed": (f"{failure['path']}: {failure['reason']}" for failure in summary.failed),
                "needs OCR": summary.needs_ocr,
                "skipped": (f"{skipped['path']}: {skipped['reason']}" for skipped in summary.skipped),
                "kept, but no longer in the corpus": summary.not_in_corpus,
            },
        )
        self.write_json(summary.as_dict(), as_json)
        problems = len(summary.failed) + len(summary.needs_ocr)
        if strict and problems:
            raise CommandError(STRICT_FAILURES.format(count=problems))

    def _progress(self, number, total, source, outcome):
        chunks = source.chunks.count()
        status = "" if source.status == source.Status.OK else f" [{source.status}: {source.status_reason}]"
        self.stdout.write(f"[{number}/{total}] {source.path}: {outcome}, {chunks} chunks{status}")
