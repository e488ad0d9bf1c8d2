"""``manage.py repair_extractions [--apply] [--json]``: a dry run unless ``--apply``."""

import json

from django.core.management.base import BaseCommand

from activities.extraction.repair import extractions_repair


class Command(BaseCommand):
    help = (
        "Check every extraction file; repair invalid ones faithfully (escape stray quotes, never truncate) when "
        "the result is valid and carries more text. Dry run unless --apply; originals are kept as .orig."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="replace repairable files (default: dry run)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the summary as one JSON object, last line"
        )

    def handle(self, *args, apply: bool = False, as_json: bool = False, **options):
        summary = extractions_repair(apply=apply)
        self.stdout.write(
            f"{summary.files} files: {summary.valid} valid, {len(summary.repaired)} repaired, "
            f"{len(summary.repairable)} repairable, {len(summary.unrepairable)} unrepairable"
            + ("" if apply else " (dry run: --apply to write)")
        )
        for key in summary.repairable:
            self.stdout.write(f"  repairable: {key}")
        for key in summary.repaired:
            self.stdout.write(f"  repaired: {key} (original kept as {key}.json.orig)")
        for item in summary.unrepairable:
            self.stdout.write(f"  unrepairable: {item['chunk_key']}: {item['reason']}")
        if as_json:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))
