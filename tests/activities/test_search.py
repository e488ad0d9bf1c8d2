"""The search contract, run against the full-text backend of the test database (SQLite FTS5 or PostgreSQL) and
against the substring fallback a database without full-text search gets. The fallback neither folds diacritics
nor ranks (see ``FallbackBackend``): the tests of those two promises are skipped on it, and only on it."""

import pytest
from django.db import connection
from django.db.models import Count

import activities.search
from activities.models import Activity
from activities.search import backend, query_terms, reindex, search
from activities.search.base import FallbackBackend
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    '"',
    '"unbalanced',
    "foo-bar",
    "-",
    "--",
    "a AND",
    "AND OR NOT",
    "*",
    "cerc*",
    "NEAR(",
    "NEAR(a b, 2)",
    "((",
    "a) OR (b",
    "name:cerc",
    "^cerc",
    "'; DROP TABLE activities_activity; --",
    "\\",
    "x" * 10_000,
    "cerc " * 2_000,
    "🎲🎉 joc",
    "🎲",
    "\x00",
    "%_%",
    "&|!:*",
]


def _matches(query: str, queryset=None) -> list[str]:
    queryset = Activity.objects.all() if queryset is None else queryset
    return list(search(queryset, query).order_by("-rank", "name").values_list("name", flat=True))


@pytest.fixture(params=["full-text", FallbackBackend.name])
def search_backend(request, monkeypatch):
    """The backend every search of the test goes through: the database's own, or the fallback in its place."""
    if request.param == FallbackBackend.name:
        monkeypatch.setitem(activities.search._backends, connection.vendor, FallbackBackend())
    return backend()


@pytest.fixture
def folds_diacritics(search_backend):
    if search_backend.name == FallbackBackend.name:
        pytest.skip("the substring fallback matches text as written, diacritics included")


@pytest.fixture
def ranks(search_backend):
    if search_backend.name == FallbackBackend.name:
        pytest.skip("the substring fallback ranks every match the same")


def _fill_library() -> None:
    ActivityFactory(name="Sărituri în sac", description="O cursă cu sacii.", rules="Sar până la linie.")
    ActivityFactory(name="Stafeta cu mingea", description="Echipele își pasează mingea.", rules="Alergă.")
    ActivityFactory(name="Ştafeta cu apă", description="Echipele duc pahare cu apă pe rând.", rules="Nu vărsați.")
    ActivityFactory(name="Cercul numelor", description="Fiecare își spune numele.", rules="Repetă numele.")
    reindex()


@pytest.fixture
def library(search_backend):
    _fill_library()


@pytest.fixture
def full_text_library():
    """The library searched by the database's own full-text backend only (its query plans are the subject)."""
    _fill_library()


def test_query_terms_are_bounded_words():
    terms = query_terms("a" * 500 + " " + "b " * 100)
    assert terms[0] == "a" * 40
    assert len(terms) == 12


def test_query_without_diacritics_finds_text_with_them(library, folds_diacritics):
    assert _matches("sarituri") == ["Sărituri în sac"]


def test_query_with_diacritics_finds_text_without_them(library):
    assert "Stafeta cu mingea" in _matches("ștafetă")


def test_cedilla_query_finds_comma_below_text(folds_diacritics):
    ActivityFactory(name="Șir indian", description="Un șir de copii.")
    reindex()
    assert _matches("şir") == ["Șir indian"]


def test_comma_query_finds_cedilla_text(library, folds_diacritics):
    assert "Ştafeta cu apă" in _matches("ștafeta apă")


def test_last_word_matches_as_prefix(library):
    assert _matches("cercul num") == ["Cercul numelor"]


def test_every_word_must_match(library):
    assert _matches("stafeta mingea") == ["Stafeta cu mingea"]


def test_name_hit_ranks_above_body_hit(ranks):
    ActivityFactory(name="Jocul de-a mingea", description="Aruncăm.", rules="Simplu.")
    ActivityFactory(name="Aruncări", description="Un joc lung.", rules="La final se aduce mingea înapoi.")
    reindex()
    assert _matches("mingea") == ["Jocul de-a mingea", "Aruncări"]


