"""The JSON Lines export: one activity a line, every filter value with its origin, every source."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from activities.export import activity_to_dict
from activities.models import Activity
from activities.rebuild import corpus_rebuild
from sources.models import Chunk, Source
from tests.activities.test_rebuild import BLINDFOLD_BLAIN, BLINDFOLD_HOFMANN, WINK
from tests.extraction_docs import activity, write_chunk


@pytest.fixture
def library(settings):
    source = Source.objects.create(path="gutenberg-08439/8439-8.txt", title="Games for Everybody", kind="text")
    Chunk.objects.create(source=source, key="aaaa0001_hofmann.part01", index=1, text="…", page_start=1, page_end=3)
    extracted = settings.EXTRACTED_DIR
    write_chunk(
        extracted,
        "aaaa0001_hofmann.part01",
        [
            activity(
                "CAT AND MOUSE.",
                BLINDFOLD_HOFMANN,
                page=2,
                age_min=6,
                age_max=10,
                categories=["tag"],
                filter_origin={"age_min": "estimated", "age_max": "estimated"},
            )
        ],
        source_path="gutenberg-08439/8439-8.txt",
    )
    write_chunk(
        extracted,
        "cccc0003_blain.part01",
        [activity("CATCHING THE MOUSE", BLINDFOLD_BLAIN, page=4)],
        source_path="gutenberg-24597/24597.txt",
    )
    write_chunk(extracted, "dddd0004_other.part01", [activity("Wink", WINK, materials=["none"])])
    corpus_rebuild()


def _exported(*args) -> list[dict]:
    out = StringIO()
    call_command("export_library", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_export_writes_one_json_line_per_activity_ordered_by_id(library):
    rows = _exported()
    assert [row["id"] for row in rows] == sorted(Activity.objects.values_list("id", flat=True))


@pytest.mark.django_db
def test_exported_filters_say_whether_stated_or_estimated(library):
    cat = next(row for row in _exported() if row["name"] == "Cat and Mouse")
    assert cat["filters"]["age_min"] == {"value": 6, "origin": "estimated", "evidence": ""}
    assert cat["filters"]["categories"] == {"value": ["tag"], "origin": "stated", "evidence": ""}
    assert cat["filters"]["space"] == {"value": None, "origin": None, "evidence": ""}
    assert cat["age_groups"] == ["early", "children"]


@pytest.mark.django_db
def test_exported_materials_none_is_false_not_unknown(library):
    wink = next(row for row in _exported() if row["name"] == "Wink")
    assert wink["filters"]["materials"] == {"value": False, "origin": "stated", "evidence": ""}
    assert wink["materials"] == []


@pytest.mark.django_db
def test_exported_activity_lists_aliases_and_every_source_with_title_path_page_and_quote(library):
    cat = next(row for row in _exported() if row["name"] == "Cat and Mouse")
    assert cat["aliases"] == ["Catching the Mouse"]
    assert cat["sources"] == [
        {
            "title": "Games for Everybody",
            "path": "gutenberg-08439/8439-8.txt",
            "chunk_key": "aaaa0001_hofmann.part01",
            "page": 2,
            "quote": BLINDFOLD_HOFMANN[:60],
        },
        {"title": None, "path": None, "chunk_key": "cccc0003_blain.part01", "page": 4, "quote": BLINDFOLD_BLAIN[:60]},
    ]


@pytest.mark.django_db
def test_untranslated_activity_exports_null_romanian_name(library):
    assert all(row["name_ro"] is None for row in _exported())


@pytest.mark.django_db
def test_romanian_text_is_exported_when_published(library):
    Activity.objects.filter(name="Wink").update(name_ro="Clipitul", description_ro="Fetele stau în cerc.")
    wink = activity_to_dict(Activity.objects.get(name="Wink"))
    assert (wink["name_ro"], wink["description_ro"], wink["rules_ro"]) == ("Clipitul", "Fetele stau în cerc.", None)


@pytest.mark.django_db
def test_export_to_file_reports_count_as_json_last_line(library, tmp_path):
    output = tmp_path / "library.jsonl"
    out = StringIO()
    call_command("export_library", "--output", str(output), "--json", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1]) == {"activities": 2, "output": str(output)}
    assert len(output.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.django_db
def test_exported_filters_carry_their_origin_and_evidence(settings):
    write_chunk(
        settings.EXTRACTED_DIR,
        "dddd0004_book.part01",
        [
            activity(
                "RELAY RACE.",
                "Two teams run to the post and back.",
                indoor_outdoor="out of doors",
                players_min=10,
                players_max=20,
                filter_origin={"indoor_outdoor": "context", "players_min": "stated", "players_max": "stated"},
                filter_evidence={"indoor_outdoor": "OUT-DOOR GAMES", "players_min": "10 to 20 players"},
            )
        ],
    )
    corpus_rebuild()
    filters = activity_to_dict(Activity.objects.get(name="Relay Race"))["filters"]
    assert filters["indoor_outdoor"] == {"value": "outdoor", "origin": "context", "evidence": "OUT-DOOR GAMES"}
    assert filters["players_max"] == {"value": 20, "origin": "stated", "evidence": "10 to 20 players"}
