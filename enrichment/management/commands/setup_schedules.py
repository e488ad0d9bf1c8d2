import json

from django.core.management.base import BaseCommand

from enrichment.schedules import schedules_setup


class Command(BaseCommand):
    help = "Create or update the django-q2 schedules of the enrichment waves (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print the summary as one JSON object (last line).")

    def handle(self, *args, **options):
        report = schedules_setup()
        for label in ("created", "updated", "removed"):
            for name in report[label]:
                self.stdout.write(f"{label}: {name}")
        if options["json"]:
            self.stdout.write(json.dumps(report))
