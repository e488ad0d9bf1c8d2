"""``manage.py repair_extractions [--apply] [--json]``: a dry run unless ``--apply``."""

from activities.extraction.repair import extractions_repair
from gamelibrary.commands import SummaryCommand


class Command(SummaryCommand):
    help = (
        "Check every extraction file; repair invalid ones faithfully (escape stray quotes, never truncate) when "
        "the result is valid and carries more text. Dry run unless --apply; originals are kept as .orig."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="replace repairable files (default: dry run)")
        super().add_arguments(parser)

    def handle(self, *args, apply: bool = False, as_json: bool = False, **options):
        summary = extractions_repair(apply=apply)
        self.write_summary(
            f"{summary.files} files: {summary.valid} valid, {len(summary.repaired)} repaired, "
            f"{len(summary.repairable)} repairable, {len(summary.unrepairable)} unrepairable"
            + ("" if apply else " (dry run: --apply to write)"),
            {
                "repairable": summary.repairable,
                "repaired": (f"{key} (original kept as {key}.json.orig)" for key in summary.repaired),
                "unrepairable": (f"{item['chunk_key']}: {item['reason']}" for item in summary.unrepairable),
            },
        )
        self.write_json(summary.as_dict(), as_json)
