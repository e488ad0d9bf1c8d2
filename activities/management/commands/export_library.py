"""``manage.py export_library [--output FILE] [--json]``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from activities.export import library_export

OUTPUT_DIR_MISSING = "the folder of {path} does not exist"


class Command(BaseCommand):
    help = "Write the published library as JSON Lines, one activity a line (stdout unless --output)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="file to write (default: standard output)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="with --output: print the summary as JSON, last line"
        )

    def handle(self, *args, output: Path | None = None, as_json: bool = False, **options):
        if output is None:
            library_export(stream=self.stdout)
            return
        if not output.parent.is_dir():
            raise CommandError(OUTPUT_DIR_MISSING.format(path=output))
        temporary = output.with_name(output.name + ".partial")
        with temporary.open("w", encoding="utf-8") as stream:
            count = library_export(stream=stream)
        # A reader of the file never sees half an export.
        temporary.replace(output)
        self.stdout.write(f"{count} activities written to {output}")
        if as_json:
            self.stdout.write(json.dumps({"activities": count, "output": str(output)}))
