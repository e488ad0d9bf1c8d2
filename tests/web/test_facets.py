"""Facet counts: per option, within the current results, counted by the database."""

import pytest
from django.db import connection

from activities.search import reindex
from activities.selectors import activity_facets, activity_list, activity_summaries
from tests.factories import ActivityFactory, ActivitySourceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _counts(facets, name: str) -> dict[str, int]:
    return {option.value: option.count for option in facets.options[name]}


def _facets(**filters):
    return activity_facets(queryset=activity_list(filters=filters))


def test_total_is_the_number_of_results():
    ActivityFactory(players_min=5, players_max=10)
    ActivityFactory(players_min=20, players_max=30)
    assert _facets(players=8).total == 1


def test_indoor_and_outdoor_counts_include_both():
    ActivityFactory(indoor_outdoor="indoor")
    ActivityFactory(indoor_outdoor="outdoor")
    ActivityFactory(indoor_outdoor="both")
    ActivityFactory(indoor_outdoor="")
    assert _counts(_facets(), "setting") == {"indoor": 2, "outdoor": 2}


def test_counts_are_within_the_current_results():
    ActivityFactory(name="Ştafeta", space="open-field", players_min=10, players_max=30)
    ActivityFactory(name="Ştafeta mică", space="small-room", players_min=2, players_max=4)
    ActivityFactory(name="Cercul", space="open-field", players_min=10, players_max=30)
    reindex()
    counts = _counts(_facets(q="stafeta", players=20), "space")
    assert counts == {"small-room": 0, "large-room": 0, "open-field": 1}


def test_category_counts_each_activity_once_per_category():
    ActivityFactory(categories=["tag", "ball"])
    ActivityFactory(categories=["tag"])
    counts = _counts(_facets(), "category")
    assert (counts["tag"], counts["ball"], counts["trust"]) == (2, 1, 0)


def test_source_counts_distinct_activities_and_lists_only_sources_with_results():
    book, other = SourceFactory(title="Book"), SourceFactory(title="Other")
    activity = ActivityFactory(language="en")
    ActivitySourceFactory(activity=activity, source=book, page=1)
    ActivitySourceFactory(activity=activity, source=book, page=2)
    ActivitySourceFactory(activity=ActivityFactory(language="ro"), source=other)
    assert _counts(_facets(language="en"), "source") == {str(book.pk): 1}


def test_language_and_no_materials_counts():
    ActivityFactory(language="en", materials_needed=False)
    ActivityFactory(language="ro", materials_needed=True)
    ActivityFactory(language="ro", materials_needed=None)
    facets = _facets()
    assert _counts(facets, "language") == {"en": 1, "ro": 2}
    assert _counts(facets, "no_materials") == {"true": 1}


def test_facets_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(30):
        ActivitySourceFactory(activity=ActivityFactory(categories=["tag"], indoor_outdoor="indoor", space="small-room"))
    with django_assert_max_num_queries(6):
        _facets(setting="indoor")


def test_page_summaries_keep_the_page_order_with_each_activity_once_and_its_categories_in_vocabulary_order():
    first = ActivityFactory(categories=["ball", "icebreaker"])
    second = ActivityFactory(categories=[])
    summaries = activity_summaries(ids=[second.pk, first.pk])
    assert [summary.pk for summary in summaries] == [second.pk, first.pk]
    assert [term.code for term in summaries[1].categories] == ["icebreaker", "ball"]
    assert summaries[0].categories == ()


def test_the_listing_indexes_made_in_plain_sql_survive_every_migration():
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "activities_activity")
    assert indexes["activity_name_order"]["columns"] == ["name", "id"]
    assert "activity_display_order" in indexes
    if connection.vendor == "sqlite":
        assert indexes["activity_filter_cover"]["columns"][-1] == "category_mask"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL scans a table this small whatever its indexes")
def test_an_unsearched_listing_reads_its_first_page_from_the_display_name_index():
    plan = activity_list(filters={}).values_list("pk", flat=True)[:20].explain()
    assert "activity_display_order" in plan
