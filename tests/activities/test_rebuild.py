"""The freeze rebuild: validation and rejection reporting, dedup, decisions, publishing, orphans, dry run."""

import json
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from activities import taxonomy
from activities.extraction.schema import MAX_INTEGER, NAME_CHARS
from activities.lease import LEASE_NAME, lease_acquire
from activities.models import (
    Activity,
    ActivitySource,
    DuplicateCandidate,
    LibraryLease,
    RebuildRun,
    ReviewDecision,
)
from activities.rebuild import EMPTY_NAME, KEY_MISMATCH, NO_TEXT, ORPHANS_REFUSED, RebuildRefused, corpus_rebuild
from activities.signals import library_published, library_will_publish
from tests.extraction_docs import activity, write_chunk, write_malformed
from tests.factories import SourceFactory

# Excerpts of the demo corpus: the blindfold game that Hofmann (8439) and Squareman (13022) call
# "CAT AND MOUSE" and Blain (24597) calls "CATCHING THE MOUSE", and Blain's own, different, ring game.
BLINDFOLD_HOFMANN = (
    "The children sit in two rows facing each other, with a space between. Blindfold two children, one being the "
    '"cat" and the other the "mouse." The "cat" stands at one end of the row and the "mouse" at the other. They '
    'start in opposite directions and the "cat" tries to catch the "mouse." The children may give hints as to the '
    "direction the players are to go in."
)
BLINDFOLD_SQUAREMAN = (
    'The children sit in two rows opposite each other with a space between. One child takes the place of "cat," '
    'being blindfolded, and one takes the place of "mouse," and is also blindfolded, the cat standing at one end of '
    "the row and the mouse at the opposite end. They start in opposite directions, guiding themselves by the chairs, "
    "the cat trying to catch the mouse."
)
BLINDFOLD_BLAIN = (
    'The children sit in two rows opposite each other with a space between. One child takes the place of "cat," '
    "being blindfolded, the cat standing at one end of the row and the mouse at the opposite end. They start in "
    "opposite directions, guiding themselves by the chairs, the cat trying to catch the mouse."
)
RING_BLAIN = (
    "All players form a ring, joining hands, except one called the Mouse, whom they enclose within the circle, and "
    "one who is on the outside who represents the cat. They then dance around, raising their arms at intervals. The "
    "cat watches the chance to spring into the circle at one side, and the mouse dashes out at the other."
)
WINK = (
    "All the girls sit in a circle, and the boys stand outside, one boy behind each girl's chair. One chair is left "
    "vacant, but a boy stands behind it, and by winking at the girls one at a time, tries to get one for his chair."
)


@pytest.fixture
def extracted(settings):
    return settings.EXTRACTED_DIR


def write_cat_and_mouse_books(extracted):
    write_chunk(
        extracted, "aaaa0001_hofmann.part01", [activity("CAT AND MOUSE.", BLINDFOLD_HOFMANN)], source_path="8439.txt"
    )
    write_chunk(
        extracted,
        "bbbb0002_squareman.part01",
        [activity("CAT AND MOUSE", BLINDFOLD_SQUAREMAN)],
        source_path="13022.txt",
    )
    write_chunk(
        extracted,
        "cccc0003_blain.part01",
        [activity("CATCHING THE MOUSE", BLINDFOLD_BLAIN, page=4), activity("CAT AND MOUSE", RING_BLAIN, page=9)],
        source_path="24597.txt",
    )


@pytest.mark.django_db
def test_invalid_json_file_is_counted_and_named_not_dropped(extracted):
    (extracted / "broken.part01.json").write_text('{"schema_version": 1, "activities": [', encoding="utf-8")
    report = corpus_rebuild()
    assert report["files"]["invalid"] == 1
    assert report["files"]["invalid_files"][0]["file"] == "broken.part01.json"
    assert report["files"]["invalid_files"][0]["reason"].startswith("not valid JSON")


