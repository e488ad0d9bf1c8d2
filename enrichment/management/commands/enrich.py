import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from enrichment.batches import batches_collect_pending
from enrichment.models import EnrichmentRun
from enrichment.overlays import enrichment_status
from enrichment.stopping import stop_signals_handled
from enrichment.transfer import TransferError, overlays_export, overlays_import
from enrichment.waves import PILOT_DEFAULT_LIMIT, RunRefused, pilot_run, wave_run
from gamelibrary import llm

RUN_FIELDS = (
    "status",
    "keys_requested",
    "keys_succeeded",
    "keys_blocked",
    "keys_invalid",
    "keys_skipped",
    "keys_not_sent",
    "requests_sent",
    "tokens_in",
    "tokens_out",
    "tokens_cache_read",
    "batch_id",
    "stop_reason",
)


class Command(BaseCommand):
    help = (
        "Romanian enrichment: --pilot on a subset, --wave (after a curator signed the pilot off), "
        "--collect submitted batches, --status, --export / --import the overlays."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--pilot", action="store_true", help="Enrich a small subset and stop.")
        action.add_argument("--wave", action="store_true", help="Enrich at most --max-keys missing keys.")
        action.add_argument("--collect", action="store_true", help="Collect the results of ended batches.")
        action.add_argument("--status", action="store_true", help="Done / missing / invalid / blocked, last runs.")
        action.add_argument("--export", metavar="FILE", help="Write every overlay to FILE (JSON).")
        action.add_argument("--import", dest="import_file", metavar="FILE", help="Read overlays from FILE.")
        parser.add_argument("--source", help="Pilot: only activities from sources whose path contains this.")
        parser.add_argument("--limit", type=int, default=PILOT_DEFAULT_LIMIT, help="Pilot: at most this many keys.")
        parser.add_argument("--max-keys", type=int, help="Wave: at most this many keys (ENRICHMENT_WAVE_MAX_KEYS).")
        parser.add_argument("--batch", action="store_true", help="Wave: submit through the Message Batches API.")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Import: also remove the overlays an earlier copy of FILE brought in that it no longer holds "
            "(its authors', paid by no run, untouched by curators).",
        )
        parser.add_argument("--json", action="store_true", help="Print the summary as one JSON object (last line).")

    def handle(self, *args, **options):
        try:
            report = self._dispatch(options)
        except (RunRefused, TransferError) as error:
            raise CommandError(str(error)) from error
        except llm.ServiceUnavailable as error:
            raise CommandError(f"{error.reason}: {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(report, default=str))

    def _dispatch(self, options) -> dict:
        if options["prune"] and not options["import_file"]:
            raise CommandError("--prune goes with --import FILE.")
        if options["pilot"]:
            with stop_signals_handled():
                return self._run(pilot_run(source_contains=options["source"], limit=options["limit"]))
        if options["wave"]:
            with stop_signals_handled():
                return self._run(wave_run(max_keys=options["max_keys"], batch=options["batch"]))
        if options["collect"]:
            reports = batches_collect_pending()
            for report in reports:
                self.stdout.write(f"run #{report['run']}: {report['status']}")
            return {"batches": reports}
        if options["export"]:
            counts = overlays_export(path=Path(options["export"]))
            self.stdout.write(
                f"Exported {counts['overlays']} overlays, {counts['blocked_keys']} blocked keys and "
                f"{counts['pilot_signoffs']} pilot sign-offs to {options['export']}"
            )
            return {"exported": counts["overlays"], **counts, "path": options["export"]}
        if options["import_file"]:
            counts = overlays_import(path=Path(options["import_file"]), prune=options["prune"])
            self.stdout.write("Imported: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
            return counts
        return self._status()

    def _run(self, run: EnrichmentRun) -> dict:
        report = {"run": run.pk, "kind": run.kind, **{name: getattr(run, name) for name in RUN_FIELDS}}
        self.stdout.write(
            f"{run.get_kind_display()} #{run.pk} {run.get_status_display().lower()}: "
            f"{run.keys_requested} requested, {run.keys_succeeded} enriched, {run.keys_blocked} blocked, "
            f"{run.keys_invalid} invalid, {run.keys_skipped} skipped, {run.keys_not_sent} not sent; "
            f"{run.requests_sent} requests, tokens in {run.tokens_in} / out {run.tokens_out}"
        )
        if run.batch_id:
            self.stdout.write(f"Batch {run.batch_id} submitted; collect with `manage.py enrich --collect`.")
        if run.stop_reason:
            self.stdout.write(f"Stopped: {run.stop_reason}")
        return report

    def _status(self) -> dict:
        status = enrichment_status()
        self.stdout.write(
            f"{status['done']} of {status['activities']} activities enriched ({status['percent']}%), "
            f"{status['missing']} missing, {status['invalid']} invalid, {status['blocked']} blocked, "
            f"{status['pending_in_batches']} in submitted batches"
        )
        self.stdout.write("Overlays: " + ", ".join(f"{k} {v}" for k, v in status["overlays"].items()))
        for run in status["last_runs"]:
            self.stdout.write(
                f"  #{run['id']} {run['kind']} {run['status']} {run['started_at'][:16]}: "
                f"{run['succeeded']}/{run['requested']} enriched, tokens {run['tokens_in']}+{run['tokens_out']}"
                + (f" — {run['stop_reason']}" if run["stop_reason"] else "")
            )
        return status
