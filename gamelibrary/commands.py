"""What the library's pipeline commands share: a summary of what they did, its detail lines, and ``--json``, which
prints the whole summary as one JSON object on the last line (the line scripts and tests read)."""

import json
from collections.abc import Iterable

from django.core.management.base import BaseCommand


class SummaryCommand(BaseCommand):
    """A command that ends by printing a headline, one indented line per item worth a look, and with ``--json`` the
    summary itself. Subclasses add their own arguments, then call ``super().add_arguments``."""

    summary_name = "the summary"

    def add_arguments(self, parser):
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help=f"print {self.summary_name} as one JSON object, last line",
        )

    def write_summary(self, headline: str, details: dict[str, Iterable[str]]) -> None:
        """The headline, then one line per detail, indented and led by its label (``details``: label -> lines)."""
        self.stdout.write(headline)
        for label, lines in details.items():
            for line in lines:
                self.stdout.write(f"  {label}: {line}")

    def write_json(self, summary: dict, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
