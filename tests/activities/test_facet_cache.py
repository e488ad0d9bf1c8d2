"""The listing's facet counts are cached per library version: asked again, they are not counted again; any write
to the library (a rebuild, a saved or deleted activity, its categories, a source, a bulk write and its reindex)
serves fresh counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import search
from activities.library_version import library_version
from activities.models import Activity
from activities.rebuild import corpus_rebuild
from activities.selectors import activity_facets, activity_list
from tests.activities.test_rebuild import BLINDFOLD_BLAIN, WINK
from tests.caching import local_memory_cache
from tests.extraction_docs import activity, write_chunk
from tests.factories import ActivityFactory, ActivitySourceFactory


@pytest.fixture(autouse=True)
def facet_cache(settings):
    with local_memory_cache(settings, "facets"):
        yield


def _facets(**filters):
    return activity_facets(queryset=activity_list(filters=filters))


def _setting_count(facets, code: str) -> int:
    return next(option.count for option in facets.options["setting"] if option.value == code)


@pytest.mark.django_db
def test_facets_asked_again_are_not_counted_again():
    ActivityFactory(indoor_outdoor="indoor")
    first = _facets(setting="indoor")
    with CaptureQueriesContext(connection) as captured:
        again = _facets(setting="indoor")
    assert again == first
    assert not any("COUNT(" in query["sql"] for query in captured.captured_queries)


@pytest.mark.django_db
def test_different_filters_are_counted_apart():
    ActivityFactory(indoor_outdoor="indoor", players_min=2, players_max=4)
    ActivityFactory(indoor_outdoor="indoor", players_min=10, players_max=30)
    assert _facets(players=3).total == 1
    assert _facets(players=12).total == 1
    assert _facets().total == 2


@pytest.mark.django_db
def test_saved_activity_serves_fresh_counts():
    game = ActivityFactory(indoor_outdoor="indoor")
    assert _setting_count(_facets(), "outdoor") == 0
    game.indoor_outdoor = "outdoor"
    game.save()
    assert _setting_count(_facets(), "outdoor") == 1


@pytest.mark.django_db
def test_deleted_activity_serves_fresh_counts():
    game = ActivityFactory()
    ActivityFactory()
    assert _facets().total == 2
    game.delete()
    assert _facets().total == 1


@pytest.mark.django_db
def test_changed_categories_serve_fresh_counts():
    game = ActivityFactory(categories=["party"])
    assert _facets(category=["party"]).total == 1
    game.categories.clear()
    assert _facets(category=["party"]).total == 0


@pytest.mark.django_db
def test_deleted_source_serves_fresh_source_counts():
    link = ActivitySourceFactory()
    assert [option.count for option in _facets().options["source"]] == [1]
    link.source.delete()
    assert _facets().options["source"] == []


@pytest.mark.django_db
def test_bulk_write_serves_fresh_counts_after_its_reindex():
    ActivityFactory(indoor_outdoor="indoor")
    assert _setting_count(_facets(), "outdoor") == 0
    Activity.objects.update(indoor_outdoor="outdoor")
    search.reindex()
    assert _setting_count(_facets(), "outdoor") == 1


@pytest.mark.django_db
def test_rebuild_serves_fresh_counts(settings):
    write_chunk(settings.EXTRACTED_DIR, "a.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    assert _facets().total == 1
    write_chunk(settings.EXTRACTED_DIR, "b.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN)])
    corpus_rebuild()
    assert _facets().total == 2


@pytest.mark.django_db
def test_rebuild_that_changes_nothing_keeps_the_version_and_its_cached_counts(settings):
    write_chunk(settings.EXTRACTED_DIR, "a.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    version = library_version()
    corpus_rebuild()
    assert library_version() == version