@pytest.mark.django_db
def test_schema_invalid_file_is_reported_with_its_reason(extracted):
    write_chunk(extracted, "x.part01", [], schema_version=99)
    report = corpus_rebuild()
    assert report["files"] == {
        "read": 1,
        "valid": 0,
        "invalid": 1,
        "blocked": 0,
        "invalid_files": [{"file": "x.part01.json", "reason": report["files"]["invalid_files"][0]["reason"]}],
    }
    assert "schema_version" in report["files"]["invalid_files"][0]["reason"]


@pytest.mark.django_db
def test_file_whose_chunk_key_differs_from_its_name_is_invalid(extracted):
    write_chunk(extracted, "real.part01", [activity("Wink", WINK)]).rename(extracted / "other.part01.json")
    report = corpus_rebuild()
    assert report["files"]["invalid_files"] == [
        {"file": "other.part01.json", "reason": KEY_MISMATCH.format(chunk_key="real.part01")}
    ]


@pytest.mark.django_db
def test_invalid_activity_is_rejected_with_reason_and_its_neighbours_published(extracted):
    bad = activity("Wink", WINK)
    del bad["quote"]
    write_chunk(
        extracted, "k.part01", [bad, activity("   ", "A nameless game."), activity("Tag", ""), activity("Wink", WINK)]
    )
    report = corpus_rebuild()
    assert report["activities"]["in"] == 4
    assert report["activities"]["rejected"] == 3
    assert report["activities"]["rejected_reasons"] == {
        "'quote' is a required property": 1,
        EMPTY_NAME: 1,
        NO_TEXT: 1,
    }
    assert list(Activity.objects.values_list("name", flat=True)) == ["Wink"]


@pytest.mark.django_db
def test_blocked_chunk_is_valid_and_contributes_nothing(extracted):
    write_chunk(extracted, "k.part01", [], status="blocked", blocked_reason="refusal")
    report = corpus_rebuild()
    assert (report["files"]["valid"], report["files"]["blocked"], report["activities"]["in"]) == (1, 1, 0)


@pytest.mark.django_db
def test_published_activity_carries_normalized_filters_categories_and_estimates(extracted):
    write_chunk(
        extracted,
        "k.part01",
        [
            activity(
                "WINK.",
                WINK,
                players_min=10,
                players_max=30,
                indoor_outdoor="parlor",
                categories=["party game", "ring"],
                materials=["chairs"],
                filter_origin={"players_min": "estimated", "players_max": "estimated", "materials": "stated"},
            )
        ],
    )
    corpus_rebuild()
    wink = Activity.objects.get()
    assert (wink.name, wink.players_min, wink.players_max, wink.indoor_outdoor) == ("Wink", 10, 30, "indoor")
    assert (wink.materials, wink.materials_needed) == (["chairs"], True)
    assert sorted(wink.categories.values_list("code", flat=True)) == ["circle", "party"]
    assert [term.code for term in taxonomy.categories_in(wink.category_mask)] == ["circle", "party"]
    assert {"players_min", "players_max"} <= set(wink.estimated_fields)
    assert not {"indoor_outdoor", "materials", "categories"} & set(wink.estimated_fields)
    assert wink.sources.get().chunk_key == "k.part01"


@pytest.mark.django_db
def test_same_game_under_different_names_becomes_one_activity_listing_every_source(extracted):
    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    blindfold = Activity.objects.get(sources__chunk_key="bbbb0002_squareman.part01")
    assert sorted(blindfold.sources.values_list("chunk_key", flat=True)) == [
        "aaaa0001_hofmann.part01",
        "bbbb0002_squareman.part01",
        "cccc0003_blain.part01",
    ]
    assert blindfold.source_count == 3
    assert "Catching the Mouse" in blindfold.aliases


