"""Curators' filter corrections: recorded, applied at once, re-applied by every rebuild, revocable, validated."""

from io import StringIO

import pytest
from django.core.management import call_command

from activities.corrections import (
    MAX_BELOW_MIN,
    CorrectionError,
    correction_revoke,
    corrections_in_force,
    corrections_record,
)
from activities.decisions import decision_record
from activities.models import Activity, FilterCorrection
from activities.rebuild import activity_filters_restore, corpus_rebuild
from enrichment.models import EnrichmentOverlay
from tests.admin.factories import make_user
from tests.extraction_docs import activity, write_chunk

pytestmark = pytest.mark.django_db

# "Games for Everybody" (data/corpus, gutenberg-08439).
WINK = (
    "All the girls sit in a circle, and the boys stand outside, one boy behind each girl's chair. One chair is left "
    "vacant, but a boy stands behind it, and by winking at the girls one at a time, tries to get one for his chair."
)
ROSE = (
    "Take a full blown rose and hold it up where all can see it, then let them write on a slip of paper how many "
    "petals they think are in the rose. The one who guesses the nearest receives a prize."
)
CHUNK = "c582f3f2_games-for-everybody.part01"


def write_wink(extracted, **fields) -> None:
    fields = {
        "players_min": 10,
        "players_max": 30,
        "indoor_outdoor": "parlor",
        "categories": ["party game"],
        "filter_evidence": {"players_min": "10 to 30 players"},
        **fields,
    }
    write_chunk(extracted, CHUNK, [activity("WINK.", WINK, page=5, **fields)], source_path="8439-8.txt")


@pytest.fixture
def curator():
    return make_user("curator", curator=True)


@pytest.fixture
def wink(settings):
    write_wink(settings.EXTRACTED_DIR)
    corpus_rebuild()
    return Activity.objects.get()


def test_correction_is_published_at_once_with_origin_curator_and_the_note_as_evidence(wink, curator):
    corrections_record(activity=wink, values={"players_min": 6}, user=curator, note="Works with 6 players")
    wink.refresh_from_db()
    assert (wink.players_min, wink.players_max) == (6, 30)
    assert wink.filter_origins["players_min"]["origin"] == "curator"
    assert wink.filter_origins["players_min"]["evidence"] == "Works with 6 players"
    # The two ends of a range are checked together: the other end is recorded as the curator saw it.
    assert wink.filter_origins["players_max"]["origin"] == "curator"


def test_correction_survives_every_rebuild(wink, curator):
    corrections_record(activity=wink, values={"indoor_outdoor": "both", "age_min": 8}, user=curator)
    for _rebuild in range(2):
        report = corpus_rebuild()
        rebuilt = Activity.objects.get()
        assert (rebuilt.pk, rebuilt.indoor_outdoor, rebuilt.age_min) == (wink.pk, "both", 8)
        assert rebuilt.filter_origins["indoor_outdoor"]["origin"] == "curator"
    assert report["corrections"] == {"applied": 3, "unmatched": []}
    assert report["fields"]["indoor_outdoor"]["curator"] == 1


def test_categories_and_materials_are_corrected(wink, curator):
    corrections_record(activity=wink, values={"categories": ["icebreaker", "circle"], "materials": False}, user=curator)
    corpus_rebuild()
    rebuilt = Activity.objects.get()
    assert sorted(rebuilt.categories.values_list("code", flat=True)) == ["circle", "icebreaker"]
    assert (rebuilt.materials_needed, rebuilt.materials) == (False, [])


def test_clearing_a_value_makes_it_unknown_and_the_rebuild_keeps_it_cleared(wink, curator):
    corrections_record(activity=wink, values={"indoor_outdoor": None}, user=curator, note="Either works")
    wink.refresh_from_db()
    assert wink.indoor_outdoor == ""
    report = corpus_rebuild()
    assert Activity.objects.get().indoor_outdoor == ""
    assert report["fields"]["indoor_outdoor"]["missing"] == 1


def test_an_estimate_does_not_fill_a_value_a_curator_cleared(wink, curator):
    corrections_record(activity=wink, values={"space": None}, user=curator)
    EnrichmentOverlay.objects.create(
        content_key=wink.content_key,
        kind=EnrichmentOverlay.Kind.EN_TO_RO,
        name_ro="Cu ochiul",
        estimated={"space": "large-room", "age_min": 12},
        activity_name=wink.name,
        chunk_keys=[CHUNK],
    )
    corpus_rebuild()
    rebuilt = Activity.objects.get()
    assert (rebuilt.space, rebuilt.age_min) == ("", 12)


