"""Export and import of the overlays (``manage.py enrich --export / --import``)."""

import json

import pytest

from enrichment.gate import wave_gate_open
from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome, PilotSignoff
from enrichment.overlays import activities_needing_overlay
from enrichment.transfer import IMPORT_NOT_AN_EXPORT, TransferError, overlays_export, overlays_import
from tests.enrichment.synthetic import TEAM, team_file


@pytest.fixture
def overlays(library):
    first = EnrichmentOverlay.objects.create(
        content_key=library[0].content_key,
        kind=EnrichmentOverlay.Kind.EN_TO_RO,
        name_ro="Ghicește „petalele”",
        description_ro='Toți scriu câte petale are „trandafirul" plin.',
        estimated={"indoor_outdoor": "indoor", "categories": ["party"]},
        model="claude-x",
        prompt_version="p1",
        input_hash="a" * 64,
        tokens_in=321,
        tokens_out=99,
        state=EnrichmentOverlay.State.EDITED,
        activity_name="Rose Guess",
        chunk_keys=["8d1f2c3a_games.part000"],
    )
    second = EnrichmentOverlay.objects.create(
        content_key=library[1].content_key, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Baba-oarba cu umbre"
    )
    return [first, second]


def test_export_then_import_into_an_empty_table_round_trips_every_field(overlays, tmp_path):
    exported = tmp_path / "enrichment.json"
    assert overlays_export(path=exported)["overlays"] == 2
    EnrichmentOverlay.objects.all().delete()
    assert overlays_import(path=exported)["created"] == 2
    again = tmp_path / "again.json"
    overlays_export(path=again)
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_imported_overlays_are_published(overlays, tmp_path, library):
    exported = tmp_path / "enrichment.json"
    overlays_export(path=exported)
    EnrichmentOverlay.objects.all().delete()
    overlays_import(path=exported)
    library[0].refresh_from_db()
    assert library[0].name_ro == "Ghicește „petalele”"


def test_importing_the_same_file_twice_changes_nothing(overlays, tmp_path):
    exported = tmp_path / "enrichment.json"
    overlays_export(path=exported)
    counts = overlays_import(path=exported)
    assert counts == {"created": 0, "updated": 0, "unchanged": 2, "kept": 0, "blocked_keys": 0, "pilot_signoffs": 0}


def test_import_keeps_a_human_edit_over_a_machine_copy(overlays, tmp_path):
    exported = tmp_path / "enrichment.json"
    document = {"format": "gamelibrary-enrichment", "version": 1, "overlays": []}
    document["overlays"].append(
        {
            "content_key": overlays[0].content_key,
            "kind": "en-ro",
            "name_ro": "Mașina zice altceva",
            "state": "unreviewed",
        }
    )
    exported.write_text(json.dumps(document), encoding="utf-8")
    assert overlays_import(path=exported)["kept"] == 1
    assert EnrichmentOverlay.objects.get(pk=overlays[0].pk).name_ro == "Ghicește „petalele”"


def test_import_of_another_file_is_refused_and_changes_nothing(overlays, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"overlays": []}), encoding="utf-8")
    with pytest.raises(TransferError) as refusal:
        overlays_import(path=other)
    assert str(refusal.value) == IMPORT_NOT_AN_EXPORT.format(path=other, format="gamelibrary-enrichment")