@pytest.mark.django_db
def test_same_name_with_different_play_stays_apart(extracted):
    write_cat_and_mouse_books(extracted)
    report = corpus_rebuild()
    ring = Activity.objects.get(sources__quote__startswith="All players form a ring")
    assert ring.sources.count() == 1
    assert Activity.objects.count() == 2
    assert report["clusters"]["sizes"] == {"1": 1, "3": 1}


@pytest.mark.django_db
def test_activity_content_key_is_the_smallest_member_key(extracted):
    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    blindfold = Activity.objects.get(sources__chunk_key="bbbb0002_squareman.part01")
    assert blindfold.content_key == min(blindfold.sources.values_list("member_content_key", flat=True))


@pytest.mark.django_db
def test_rebuild_keeps_ids_updates_in_place_deletes_vanished_and_inserts_new(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    doomed = write_chunk(extracted, "b.part01", [activity("Cat and Mouse", RING_BLAIN)])
    corpus_rebuild()
    wink_id = Activity.objects.get(name="Wink").id
    doomed.unlink()
    write_chunk(extracted, "a.part01", [activity("Wink", WINK, players_min=8)])
    write_chunk(extracted, "c.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN)])
    corpus_rebuild()
    assert sorted(Activity.objects.values_list("name", flat=True)) == ["Catching the Mouse", "Wink"]
    wink = Activity.objects.get(name="Wink")
    assert (wink.id, wink.players_min) == (wink_id, 8)


def _member_key(chunk_key: str) -> str:
    return ActivitySource.objects.get(chunk_key=chunk_key).member_content_key


@pytest.mark.django_db
def test_keep_apart_decision_splits_an_automatic_merge_at_every_rebuild(extracted):
    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    key_a, key_b = sorted([_member_key("aaaa0001_hofmann.part01"), _member_key("bbbb0002_squareman.part01")])
    ReviewDecision.objects.create(key_a=key_a, key_b=key_b, decision=ReviewDecision.Decision.KEEP_APART)
    for _rebuild in range(2):
        corpus_rebuild()
        hofmann = Activity.objects.get(sources__chunk_key="aaaa0001_hofmann.part01")
        squareman = Activity.objects.get(sources__chunk_key="bbbb0002_squareman.part01")
        assert hofmann.id != squareman.id


@pytest.mark.django_db
def test_merge_decision_joins_games_dedup_kept_apart(extracted):
    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    ring_key = ActivitySource.objects.get(quote__startswith="All players form a ring").member_content_key
    blindfold_key = ActivitySource.objects.get(chunk_key="aaaa0001_hofmann.part01").member_content_key
    ReviewDecision.objects.create(
        key_a=min(ring_key, blindfold_key), key_b=max(ring_key, blindfold_key), decision="merge"
    )
    corpus_rebuild()
    assert Activity.objects.count() == 1
    assert Activity.objects.get().source_count == 3


@pytest.mark.django_db
def test_revoked_decision_is_not_applied(extracted):
    from django.utils import timezone

    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    key_a, key_b = sorted([_member_key("aaaa0001_hofmann.part01"), _member_key("bbbb0002_squareman.part01")])
    ReviewDecision.objects.create(key_a=key_a, key_b=key_b, decision="keep_apart", revoked_at=timezone.now())
    corpus_rebuild()
    assert Activity.objects.count() == 2


@pytest.mark.django_db
def test_keep_apart_wins_over_a_conflicting_merge_decision(extracted):
    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    hofmann, squareman = _member_key("aaaa0001_hofmann.part01"), _member_key("bbbb0002_squareman.part01")
    a, b = sorted([hofmann, squareman])
    ReviewDecision.objects.create(key_a=a, key_b=b, decision="keep_apart")
    ReviewDecision.objects.create(key_a=a, key_b=b, decision="merge")
    report = corpus_rebuild()
    assert Activity.objects.get(sources__chunk_key="aaaa0001_hofmann.part01") != Activity.objects.get(
        sources__chunk_key="bbbb0002_squareman.part01"
    )
    assert report["clusters"]["merges_refused_by_keep_apart"] == 1


@pytest.mark.django_db
def test_dry_run_publishes_nothing_but_reports(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    write_chunk(extracted, "b.part01", [activity("Cat and Mouse", RING_BLAIN)])
    before = list(Activity.objects.values_list("id", "name", "published_at"))
    report = corpus_rebuild(dry_run=True)
    assert list(Activity.objects.values_list("id", "name", "published_at")) == before
    assert (report["dry_run"], report["published"], report["clusters"]["count"]) == (True, False, 2)
    assert RebuildRun.objects.latest("started_at").dry_run is True


def _orphaning_receiver(sender, activities, **kwargs):
    return {
        "entries": 2,
        "matched": 1,
        "orphaned": 1,
        "orphans": [{"content_key": "f" * 64, "name": "Old Wink", "candidates": [{"content_key": "x", "score": 0.9}]}],
    }


@contextmanager
def connected(signal, *receivers):
    """``receivers`` connected to ``signal`` for the block only."""
    for receiver in receivers:
        signal.connect(receiver)
    try:
        yield
    finally:
        for receiver in receivers:
            signal.disconnect(receiver)


def _failing_receiver(sender, activity_ids, **kwargs):
    raise RuntimeError("overlay store unavailable")


@pytest.fixture
def orphaning_overlays():
    with connected(library_will_publish, _orphaning_receiver):
        yield


@pytest.mark.django_db
def test_orphaned_overlays_refuse_publish_and_write_nothing(extracted, orphaning_overlays):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    with pytest.raises(RebuildRefused) as refusal:
        corpus_rebuild()
    assert str(refusal.value) == ORPHANS_REFUSED.format(count=1)
    assert refusal.value.report["enrichment"]["orphans"][0]["name"] == "Old Wink"
    assert not Activity.objects.exists()
    assert RebuildRun.objects.get().published is False


@pytest.mark.django_db
def test_orphan_refusal_command_lists_orphans_and_reattach_candidates(extracted, orphaning_overlays):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rebuild_corpus", stdout=out, stderr=StringIO())
    assert "orphan ffffffffffff Old Wink" in out.getvalue()
    assert "re-attach candidate" in out.getvalue()


@pytest.mark.django_db
def test_allow_orphans_publishes_and_reports_enrichment(extracted, orphaning_overlays):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    report = corpus_rebuild(allow_orphans=True)
    assert report["published"] is True
    assert {k: report["enrichment"][k] for k in ("entries", "matched", "orphaned")} == {
        "entries": 2,
        "matched": 1,
        "orphaned": 1,
    }
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_library_published_is_sent_inside_the_transaction_with_every_id(extracted):
    write_cat_and_mouse_books(extracted)
    seen = {}

    def receiver(sender, activity_ids, **kwargs):
        seen["ids"] = activity_ids
        seen["in_transaction"] = transaction.get_connection().in_atomic_block

    with connected(library_published, receiver):
        corpus_rebuild()
    assert seen["ids"] == sorted(Activity.objects.values_list("id", flat=True))
    assert seen["in_transaction"] is True


@pytest.mark.django_db
def test_the_qa_report_carries_what_library_published_receivers_answer(extracted):
    write_cat_and_mouse_books(extracted)

    def receiver(sender, activity_ids, **kwargs):
        return {"overlays_shown": len(activity_ids)}

    with connected(library_published, receiver):
        report = corpus_rebuild()
    assert report["after_publish"] == {"overlays_shown": Activity.objects.count()}
    assert RebuildRun.objects.get().report["after_publish"] == report["after_publish"]


@pytest.mark.django_db
def test_a_rebuild_holds_the_library_lease_from_the_orphan_check_to_the_commit(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    holders = {}

    def before(sender, **kwargs):
        holders["orphan check"] = LibraryLease.objects.get(name=LEASE_NAME).holder

    def inside(sender, **kwargs):
        holders["publish"] = LibraryLease.objects.get(name=LEASE_NAME).holder

    with connected(library_will_publish, before), connected(library_published, inside):
        corpus_rebuild()
    assert holders["orphan check"].startswith("rebuild:")
    assert holders["publish"] == holders["orphan check"]
    assert LibraryLease.objects.get(name=LEASE_NAME).holder == ""


@pytest.mark.django_db
def test_a_rebuild_is_refused_and_writes_nothing_while_a_wave_holds_the_lease(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    assert lease_acquire(holder="wave:other-host:123:abcd")
    with pytest.raises(RebuildRefused, match="wave:other-host:123:abcd"):
        corpus_rebuild()
    assert not Activity.objects.exists()
    assert LibraryLease.objects.get(name=LEASE_NAME).holder == "wave:other-host:123:abcd"


@pytest.mark.django_db
def test_a_dry_run_does_not_need_the_lease(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    assert lease_acquire(holder="wave:other-host:123:abcd")
    assert corpus_rebuild(dry_run=True)["clusters"]["count"] == 1


@pytest.mark.django_db
def test_a_failed_publish_releases_the_lease(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    with connected(library_published, _failing_receiver), pytest.raises(RuntimeError):
        corpus_rebuild()
    assert lease_acquire(holder="wave:next")


@pytest.mark.django_db
def test_failing_publish_receiver_rolls_the_whole_publish_back(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    write_chunk(extracted, "a.part01", [activity("Wink", WINK, players_min=3)])
    write_chunk(extracted, "b.part01", [activity("Cat and Mouse", RING_BLAIN)])
    with connected(library_published, _failing_receiver), pytest.raises(RuntimeError):
        corpus_rebuild()
    assert list(Activity.objects.values_list("name", flat=True)) == ["Wink"]
    assert Activity.objects.get().players_min != 3
    assert ActivitySource.objects.count() == 1
    failed = RebuildRun.objects.latest("started_at")
    assert (failed.published, "overlay store unavailable" in failed.report["error"]) == (False, True)


@pytest.mark.django_db
def test_duplicate_candidates_are_regenerated_each_rebuild(extracted):
    DuplicateCandidate.objects.create(key_a="a", key_b="b", name_a="Stale", name_b="Pair", score=0.5, merged=False)
    write_cat_and_mouse_books(extracted)
    report = corpus_rebuild()
    assert not DuplicateCandidate.objects.filter(name_a="Stale").exists()
    assert DuplicateCandidate.objects.count() == report["duplicate_candidates"]


@pytest.mark.django_db
def test_duplicate_candidates_keep_the_name_and_play_scores_of_their_pair(extracted):
    write_cat_and_mouse_books(extracted)
    corpus_rebuild()
    scores = list(DuplicateCandidate.objects.values_list("name_score", "play_score"))
    assert scores
    assert all(0 <= name_score <= 1 and 0 <= play_score <= 1 for name_score, play_score in scores)


@pytest.mark.django_db
def test_report_counts_fields_per_source_and_is_saved_on_the_run(extracted):
    write_cat_and_mouse_books(extracted)
    write_chunk(
        extracted,
        "d.part01",
        [activity("Wink", WINK, age_min=8, filter_origin={"age_min": "estimated"})],
        source_path="x",
    )
    report = corpus_rebuild()
    assert report["per_source"] == {"13022.txt": 1, "24597.txt": 2, "8439.txt": 1, "x": 1}
    ages = report["fields"]["age_min"]
    assert (ages["stated"], ages["estimated"] + ages["missing"]) == (0, 3)
    assert ages["estimated"] >= 1
    assert report["activities"]["published"] == 3
    assert RebuildRun.objects.get().report == report


@pytest.mark.django_db
def test_command_prints_summary_and_json_report_as_last_line(extracted):
    write_cat_and_mouse_books(extracted)
    out = StringIO()
    call_command("rebuild_corpus", "--json", stdout=out, stderr=StringIO())
    lines = out.getvalue().strip().splitlines()
    report = json.loads(lines[-1])
    assert lines[0].startswith("Rebuild (published)")
    assert set(report) >= {
        "files",
        "activities",
        "clusters",
        "per_source",
        "fields",
        "enrichment",
        "duplicate_candidates",
        "dry_run",
        "published",
        "seconds",
    }
    assert report["activities"]["published"] == 2


def _mutations(valid: dict):
    yield {**valid, "page": -1}
    yield {**valid, "page": 2.5}
    yield {**valid, "page": True}
    yield {**valid, "language": "fr"}
    yield {**valid, "name": ""}
    yield {**valid, "aliases": ["ok", 3]}
    yield {**valid, "extra": 1}
    yield {**valid, "filter_origin": {"age_min": "guessed"}}
    yield {**valid, "filter_origin": {"colour": "stated"}}
    yield {key: value for key, value in valid.items() if key != "rules"}
    yield {**valid, "players_min": "ten"}
    yield {**valid, "page": MAX_INTEGER + 1}
    yield {**valid, "name": "N" * (NAME_CHARS + 1)}
    yield {**valid, "aliases": ["A" * 10_000]}


def _unbounded(schema: dict, path: str = "") -> list[str]:
    """Where ``schema`` lets an integer grow without ``maximum`` or a free string without ``maxLength``."""
    found = []
    types = schema.get("type", [])
    types = [types] if isinstance(types, str) else types
    if "integer" in types and "maximum" not in schema:
        found.append(path)
    if "string" in types and not {"maxLength", "enum", "pattern"} & set(schema):
        found.append(path)
    for option in schema.get("anyOf", []):
        found += _unbounded(option, path)
    if "items" in schema:
        found += _unbounded(schema["items"], f"{path}[]")
    for name, child in schema.get("properties", {}).items():
        found += _unbounded(child, f"{path}/{name}")
    return found


def test_extraction_schema_bounds_every_integer_and_string():
    from activities.extraction.schema import EXTRACTION_FILE_SCHEMA

    assert _unbounded(EXTRACTION_FILE_SCHEMA) == []


def test_fast_schema_check_never_accepts_what_jsonschema_rejects():
    from activities.extraction.schema import ACTIVITY_CHECK, activity_errors

    valid = activity("Wink", WINK, players_min=3, filter_origin={"players_min": "estimated"}, aliases=["Winking"])
    assert ACTIVITY_CHECK(valid) and activity_errors(valid) == []
    for mutated in _mutations(valid):
        assert activity_errors(mutated), mutated
        assert not ACTIVITY_CHECK(mutated), mutated


@pytest.mark.django_db
def test_game_keeps_its_key_and_id_when_a_source_with_a_smaller_key_joins(extracted):
    from activities.normalize import content_key

    versions = {
        "aaaa0001_hofmann.part01": ("CAT AND MOUSE.", BLINDFOLD_HOFMANN),
        "bbbb0002_squareman.part01": ("CAT AND MOUSE", BLINDFOLD_SQUAREMAN),
    }
    keys = {chunk: content_key(name=name, language="en", description=text) for chunk, (name, text) in versions.items()}
    first, joining = sorted(keys, key=keys.get, reverse=True)
    write_chunk(extracted, first, [activity(*versions[first])], source_path=first)
    corpus_rebuild()
    before = Activity.objects.get()
    write_chunk(extracted, joining, [activity(*versions[joining])], source_path=joining)
    corpus_rebuild()
    after = Activity.objects.get()
    assert (after.id, after.content_key, after.source_count) == (before.id, keys[first], 2)


@pytest.mark.django_db
def test_empty_extraction_folder_refuses_instead_of_unpublishing_the_library(extracted):
    path = write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    path.unlink()
    with pytest.raises(RebuildRefused, match="No extraction files"):
        corpus_rebuild()
    assert Activity.objects.count() == 1


@pytest.mark.django_db
def test_implausible_and_unreadable_values_are_left_unknown_and_counted(extracted):
    write_chunk(
        extracted,
        "d.part01",
        [
            activity("Wink", WINK, players_min=0, players_max=12, duration_min=500, indoor_outdoor="on the moon"),
        ],
    )
    report = corpus_rebuild()
    wink = Activity.objects.get()
    assert (wink.players_min, wink.players_max) == (None, 12)
    assert wink.duration_min != 500
    assert wink.filter_origins.get("indoor_outdoor", {}).get("origin") != "stated"
    assert report["values_rejected"] == {
        "players minimum outside 1–10000 players": 1,
        "duration minimum outside 1–240 minutes": 1,
        "indoor_outdoor not recognised": 1,
    }


def _write_squareman_games(extracted, *games: dict) -> None:
    SourceFactory(
        path="13022.txt",
        title="My Book of Indoor Games",
        context={"indoor_outdoor": "indoor", "age_min": 6, "age_max": 12},
    )
    write_chunk(extracted, "bbbb0002_squareman.part01", list(games), source_path="13022.txt")


@pytest.mark.django_db
def test_book_context_fills_only_what_no_member_states_and_no_heading_gives(extracted):
    _write_squareman_games(
        extracted,
        activity("CAT AND MOUSE", BLINDFOLD_SQUAREMAN),
        activity("WINK", WINK, indoor_outdoor="out of doors", filter_origin={"indoor_outdoor": "stated"}),
        activity(
            "CATCHING THE MOUSE",
            RING_BLAIN,
            indoor_outdoor="playground",
            filter_origin={"indoor_outdoor": "context"},
            filter_evidence={"indoor_outdoor": "GAMES FOR THE PLAYGROUND"},
        ),
    )
    corpus_rebuild()
    origins = {game.name: game.filter_origins for game in Activity.objects.all()}
    book = {"origin": "context", "evidence": "the book: My Book of Indoor Games", "source": "13022.txt", "page": None}
    assert origins["Cat and Mouse"]["indoor_outdoor"] == book
    assert origins["Cat and Mouse"]["age_min"] == origins["Cat and Mouse"]["age_max"] == book
    assert origins["Wink"]["indoor_outdoor"]["origin"] == "stated"
    assert origins["Catching the Mouse"]["indoor_outdoor"]["evidence"] == "GAMES FOR THE PLAYGROUND"
    values = {game.name: (game.indoor_outdoor, game.age_min, game.age_max) for game in Activity.objects.all()}
    assert values == {
        "Cat and Mouse": ("indoor", 6, 12),
        "Wink": ("outdoor", 6, 12),
        "Catching the Mouse": ("outdoor", 6, 12),
    }


@pytest.mark.django_db
def test_book_context_beats_an_estimate(extracted):
    _write_squareman_games(
        extracted,
        activity("WINK", WINK, age_min=4, age_max=5, filter_origin={"age_min": "estimated", "age_max": "estimated"}),
    )
    report = corpus_rebuild()
    wink = Activity.objects.get()
    assert (wink.age_min, wink.age_max) == (6, 12)
    assert not {"age_min", "age_max"} & set(wink.estimated_fields)
    assert report["fields"]["age_min"] == {"curator": 0, "stated": 0, "context": 1, "estimated": 0, "missing": 0}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("malformed", "reason"),
    [
        ("directory", "cannot be read"),
        ("nested", "nested too deeply"),
        ("huge_page", "beyond the 64-bit range"),
        ("surrogate", "not valid Unicode"),
    ],
)
def test_malformed_file_is_listed_as_invalid_while_the_rest_publishes(extracted, malformed, reason):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    write_malformed(extracted, malformed)
    report = corpus_rebuild()
    assert [entry["file"] for entry in report["files"]["invalid_files"]] == [f"{malformed}.part01.json"]
    assert reason in report["files"]["invalid_files"][0]["reason"]
    assert list(Activity.objects.values_list("name", flat=True)) == ["Wink"]
