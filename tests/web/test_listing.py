import pytest
from django.urls import reverse

from activities.search import reindex
from tests.factories import ActivityFactory, ActivitySourceFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/"


def _names(response) -> list[str]:
    return [activity.display_name for activity in response.context["page"]]


def test_listing_shows_the_romanian_name_when_present(client):
    ActivityFactory(name="Human knot", language="en", name_ro="Nodul uman")
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "Nodul uman" in response.text


def test_listing_shows_players_duration_setting_categories_and_source_count(client):
    ActivityFactory(
        name="Vânătoarea",
        players_min=10,
        players_max=30,
        duration_min=15,
        duration_max=20,
        indoor_outdoor="outdoor",
        source_count=3,
        categories=["tag"],
    )
    text = client.get(LIST_URL).text
    assert "10–30" in text
    assert "15–20 min" in text
    assert "În aer liber" in text
    assert "Prinsea / urmărire" in text
    assert "<dd>3</dd>" in text


def test_listing_is_in_english_under_en(client):
    ActivityFactory(indoor_outdoor="indoor")
    text = client.get("/en/").text
    assert '<html lang="en">' in text
    assert "Indoor" in text


def test_listing_is_in_romanian_by_default(client):
    text = client.get(LIST_URL).text
    assert '<html lang="ro">' in text


def test_listing_paginates_with_a_total_count(client):
    for number in range(25):
        ActivityFactory(name=f"Joc {number:02d}")
    response = client.get(LIST_URL, {"page": 2})
    assert response.context["page"].paginator.count == 25
    assert _names(response) == [f"Joc {number:02d}" for number in range(20, 25)]


def test_search_results_are_ordered_by_relevance(client):
    ActivityFactory(name="Aruncări", description="La final se aduce mingea.")
    ActivityFactory(name="Mingea otrăvită", description="Un joc.")
    reindex()
    assert _names(client.get(LIST_URL, {"q": "mingea"})) == ["Mingea otrăvită", "Aruncări"]


def test_listing_is_sorted_by_name_without_a_query(client):
    ActivityFactory(name="Zig zag")
    ActivityFactory(name="Albina")
    assert _names(client.get(LIST_URL)) == ["Albina", "Zig zag"]


def test_listing_sorts_a_translated_game_by_the_name_it_shows(client):
    ActivityFactory(name="Blind Man's Buff", language="en", name_ro="Baba-oarba")
    ActivityFactory(name="Albina")
    ActivityFactory(name="Ants in a Row", language="en", name_ro="Furnicile")
    assert _names(client.get(LIST_URL)) == ["Albina", "Baba-oarba", "Furnicile"]


def test_games_of_one_duration_follow_the_names_they_show(client):
    ActivityFactory(name="Zebra", language="en", name_ro="Albina", duration_min=10)
    ActivityFactory(name="Bear", language="en", duration_min=10)
    assert _names(client.get(LIST_URL, {"sort": "duration"})) == ["Albina", "Bear"]


def test_listing_can_be_sorted_by_duration_with_unknown_last(client):
    ActivityFactory(name="Lung", duration_min=40)
    ActivityFactory(name="Necunoscut")
    ActivityFactory(name="Scurt", duration_min=5)
    assert _names(client.get(LIST_URL, {"sort": "duration"})) == ["Scurt", "Lung", "Necunoscut"]


def test_empty_result_suggests_the_filter_to_drop(client):
    ActivityFactory(name="Cercul", players_min=5, players_max=10, indoor_outdoor="indoor")
    response = client.get(LIST_URL, {"players": 50, "setting": "indoor"})
    assert response.context["page"].paginator.count == 0
    relaxations = response.context["relaxations"]
    assert [(str(item["label"]), item["count"]) for item in relaxations] == [("Jucători", 1)]
    assert relaxations[0]["url"] == "?setting=indoor"


def test_invalid_filter_values_are_reported_not_a_500(client):
    ActivityFactory()
    response = client.get(LIST_URL, {"players": "many", "category": "nope", "page": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("query", ['"', "a AND", "NEAR(", "((", "*", "-", "🎲", "x" * 10_000])
def test_hostile_queries_render_a_page(client, query):
    ActivityFactory(name="Cercul")
    reindex()
    assert client.get(LIST_URL, {"q": query}).status_code == 200


def test_script_in_name_and_description_is_escaped_on_the_listing(client):
    ActivityFactory(name="<script>alert(1)</script> joc", description="<script>alert(2)</script> cerc")
    reindex()
    for params in ({}, {"q": "alert joc"}, {"q": "cerc"}):
        text = client.get(LIST_URL, params).text
        assert "<script>" not in text, params
        assert "&lt;script&gt;" in text, params


def test_matched_words_are_highlighted(client):
    ActivityFactory(name="Sărituri în sac")
    reindex()
    assert "<mark>Sărituri</mark> în sac" in client.get(LIST_URL, {"q": "sarituri"}).text


def test_listing_query_count_is_bounded(client, django_assert_max_num_queries):
    for _ in range(20):
        ActivitySourceFactory(activity=ActivityFactory(categories=["tag", "ball"], players_min=4, players_max=30))
    reindex()
    with django_assert_max_num_queries(7):
        response = client.get(LIST_URL, {"q": "joc", "players": 10})
    assert len(response.context["page"]) == 20


def test_language_switch_keeps_the_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/?players=5"})
    assert response.status_code == 302
    assert response.url == "/en/?players=5"


@pytest.mark.parametrize("page", ["3", "461168601842738792", "9" * 40])
def test_a_search_page_beyond_the_last_shows_the_last_page(client, page):
    for number in range(25):
        ActivityFactory(name=f"Cat {number:02d}", description="The cat chases the mouse.")
    reindex()
    response = client.get(LIST_URL, {"q": "cat", "page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert len(_names(response)) == 5
