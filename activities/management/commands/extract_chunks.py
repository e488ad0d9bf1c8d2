"""``manage.py extract_chunks [--source SUBSTR] [--limit N] [--extractor anthropic|rules] [--concurrency K]
[--force] [--json]``."""

from django.core.management.base import CommandError

from activities.extraction.services import EXTRACTORS, chunks_extract, default_extractor
from gamelibrary.commands import SummaryCommand

PROGRESS_EVERY = 10


class Command(SummaryCommand):
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
        super().add_arguments(parser)

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
        self.write_summary(
            f"{summary.chunks} chunks: {summary.extracted} extracted, {summary.skipped} skipped, "
            f"{len(summary.blocked)} blocked, {len(summary.invalid)} invalid, {summary.missing} missing; "
            f"tokens in {summary.input_tokens}, out {summary.output_tokens}",
            {
                "invalid": (f"{item['chunk_key']}: {item['reason']}" for item in summary.invalid),
                "blocked": summary.blocked,
                "kept": (
                    f"{key} (the model refused; its valid file stays, the refusal is in {key}.json.blocked)"
                    for key in summary.kept
                ),
            },
        )
        if summary.stopped:
            self.stdout.write(f"stopped: {summary.stopped} — run again to resume")
        self.write_json(summary.as_dict(), as_json)

    def _progress(self, done: int, total: int, key: str, status: str) -> None:
        if status != "extracted" or done % PROGRESS_EVERY == 0 or done == total:
            self.stdout.write(f"[{done}/{total}] {key}: {status}")
