"""``manage.py ingest_sources [PATH ...] [--json] [--strict]``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.manifest import ManifestError
from sources.services import PathOutsideCorpus, sources_ingest

PATH_MISSING = "no such file or folder: {path}"
STRICT_FAILURES = "{count} source(s) failed or need OCR (--strict)"


class Command(BaseCommand):
    help = (
        "Register corpus documents as sources and cut them into chunks. Without PATH: the corpus folder's "
        "manifest. A folder with a manifest.yaml: that manifest. Other files or folders: each supported file."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the summary as one JSON object, last line"
        )
        parser.add_argument("--strict", action="store_true", help="exit non-zero when any source failed")

    def handle(self, *args, paths, as_json: bool = False, strict: bool = False, **options):
        for path in paths:
            # A mistyped PATH is a usage error, unlike a bad file, which is recorded.
            if not path.exists():
                raise CommandError(PATH_MISSING.format(path=path))
        try:
            summary = sources_ingest(paths=paths or None, progress=self._progress)
        except (ManifestError, PathOutsideCorpus) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{summary.sources} sources: {summary.new} new, {summary.changed} changed, "
            f"{summary.unchanged} unchanged; {summary.chunks} chunks; "
            f"{len(summary.failed)} failed, {len(summary.needs_ocr)} need OCR"
        )
        for failure in summary.failed:
            self.stdout.write(f"  failed: {failure['path']}: {failure['reason']}")
        for path in summary.needs_ocr:
            self.stdout.write(f"  needs OCR: {path}")
        for skipped in summary.skipped:
            self.stdout.write(f"  skipped: {skipped['path']}: {skipped['reason']}")
        for path in summary.not_in_corpus:
            self.stdout.write(f"  kept, but no longer in the corpus: {path}")
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
        problems = len(summary.failed) + len(summary.needs_ocr)
        if strict and problems:
            raise CommandError(STRICT_FAILURES.format(count=problems))

    def _progress(self, number, total, source, outcome):
        chunks = source.chunks.count()
        status = "" if source.status == source.Status.OK else f" [{source.status}: {source.status_reason}]"
        self.stdout.write(f"[{number}/{total}] {source.path}: {outcome}, {chunks} chunks{status}")