def test_romanian_columns_are_searched(search_backend):
    ActivityFactory(name="Human knot", language="en", description="Tangle up.", name_ro="Nodul uman")
    reindex()
    assert _matches("nodul") == ["Human knot"]


def test_aliases_are_searched(search_backend):
    ActivityFactory(name="Zip zap", aliases=["Zip zap boing"], description="Pass the clap.")
    reindex()
    assert _matches("boing") == ["Zip zap"]


def test_search_composes_with_a_filtered_queryset(library):
    queryset = Activity.objects.filter(name__startswith="Ş")
    assert _matches("echipele", queryset) == ["Ştafeta cu apă"]


def test_search_returns_a_queryset_that_counts_and_slices(library):
    results = search(Activity.objects.all(), "echipele")
    assert results.count() == 2
    assert len(results.order_by("-rank")[:1]) == 1


def test_searched_queryset_works_as_a_subquery(library):
    matched = search(Activity.objects.all(), "echipele").values("pk")
    names = Activity.objects.filter(pk__in=matched).order_by("name").values_list("name", flat=True)
    assert list(names) == ["Stafeta cu mingea", "Ştafeta cu apă"]


def test_searched_queryset_can_be_filtered_afterwards(library):
    results = search(Activity.objects.all(), "echipele").filter(name__contains="apă")
    assert [activity.name for activity in results] == ["Ştafeta cu apă"]


def test_searched_queryset_groups_by_a_column(library):
    counts = search(Activity.objects.all(), "echipele").order_by().values("language").annotate(n=Count("pk"))
    assert list(counts) == [{"language": "ro", "n": 2}]


def test_rank_is_annotated(library, ranks):
    ranks = [activity.rank for activity in search(Activity.objects.all(), "stafeta")]
    assert all(rank > 0 for rank in ranks)


def test_query_without_words_matches_nothing(library):
    assert _matches("  ?! ") == []


def test_reindex_of_some_ids_indexes_their_new_text(library):
    activity = Activity.objects.get(name="Cercul numelor")
    Activity.objects.filter(pk=activity.pk).update(name_ro="Roata prenumelor")
    reindex([activity.pk])
    assert _matches("roata") == ["Cercul numelor"]


def test_reindex_drops_deleted_activities(library):
    activity = Activity.objects.get(name="Cercul numelor")
    activity_id = activity.pk
    activity.delete()
    reindex([activity_id])
    assert _matches("cercul") == []


def test_full_reindex_replaces_the_index(library):
    Activity.objects.filter(name="Cercul numelor").delete()
    ActivityFactory(name="Cercul magic", description="Magie.")
    reindex()
    assert _matches("cercul") == ["Cercul magic"]


def test_backend_matches_the_database_vendor():
    expected = {"sqlite": "sqlite-fts5", "postgresql": "postgresql"}[connection.vendor]
    assert backend().name == expected


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_query_never_raises(library, query):
    results = search(Activity.objects.all(), query)
    assert results.count() == len(list(results.order_by("-rank")))


def test_operator_words_are_searched_as_plain_words(search_backend):
    ActivityFactory(name="Near and far", language="en", description="Stand near the wall.")
    reindex()
    assert _matches("NEAR AND") == ["Near and far"]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN expression index exists on PostgreSQL only")
def test_postgres_search_uses_the_gin_index(full_text_library):
    from activities.search.postgres import INDEX_NAME

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = search(Activity.objects.all(), "stafeta").explain()
    assert INDEX_NAME in plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 side table exists on SQLite only")
def test_sqlite_search_drives_the_join_from_the_fts_table(full_text_library):
    plan = search(Activity.objects.filter(players_min__gte=1), "stafeta").explain()
    first_step, second_step = plan.splitlines()[:2]
    assert "SCAN activities_activity_search VIRTUAL TABLE" in first_step
    assert "SEARCH activities_activity USING" in second_step