def test_revoking_restores_the_rebuilds_value_at_once_and_at_the_next_rebuild(wink, curator):
    (correction, _partner) = corrections_record(activity=wink, values={"players_min": 4}, user=curator)
    correction_revoke(correction=correction, user=curator)
    assert activity_filters_restore(activity=wink)
    wink.refresh_from_db()
    assert wink.players_min == 10
    assert wink.filter_origins["players_min"]["origin"] == "stated"
    corpus_rebuild()
    assert Activity.objects.get().players_min == 10


def test_revoking_keeps_the_row_with_its_history(wink, curator):
    correction = corrections_record(activity=wink, values={"space": "small-room"}, user=curator)[0]
    correction_revoke(correction=correction, user=curator)
    correction.refresh_from_db()
    assert correction.revoked_at is not None
    assert correction.history.latest().history_user == curator
    assert not corrections_in_force().exists()


def test_a_new_correction_of_a_field_supersedes_the_one_in_force(wink, curator):
    first = corrections_record(activity=wink, values={"space": "small-room"}, user=curator)[0]
    second = corrections_record(activity=wink, values={"space": "open-field"}, user=curator)[0]
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(corrections_in_force()) == [second]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"age_min": 0}, "age_min"),
        ({"age_max": 121}, "age_max"),
        ({"players_min": -3}, "players_min"),
        ({"duration_max": 24 * 60 + 1}, "duration_max"),
        ({"indoor_outdoor": "moon"}, "indoor_outdoor"),
        ({"space": "garden"}, "space"),
        ({"categories": ["tag", "chess"]}, "categories"),
        ({"materials": "some"}, "materials"),
        ({"players_min": "ten"}, "players_min"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_value_outside_the_rebuilds_bounds_or_the_taxonomy_is_refused(wink, curator, values, field):
    with pytest.raises(CorrectionError) as refused:
        corrections_record(activity=wink, values=values, user=curator)
    assert field in refused.value.errors
    assert not FilterCorrection.objects.exists()


def test_a_maximum_below_the_published_minimum_is_refused(wink, curator):
    with pytest.raises(CorrectionError) as refused:
        corrections_record(activity=wink, values={"players_max": 5}, user=curator)
    assert refused.value.errors == {"players_max": str(MAX_BELOW_MIN)}


def test_a_correction_whose_game_is_gone_is_kept_and_reported_unmatched(wink, curator, settings):
    correction = corrections_record(activity=wink, values={"space": "small-room"}, user=curator)[0]
    (settings.EXTRACTED_DIR / f"{CHUNK}.json").unlink()
    write_chunk(settings.EXTRACTED_DIR, "other.part01", [activity("Rose Guess", ROSE)])
    report = corpus_rebuild()
    assert report["corrections"]["applied"] == 0
    assert report["corrections"]["unmatched"] == [
        {"id": correction.pk, "content_key": wink.content_key, "field": "space", "value": "small-room"}
    ]
    assert FilterCorrection.objects.filter(pk=correction.pk, revoked_at__isnull=True).exists()


def test_rebuild_command_lists_unmatched_corrections(wink, curator, settings):
    correction = corrections_record(activity=wink, values={"space": "small-room"}, user=curator)[0]
    (settings.EXTRACTED_DIR / f"{CHUNK}.json").unlink()
    write_chunk(settings.EXTRACTED_DIR, "other.part01", [activity("Rose Guess", ROSE)])
    out = StringIO()
    call_command("rebuild_corpus", stdout=out, stderr=StringIO())
    assert "curator corrections: 0 applied, 1 unmatched" in out.getvalue()
    assert f"unmatched #{correction.pk} {wink.content_key[:12]} space = 'small-room'" in out.getvalue()


def test_a_correction_follows_its_version_into_a_merged_game_where_the_games_own_key_wins(settings, curator):
    write_wink(settings.EXTRACTED_DIR)
    write_chunk(settings.EXTRACTED_DIR, "other.part01", [activity("Rose Guess", ROSE)], source_path="other.txt")
    corpus_rebuild()
    first, second = Activity.objects.order_by("content_key")
    corrections_record(activity=second, values={"duration_max": 15, "space": "open-field"}, user=curator)
    corrections_record(activity=first, values={"space": "small-room"}, user=curator)
    decision_record(key_a=first.content_key, key_b=second.content_key, decision="merge", user=curator)
    report = corpus_rebuild()
    game = Activity.objects.get()
    assert game.content_key == first.content_key
    assert (game.duration_max, game.space) == (15, "small-room")
    assert report["corrections"] == {"applied": 3, "unmatched": []}
