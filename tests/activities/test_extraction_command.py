"""``manage.py extract_chunks`` with the offline rules: files, resumability, the JSON summary."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.extraction import files
from sources.models import Chunk, Source

pytestmark = pytest.mark.django_db

GAMES = (
    "CAT AND MOUSE.\n\nThe players form a ring, holding hands. One is the cat, one the mouse; "
    "the cat chases the mouse in and out of the ring.\n\n"
    "PUSS IN THE CORNER.\n\nFour players stand in the corners of the room and one in the middle, who tries "
    "to take a corner when the others change places.\n"
)
SUMMARY_KEYS = {
    "extractor",
    "chunks",
    "extracted",
    "skipped",
    "blocked",
    "kept",
    "invalid",
    "missing",
    "tokens",
    "stopped",
}


@pytest.fixture
def chunks():
    source = Source.objects.create(path="book/games.txt", kind="text", language="en", title="Games")
    other = Source.objects.create(path="other/more.txt", kind="text", language="en", title="More")
    return [
        Chunk.objects.create(source=source, key="aaaa1111_book.part01", index=1, text=GAMES, page_start=1, page_end=1),
        Chunk.objects.create(source=source, key="aaaa1111_book.part02", index=2, text=GAMES, page_start=2, page_end=2),
        Chunk.objects.create(source=other, key="bbbb2222_more.part01", index=1, text=GAMES, page_start=1, page_end=1),
    ]


def run(*args) -> tuple[str, dict]:
    out = StringIO()
    call_command("extract_chunks", "--extractor", "rules", "--json", *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return out.getvalue(), json.loads(lines[-1])


def test_every_chunk_gets_a_valid_file(chunks):
    _, summary = run()
    assert set(summary) == SUMMARY_KEYS
    assert (summary["chunks"], summary["extracted"], summary["missing"]) == (3, 3, 0)
    state = files.extraction_read(chunk_key="aaaa1111_book.part01")
    assert state.status == files.VALID
    assert [activity["name"] for activity in state.document["activities"]] == ["Cat and Mouse", "Puss in the Corner"]
    assert state.document["extractor"]["name"] == "rules"
    assert state.document["source_path"] == "book/games.txt"


def test_second_run_skips_what_is_done(chunks):
    run()
    _, summary = run()
    assert (summary["extracted"], summary["skipped"]) == (0, 3)


def test_limit_leaves_the_rest_missing_for_the_next_run(chunks):
    _, first = run("--limit", "1")
    assert (first["extracted"], first["missing"]) == (1, 2)
    _, second = run()
    assert (second["extracted"], second["skipped"]) == (2, 1)


def test_source_filter_selects_by_path(chunks):
    _, summary = run("--source", "other/")
    assert (summary["chunks"], summary["extracted"]) == (1, 1)


def test_invalid_file_is_reported_and_left_untouched(chunks):
    path = files.extraction_path(chunk_key="aaaa1111_book.part01")
    path.write_text('{"broken": ', encoding="utf-8")
    _, summary = run()
    assert [item["chunk_key"] for item in summary["invalid"]] == ["aaaa1111_book.part01"]
    assert path.read_text(encoding="utf-8") == '{"broken": '
    assert summary["extracted"] == 2


def test_force_rewrites_existing_files(chunks):
    run()
    before = files.extraction_read(chunk_key="aaaa1111_book.part01").document["extracted_at"]
    _, summary = run("--force")
    assert summary["extracted"] == 3
    assert files.extraction_read(chunk_key="aaaa1111_book.part01").document["extracted_at"] >= before


def test_default_extractor_without_a_key_is_rules(chunks, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    out = StringIO()
    call_command("extract_chunks", "--json", stdout=out)
    assert "extractor: rules (default)" in out.getvalue()
    assert json.loads(out.getvalue().strip().splitlines()[-1])["extractor"] == "rules"


def test_anthropic_without_a_key_is_a_command_error(chunks, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    with pytest.raises(CommandError):
        call_command("extract_chunks", "--extractor", "anthropic", stdout=StringIO())


def test_section_context_is_carried_when_a_run_starts_mid_source():
    source = Source.objects.create(path="rhymes.txt", kind="text", language="en", title="Rhymes")
    heading = "RIDDLES\n\nHere are some riddles for the children to guess when they are tired of romping about.\n"
    riddles = "WHAT IS IT.\n\nIt has a head and comes to a point, and every child in the ring must guess it.\n"
    Chunk.objects.create(source=source, key="cccc3333_r.part01", index=1, text=heading, page_start=1, page_end=1)
    Chunk.objects.create(source=source, key="cccc3333_r.part02", index=2, text=riddles, page_start=2, page_end=2)
    run("--limit", "0")
    files.extraction_write(
        document=files.extraction_document(
            chunk_key="cccc3333_r.part01",
            source_path="rhymes.txt",
            extractor={"name": "rules", "version": "x"},
            activities=[],
            usage=None,
        )
    )
    _, summary = run()
    assert summary["extracted"] == 1
    assert files.extraction_read(chunk_key="cccc3333_r.part02").document["activities"] == []


def test_human_summary_precedes_the_json_line(chunks):
    output, _ = run()
    assert "3 chunks: 3 extracted, 0 skipped, 0 blocked, 0 invalid, 0 missing" in output


def test_file_of_a_re_cut_chunk_is_reported_stale_until_forced(chunks):
    run()
    path = files.extraction_path(chunk_key="aaaa1111_book.part01")
    before = path.read_text(encoding="utf-8")
    Chunk.objects.filter(key="aaaa1111_book.part01").update(text=GAMES.replace("CAT AND MOUSE.", "CAT AND RAT."))
    _, summary = run()
    assert summary["invalid"] == [{"chunk_key": "aaaa1111_book.part01", "reason": files.STALE}]
    assert path.read_text(encoding="utf-8") == before
    _, forced = run("--force")
    assert forced["invalid"] == []
    names = [a["name"] for a in files.extraction_read(chunk_key="aaaa1111_book.part01").document["activities"]]
    assert names[0] == "Cat and Rat"
