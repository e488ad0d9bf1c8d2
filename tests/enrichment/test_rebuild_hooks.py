"""Overlays through the real freeze rebuild: applied at publish, orphans reported with candidates."""

import pytest

from activities import search
from activities.models import Activity
from activities.rebuild import RebuildRefused, corpus_rebuild
from enrichment.models import EnrichmentOverlay
from tests import extraction_docs

# "Games for Everybody" (data/corpus, gutenberg-08439).
ROSE = (
    "Take a full blown rose and hold it up where all can see it, then let them write on a slip of paper how many "
    "petals they think are in the rose. The one who guesses the nearest receives a prize."
)


def write_rose_chunk(directory, description: str, **fields) -> None:
    extraction_docs.write_chunk(
        directory,
        "8d1f2c3a_games.part01",
        [extraction_docs.activity("ROSE GUESS.", description, page=3, **fields)],
        source_path="8439-8.txt",
    )


@pytest.fixture
def rose(db, settings):
    write_rose_chunk(settings.EXTRACTED_DIR, ROSE, players_min=5, filter_origin={"players_min": "estimated"})
    corpus_rebuild()
    activity = Activity.objects.get()
    EnrichmentOverlay.objects.create(
        content_key=activity.content_key,
        kind=EnrichmentOverlay.Kind.EN_TO_RO,
        name_ro="Ghicitoarea trandafirului",
        estimated={"players_min": 2, "age_min": 5, "indoor_outdoor": "indoor"},
        activity_name=activity.name,
        chunk_keys=["8d1f2c3a_games.part01"],
    )
    return activity


def test_rebuild_publishes_the_overlay_and_keeps_the_extraction_estimates(rose):
    corpus_rebuild()
    activity = Activity.objects.get()
    assert activity.name_ro == "Ghicitoarea trandafirului"
    assert (activity.players_min, activity.age_min, activity.indoor_outdoor) == (5, 5, "indoor")
    assert {"players_min", "age_min", "indoor_outdoor"} <= set(activity.estimated_fields)
    assert list(search.search(Activity.objects.all(), "trandafirului").values_list("pk", flat=True)) == [activity.pk]


def test_the_qa_report_counts_the_overlays_shown_on_the_published_rows(rose):
    assert corpus_rebuild()["after_publish"] == {"overlays_shown": 1}


def test_a_second_rebuild_changes_nothing_of_the_published_overlay(rose):
    corpus_rebuild()
    first = Activity.objects.values().get()
    corpus_rebuild()
    second = Activity.objects.values().get()
    assert {k: v for k, v in first.items() if k != "published_at"} == {
        k: v for k, v in second.items() if k != "published_at"
    }


def test_rebuild_refuses_to_orphan_an_overlay_and_offers_the_new_key(rose, settings):
    write_rose_chunk(settings.EXTRACTED_DIR, ROSE + " Any flower with many petals can be used.")
    with pytest.raises(RebuildRefused) as refusal:
        corpus_rebuild()
    enrichment = refusal.value.report["enrichment"]
    assert (enrichment["entries"], enrichment["matched"], enrichment["orphaned"]) == (1, 0, 1)
    candidates = enrichment["orphans"][0]["candidates"]
    assert len(candidates) == 1 and candidates[0]["content_key"] != rose.content_key