def test_a_bad_entry_aborts_the_whole_import(overlays, tmp_path):
    exported = tmp_path / "enrichment.json"
    overlays_export(path=exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    EnrichmentOverlay.objects.all().delete()
    document["overlays"][1]["state"] = "maybe"
    exported.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(TransferError, match="unknown state"):
        overlays_import(path=exported)
    assert not EnrichmentOverlay.objects.exists()


@pytest.fixture
def refused(library):
    """The model refused the third game of the library."""
    return KeyOutcome.objects.create(
        content_key=library[2].content_key, outcome=KeyOutcome.Outcome.BLOCKED, detail="the model declined to answer"
    )


def database_lost() -> None:
    EnrichmentOverlay.objects.all().delete()
    KeyOutcome.objects.all().delete()
    PilotSignoff.objects.all().delete()
    EnrichmentRun.objects.all().delete()


def test_blocked_keys_survive_a_lost_database_and_are_not_requested_again(overlays, refused, tmp_path):
    exported = tmp_path / "enrichment.json"
    assert overlays_export(path=exported)["blocked_keys"] == 1
    database_lost()
    assert overlays_import(path=exported)["blocked_keys"] == 1
    restored = KeyOutcome.objects.get()
    assert (restored.content_key, restored.outcome, restored.detail) == (
        refused.content_key,
        KeyOutcome.Outcome.BLOCKED,
        "the model declined to answer",
    )
    assert refused.content_key not in {work.content_key for work in activities_needing_overlay()}


def test_pilot_signoffs_survive_a_lost_database_and_the_gate_stays_open(overlays, signed_off, tmp_path):
    exported = tmp_path / "enrichment.json"
    assert overlays_export(path=exported)["pilot_signoffs"] == 1
    database_lost()
    assert not wave_gate_open()
    assert overlays_import(path=exported)["pilot_signoffs"] == 1
    assert wave_gate_open()
    restored = PilotSignoff.objects.get()
    assert (restored.signed_by.username, restored.note, restored.signed_at) == (
        "curator",
        signed_off.note,
        signed_off.signed_at,
    )
    again = tmp_path / "again.json"
    overlays_export(path=again)
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_importing_blocked_keys_and_signoffs_twice_records_them_once(overlays, refused, signed_off, tmp_path):
    exported = tmp_path / "enrichment.json"
    overlays_export(path=exported)
    counts = overlays_import(path=exported)
    assert (counts["blocked_keys"], counts["pilot_signoffs"]) == (0, 0)
    assert (KeyOutcome.objects.count(), PilotSignoff.objects.count()) == (1, 1)


def test_a_blocked_key_that_has_an_overlay_again_is_not_recorded(overlays, tmp_path):
    KeyOutcome.objects.create(content_key=overlays[0].content_key, outcome=KeyOutcome.Outcome.BLOCKED)
    exported = tmp_path / "enrichment.json"
    overlays_export(path=exported)
    KeyOutcome.objects.all().delete()
    assert overlays_import(path=exported)["blocked_keys"] == 0
    assert not KeyOutcome.objects.exists()


def test_a_file_written_before_blocked_keys_and_signoffs_still_imports(library, tmp_path):
    old = tmp_path / "old.json"
    entry = {"content_key": library[0].content_key, "kind": "en-ro", "name_ro": "Ghicește", "state": "unreviewed"}
    old.write_text(json.dumps({"format": "gamelibrary-enrichment", "version": 1, "overlays": [entry]}), "utf-8")
    counts = overlays_import(path=old)
    assert (counts["created"], counts["blocked_keys"], counts["pilot_signoffs"]) == (1, 0, 0)


def test_a_prune_removes_a_team_translation_the_shipped_file_no_longer_holds(library, tmp_path):
    overlays_import(path=team_file(tmp_path, library[0].content_key, "f" * 64))
    counts = overlays_import(path=team_file(tmp_path, library[0].content_key), prune=True)
    assert counts["pruned"] == 1
    assert list(EnrichmentOverlay.objects.values_list("content_key", flat=True)) == [library[0].content_key]


def test_a_pruned_translation_leaves_the_public_game(library, tmp_path):
    overlays_import(path=team_file(tmp_path, library[0].content_key))
    overlays_import(path=team_file(tmp_path, library[1].content_key), prune=True)
    library[0].refresh_from_db()
    assert library[0].name_ro == ""


def test_a_prune_keeps_a_team_translation_a_curator_approved(library, tmp_path):
    overlays_import(path=team_file(tmp_path, library[0].content_key))
    EnrichmentOverlay.objects.update(state=EnrichmentOverlay.State.APPROVED)
    assert overlays_import(path=team_file(tmp_path, library[1].content_key), prune=True)["pruned"] == 0
    assert EnrichmentOverlay.objects.count() == 2


def test_a_prune_keeps_what_a_wave_paid_for_and_other_authors(overlays, library, tmp_path):
    overlays[1].model = TEAM
    overlays[1].tokens_in, overlays[1].tokens_out = 1200, 300
    overlays[1].save()
    assert overlays_import(path=team_file(tmp_path, library[2].content_key), prune=True)["pruned"] == 0
    assert EnrichmentOverlay.objects.count() == 3


def test_an_import_without_prune_removes_nothing(library, tmp_path):
    overlays_import(path=team_file(tmp_path, library[0].content_key))
    assert "pruned" not in overlays_import(path=team_file(tmp_path, library[1].content_key))
    assert EnrichmentOverlay.objects.count() == 2


def test_an_entry_that_names_no_author_prunes_nothing(library, tmp_path):
    EnrichmentOverlay.objects.create(content_key=library[0].content_key, kind="en-ro", name_ro="Făcut de mână")
    anonymous = tmp_path / "anonymous.json"
    entry = {
        "content_key": library[1].content_key,
        "kind": "en-ro",
        "name_ro": "Joc",
        "model": "",
        "state": "unreviewed",
    }
    anonymous.write_text(json.dumps({"format": "gamelibrary-enrichment", "version": 1, "overlays": [entry]}))
    assert overlays_import(path=anonymous, prune=True)["pruned"] == 0
    assert EnrichmentOverlay.objects.count() == 2
