"""Export and import of the overlays (``manage.py enrich --export / --import``)."""

import json

import pytest

from enrichment.models import EnrichmentOverlay
from enrichment.transfer import IMPORT_NOT_AN_EXPORT, TransferError, overlays_export, overlays_import


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
    assert overlays_export(path=exported) == 2
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
    assert overlays_import(path=exported) == {"created": 0, "updated": 0, "unchanged": 2, "kept": 0}


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
