"""``manage.py enrich``: thin, one JSON object on the last line with --json."""

import json

import pytest
from django.core.management import CommandError, call_command

from enrichment.gate import WAVE_REFUSED_NO_SIGNOFF
from tests.enrichment.synthetic import team_file


def last_json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_pilot_prints_the_run(library, fake, capsys):
    call_command("enrich", "--pilot", "--limit", "2", "--json")
    report = last_json(capsys)
    assert (report["kind"], report["status"], report["keys_succeeded"]) == ("pilot", "finished", 2)


def test_wave_without_signoff_fails_with_the_gate_message(library, fake):
    with pytest.raises(CommandError, match="no curator has signed off") as failure:
        call_command("enrich", "--wave")
    assert str(failure.value) == WAVE_REFUSED_NO_SIGNOFF


def test_wave_honours_max_keys(library, fake, signed_off, capsys):
    call_command("enrich", "--wave", "--max-keys", "1", "--json")
    assert last_json(capsys)["keys_requested"] == 1


def test_status_reports_done_missing_and_the_last_runs(library, fake, capsys):
    call_command("enrich", "--pilot", "--limit", "2")
    capsys.readouterr()
    call_command("enrich", "--status", "--json")
    status = last_json(capsys)
    assert (status["activities"], status["done"], status["missing"], status["percent"]) == (3, 2, 1, 66.7)
    assert status["last_runs"][0]["kind"] == "pilot"


def test_status_counts_blocked_and_invalid_keys(library, fake, capsys):
    fake.refusal()
    call_command("enrich", "--pilot", "--limit", "3")
    call_command("enrich", "--status", "--json")
    assert last_json(capsys)["blocked"] == 3


def test_batch_wave_then_collect(library, fake, signed_off, capsys):
    call_command("enrich", "--wave", "--batch", "--json")
    batch_id = last_json(capsys)["batch_id"]
    fake.end_batch(batch_id, {})
    call_command("enrich", "--collect", "--json")
    assert last_json(capsys)["batches"][0]["status"] == "collected"


def test_export_and_import_print_counts(library, fake, tmp_path, capsys):
    call_command("enrich", "--pilot")
    path = tmp_path / "enrichment.json"
    call_command("enrich", "--export", str(path), "--json")
    assert last_json(capsys)["exported"] == 3
    call_command("enrich", "--import", str(path), "--json")
    assert last_json(capsys)["unchanged"] == 3


def test_import_with_prune_reports_what_it_pruned(library, tmp_path, capsys):
    call_command("enrich", "--import", str(team_file(tmp_path, library[0].content_key, library[1].content_key)))
    call_command("enrich", "--import", str(team_file(tmp_path, library[0].content_key)), "--prune", "--json")
    report = last_json(capsys)
    assert (report["unchanged"], report["pruned"]) == (1, 1)


def test_prune_without_import_is_refused(library):
    with pytest.raises(CommandError, match="--prune goes with --import FILE"):
        call_command("enrich", "--status", "--prune")
