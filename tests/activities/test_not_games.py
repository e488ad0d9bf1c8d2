"""Only games in the library: the rebuild's not-a-game gate, and curators' "not a game" marks applied by every
rebuild (hidden everywhere, listed in the QA report, revocable, never blocking on an enrichment overlay)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from activities import gameness
from activities.export import activity_to_dict
from activities.models import Activity, NotAGameMark
from activities.not_games import ALREADY_REVOKED, MarkError, mark_record, mark_revoke, marked_keys
from activities.rebuild import corpus_rebuild
from enrichment.models import EnrichmentOverlay
from tests.activities.test_gameness import SCOUTING_FOR_BOYS, passage
from tests.activities.test_rebuild import RING_BLAIN, WINK
from tests.extraction_docs import activity, write_chunk

pytestmark = pytest.mark.django_db

RECITATION = passage(SCOUTING_FOR_BOYS, "There's a breathless hush", "_Scene II")


@pytest.fixture
def curator(db):
    return User.objects.create_user("curator", is_staff=True)


def two_games_write(directory) -> None:
    write_chunk(
        directory,
        "aaaa0001_games.part01",
        [activity("WINK", WINK), activity("CAT AND MOUSE", RING_BLAIN, page=2)],
        source_path="24597.txt",
    )


@pytest.fixture
def library(settings):
    two_games_write(settings.EXTRACTED_DIR)
    corpus_rebuild()
    return Activity.objects.get(name="Wink")


def test_rebuild_rejects_a_poem_with_its_reason_and_publishes_the_games(settings):
    write_chunk(
        settings.EXTRACTED_DIR,
        "bbbb0002_scouting.part01",
        [activity("Recitation", RECITATION), activity("WINK", WINK)],
        source_path="65993.txt",
    )
    report = corpus_rebuild()
    assert report["activities"]["rejected_reasons"] == {"not a game: verse": 1}
    assert report["not_games"] == {"marked": [], "detected": 1, "doubtful": 0}
    assert list(Activity.objects.values_list("name", flat=True)) == ["Wink"]


def test_the_rebuild_publishes_the_judges_doubt_for_curators_and_counts_it(settings):
    two_games_write(settings.EXTRACTED_DIR)
    report = corpus_rebuild()
    doubts = dict(Activity.objects.values_list("name", "play_doubt"))
    assert doubts == {"Wink": "", "Cat and Mouse": gameness.NO_GOAL_NAMED}
    assert report["not_games"]["doubtful"] == 1


def test_a_marked_entry_is_not_published_and_is_listed_in_the_report(library, curator):
    mark_record(activity=library, user=curator)
    report = corpus_rebuild()
    assert report["not_games"]["marked"] == [{"content_key": library.content_key, "name": "Wink"}]
    assert not Activity.objects.filter(content_key=library.content_key).exists()
    assert report["activities"]["published"] == 1


def test_a_marked_entry_is_gone_from_the_detail_page_the_api_and_the_export(library, curator, client):
    mark_record(activity=library, user=curator)
    corpus_rebuild()
    assert client.get(reverse("activities:detail", args=[library.pk])).status_code == 404
    names = [result["name"] for result in client.get(reverse("activities:api-list")).json()["results"]]
    assert names == ["Cat and Mouse"]
    assert [activity_to_dict(row)["name"] for row in Activity.objects.all()] == ["Cat and Mouse"]


def test_revoking_a_mark_publishes_the_entry_again_at_the_next_rebuild(library, curator):
    mark = mark_record(activity=library, user=curator)
    corpus_rebuild()
    mark_revoke(mark=mark, user=curator)
    report = corpus_rebuild()
    assert Activity.objects.filter(content_key=library.content_key).exists()
    assert report["not_games"]["marked"] == []


def test_marking_twice_keeps_one_mark_in_force(library, curator):
    first = mark_record(activity=library, user=curator)
    again = mark_record(activity=library, user=User.objects.create_user("other", is_staff=True))
    assert again == first
    assert marked_keys() == {library.content_key}


def test_revoke_keeps_the_row_with_its_history_and_cannot_be_repeated(library, curator):
    mark = mark_record(activity=library, user=curator)
    mark_revoke(mark=mark, user=curator)
    assert NotAGameMark.objects.get().revoked_at is not None
    assert [record.history_user for record in mark.history.all()] == [curator, curator]
    with pytest.raises(MarkError, match=str(ALREADY_REVOKED).split("{")[0]):
        mark_revoke(mark=mark, user=curator)


def test_an_overlay_on_a_marked_entry_does_not_block_publishing(library, curator):
    EnrichmentOverlay.objects.create(
        content_key=library.content_key, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Clipește"
    )
    mark_record(activity=library, user=curator)
    report = corpus_rebuild()
    assert report["published"] is True
    assert (report["enrichment"]["orphaned"], report["enrichment"]["withheld"]) == (0, 1)
    assert EnrichmentOverlay.objects.filter(content_key=library.content_key).exists()


def test_a_revoked_entry_comes_back_with_its_overlay(library, curator):
    EnrichmentOverlay.objects.create(
        content_key=library.content_key, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Clipește"
    )
    mark = mark_record(activity=library, user=curator)
    corpus_rebuild()
    mark_revoke(mark=mark, user=curator)
    corpus_rebuild()
    assert Activity.objects.get(content_key=library.content_key).name_ro == "Clipește"
