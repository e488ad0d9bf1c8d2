"""``manage.py rebuild_corpus [--dry-run] [--allow-orphans] [--json]``."""

import json

from django.core.management.base import CommandError

from activities.rebuild import RebuildRefused, corpus_rebuild
from gamelibrary.commands import SummaryCommand


class Command(SummaryCommand):
    summary_name = "the QA report"
    help = (
        "Validate, normalize and dedup every extraction file, then publish the library atomically and print the "
        "QA report. Refuses to publish when enrichment overlays would be orphaned, unless --allow-orphans."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="do everything but publish")
        parser.add_argument(
            "--allow-orphans", action="store_true", help="publish even if enrichment overlays would be orphaned"
        )
        super().add_arguments(parser)

    def handle(self, *args, dry_run: bool = False, allow_orphans: bool = False, as_json: bool = False, **options):
        try:
            report = corpus_rebuild(dry_run=dry_run, allow_orphans=allow_orphans, progress=self._progress)
        except RebuildRefused as refusal:
            self._summary(refusal.report)
            self._orphans(refusal.report)
            self.write_json(refusal.report, as_json)
            raise CommandError(str(refusal)) from refusal
        self._summary(report)
        if report["enrichment"]["orphaned"]:
            self._orphans(report)
        self.write_json(report, as_json)

    def _progress(self, message: str) -> None:
        self.stderr.write(f"… {message}")
        self.stderr.flush()

    def _summary(self, report: dict) -> None:
        files, activities, clusters, enrichment = (
            report["files"],
            report["activities"],
            report["clusters"],
            report["enrichment"],
        )
        state = (
            "dry run, nothing published"
            if report["dry_run"]
            else f"nothing changed since rebuild #{report['unchanged']}, its library stays"
            if report.get("unchanged")
            else "published"
            if report["published"]
            else "NOT published"
        )
        lines = [
            f"Rebuild ({state}) in {report['seconds']:.1f} s (dedup {report['dedup_seconds']:.1f} s)",
            f"files: {files['read']} read, {files['valid']} valid, {files['invalid']} invalid, "
            f"{files['blocked']} blocked",
            *(f"  invalid: {item['file']}: {item['reason']}" for item in files["invalid_files"]),
            f"activities: {activities['in']} in, {activities['rejected']} rejected, "
            f"{activities['published']} published",
            *(f"  rejected {count}×: {reason}" for reason, count in activities["rejected_reasons"].items()),
            f"not games: {report['not_games']['detected']} detected, "
            f"{len(report['not_games']['marked'])} marked by curators, "
            f"{report['not_games']['doubtful']} kept with a doubt (admin: activities, check it is a game)",
            *(f"  marked: {entry['name']} ({entry['content_key'][:12]})" for entry in report["not_games"]["marked"]),
            f"clusters: {clusters['count']} games; sizes "
            + (", ".join(f"{size}: {count}" for size, count in clusters["sizes"].items()) or "none"),
            f"duplicate candidates for curators: {report['duplicate_candidates']}",
            f"curator corrections: {report['corrections']['applied']} applied, "
            f"{len(report['corrections']['unmatched'])} unmatched (their game is not published)",
            *(
                f"  unmatched #{item['id']} {item['content_key'][:12]} {item['field']} = {item['value']!r}"
                for item in report["corrections"]["unmatched"]
            ),
            "per source:",
            *(f"  {count:5d}  {path}" for path, count in report["per_source"].items()),
            "fields (stated / estimated / missing):",
            *(
                f"  {name:15s} {v['stated']:5d} {v['estimated']:5d} {v['missing']:5d}"
                for name, v in report["fields"].items()
            ),
            f"enrichment: {enrichment['entries']} overlays, {enrichment['matched']} matched, "
            f"{enrichment['orphaned']} orphaned, {enrichment['withheld']} on entries left out as not games",
            *(f"after publish: {name} {count}" for name, count in report["after_publish"].items()),
        ]
        self.stdout.write("\n".join(lines))

    def _orphans(self, report: dict) -> None:
        for orphan in report["enrichment"]["orphans"]:
            self.stdout.write(f"  orphan {orphan.get('content_key', '')[:12]} {orphan.get('name', '')}")
            for candidate in orphan.get("candidates", []):
                self.stdout.write(f"    re-attach candidate: {json.dumps(candidate, ensure_ascii=False)}")
