"""``manage.py extract_chunks [--source SUBSTR] [--limit N] [--extractor anthropic|rules] [--concurrency K]
[--force] [--json]``."""

import json

from django.core.management.base import BaseCommand, CommandError

from activities.extraction.services import EXTRACTORS, chunks_extract, default_extractor

PROGRESS_EVERY = 10


class Command(BaseCommand):
    help = (
        "Extract activities from chunks into data/extracted/<chunk_key>.json. Resumable: chunks with a valid "
        "file are skipped. Default extractor: anthropic when ANTHROPIC_API_KEY is set, otherwise rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="only sources whose path contains this text")
        parser.add_argument("--limit", type=int, help="extract at most N chunks in this run")
        parser.add_argument("--extractor", choices=EXTRACTORS, help="default: anthropic when configured, else rules")
        parser.add_argument("--concurrency", type=int, help="parallel model calls (default EXTRACTION_CONCURRENCY)")
        parser.add_argument("--force", action="store_true", help="replace existing files, valid or not")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the summary as one JSON object, last line"
        )

    def handle(self, *args, source=None, limit=None, extractor=None, concurrency=None, force=False, as_json=False, **o):
        if limit is not None and limit < 0:
            raise CommandError("--limit must be 0 or more")
        if concurrency is not None and concurrency < 1:
            raise CommandError("--concurrency must be 1 or more")
        chosen = extractor or default_extractor()
        self.stdout.write(f"extractor: {chosen}" + ("" if extractor else " (default)"))
        try:
            summary = chunks_extract(
                extractor=chosen,
                source=source,
                limit=limit,
                concurrency=concurrency,
                force=force,
                progress=self._progress,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{summary.chunks} chunks: {summary.extracted} extracted, {summary.skipped} skipped, "
            f"{len(summary.blocked)} blocked, {len(summary.invalid)} invalid, {summary.missing} missing; "
            f"tokens in {summary.input_tokens}, out {summary.output_tokens}"
        )
        for item in summary.invalid:
            self.stdout.write(f"  invalid: {item['chunk_key']}: {item['reason']}")
        for key in summary.blocked:
            self.stdout.write(f"  blocked: {key}")
        for key in summary.kept:
            self.stdout.write(
                f"  kept: {key} (the model refused; its valid file stays, the refusal is in {key}.json.blocked)"
            )
        if summary.stopped:
            self.stdout.write(f"stopped: {summary.stopped} — run again to resume")
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))

    def _progress(self, done: int, total: int, key: str, status: str) -> None:
        if status != "extracted" or done % PROGRESS_EVERY == 0 or done == total:
            self.stdout.write(f"[{done}/{total}] {key}: {status}")
