"""A rebuild whose inputs did not change publishes nothing and keeps the library; one that publishes over an
unchanged library writes nothing to the published tables; a changed one rewrites only what changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities import search
from activities.library_version import library_changed
from activities.models import Activity, ActivitySource, DuplicateCandidate, ReviewDecision
from activities.rebuild import corpus_rebuild
from activities.search import sqlite as sqlite_search
from tests.activities.test_rebuild import BLINDFOLD_BLAIN, WINK, write_cat_and_mouse_books
from tests.extraction_docs import activity, write_chunk

PUBLISHED_TABLES = (
    Activity._meta.db_table,
    ActivitySource._meta.db_table,
    Activity.categories.through._meta.db_table,
    DuplicateCandidate._meta.db_table,
    sqlite_search.TABLE,
)


def _library() -> dict:
    return {
        "activities": sorted(Activity.objects.values_list("id", "content_key", "name", "players_min")),
        "links": sorted(ActivitySource.objects.values_list("activity_id", "source_id", "chunk_key", "page", "name")),
        "categories": sorted(Activity.categories.through.objects.values_list("activity_id", "category_id")),
        "candidates": sorted(DuplicateCandidate.objects.values_list("key_a", "key_b", "score", "merged")),
    }


def _tables_written(queries) -> set[str]:
    written = set()
    for query in queries:
        sql = query["sql"].lstrip()
        if not sql.upper().startswith(("INSERT", "UPDATE", "DELETE")):
            continue
        written.update(table for table in PUBLISHED_TABLES if f'"{table}"' in sql or f" {table} " in f" {sql} ")
    return written


def _found(query: str) -> set[int]:
    return set(search.search(Activity.objects.all(), query).values_list("pk", flat=True))


@pytest.fixture
def extracted(settings):
    return settings.EXTRACTED_DIR


@pytest.mark.django_db
def test_rebuild_with_unchanged_inputs_publishes_nothing_and_keeps_the_library(extracted):
    write_cat_and_mouse_books(extracted)
    first = corpus_rebuild()
    before = _library()
    with CaptureQueriesContext(connection) as captured:
        report = corpus_rebuild()
    assert report["unchanged"] and report["published"]
    assert report["activities"] == first["activities"]
    assert _tables_written(captured.captured_queries) == set()
    assert _library() == before


@pytest.mark.django_db
def test_rebuild_runs_again_after_a_changed_file_a_new_decision_or_a_library_write(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    write_chunk(extracted, "a.part01", [activity("Wink", WINK, players_min=8)])
    assert not corpus_rebuild()["unchanged"]
    ReviewDecision.objects.create(key_a="a" * 64, key_b="b" * 64, decision=ReviewDecision.Decision.KEEP_APART)
    assert not corpus_rebuild()["unchanged"]
    Activity.objects.update(players_min=2)
    library_changed()
    assert not corpus_rebuild()["unchanged"]
    assert Activity.objects.get().players_min == 8


@pytest.mark.django_db
def test_publish_over_an_unchanged_library_writes_nothing_and_publishes_the_same_library(extracted):
    write_cat_and_mouse_books(extracted)
    write_chunk(extracted, "dddd0004_wink.part01", [activity("Wink", WINK)])
    corpus_rebuild()
    before = _library()
    # Something wrote to the library (and wrote it back): the rebuild publishes instead of keeping it.
    library_changed()
    with CaptureQueriesContext(connection) as captured:
        report = corpus_rebuild()
    assert report["published"] and not report["unchanged"]
    assert _tables_written(captured.captured_queries) == set()
    assert _library() == before


@pytest.mark.django_db
def test_changed_rebuild_rewrites_only_the_links_that_changed(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    write_chunk(extracted, "b.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN, page=4)])
    corpus_rebuild()
    wink_link = ActivitySource.objects.get(name="Wink").pk
    write_chunk(extracted, "b.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN, page=5)])
    corpus_rebuild()
    assert ActivitySource.objects.get(name="Wink").pk == wink_link
    assert ActivitySource.objects.get(name="Catching the Mouse").page == 5


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 side table is SQLite's")
@pytest.mark.django_db
def test_full_reindex_of_a_filled_index_follows_changed_added_and_deleted_activities(extracted):
    write_chunk(extracted, "a.part01", [activity("Wink", WINK)])
    write_chunk(extracted, "b.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN)])
    corpus_rebuild()
    wink = Activity.objects.get(name="Wink")
    # Bulk writes (as enrichment's overlays are written) send no signal: only the reindex sees them.
    Activity.objects.filter(pk=wink.pk).update(description="Everyone whistles a tune.")
    Activity.objects.filter(name="Catching the Mouse").delete()
    added = Activity.objects.create(content_key="f" * 64, name="Blind man's buff", language="en")
    search.reindex()
    assert _found("whistles") == {wink.pk}
    assert _found("chairs") == set()
    assert _found("buff") == {added.pk}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {sqlite_search.TABLE}")
        assert cursor.fetchone()[0] == Activity.objects.count()
