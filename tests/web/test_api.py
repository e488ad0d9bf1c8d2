import pytest
from django.urls import reverse

from activities.export import activity_to_dict
from activities.models import Activity
from activities.search import reindex
from tests.factories import ActivityFactory, ActivitySourceFactory

pytestmark = pytest.mark.django_db

API_LIST = "/api/activities/"


def test_api_lists_with_count_next_previous_results(client):
    for number in range(3):
        ActivityFactory(name=f"Joc {number}")
    body = client.get(API_LIST, {"page_size": 2}).json()
    assert body["count"] == 3
    assert body["previous"] is None
    assert body["next"].endswith("/api/activities/?page_size=2&page=2")
    assert [item["name"] for item in body["results"]] == ["Joc 0", "Joc 1"]


def test_api_second_page_links_back(client):
    for number in range(3):
        ActivityFactory(name=f"Joc {number}")
    body = client.get(API_LIST, {"page_size": 2, "page": 2}).json()
    assert body["next"] is None
    assert body["previous"].endswith("page=1")
    assert [item["name"] for item in body["results"]] == ["Joc 2"]


def test_api_applies_the_listing_filters_and_search(client):
    ActivityFactory(name="Ştafeta mare", players_min=20, players_max=40, indoor_outdoor="outdoor")
    ActivityFactory(name="Ştafeta mică", players_min=4, players_max=8, indoor_outdoor="outdoor")
    ActivityFactory(name="Cercul", players_min=20, players_max=40, indoor_outdoor="indoor")
    reindex()
    body = client.get(API_LIST, {"q": "stafeta", "players": 25, "setting": "outdoor"}).json()
    assert [item["name"] for item in body["results"]] == ["Ştafeta mare"]


def test_api_detail_has_the_export_fields(client):
    activity = ActivityFactory(name="Zip zap", estimated_fields=["players_min"], players_min=5, categories=["circle"])
    ActivitySourceFactory(activity=activity, page=4, quote="Zip!")
    body = client.get(reverse("activities:api-detail", args=[activity.pk])).json()
    expected = activity_to_dict(Activity.objects.prefetch_related("categories", "sources__source").get(pk=activity.pk))
    assert body == expected
    assert body["filters"]["players_min"] == {"value": 5, "origin": "estimated", "evidence": ""}
    assert body["sources"][0]["quote"] == "Zip!"


def test_api_detail_of_unknown_id_is_404_json(client):
    response = client.get(reverse("activities:api-detail", args=[999999]))
    assert response.status_code == 404
    assert "errors" in response.json()


def test_api_rejects_invalid_filters_with_400(client):
    response = client.get(API_LIST, {"players": "many"})
    assert response.status_code == 400
    assert "players" in response.json()["errors"]


def test_api_out_of_range_page_is_404(client):
    assert client.get(API_LIST, {"page": 99}).status_code == 404


def test_api_caps_the_page_size(client):
    for _ in range(3):
        ActivityFactory()
    assert len(client.get(API_LIST, {"page_size": 100_000}).json()["results"]) == 3


def test_api_is_read_only(client):
    assert client.post(API_LIST, {}).status_code == 405
    assert client.delete(API_LIST).status_code == 405


@pytest.mark.parametrize("query", ['"', "NEAR(", "a AND", "🎲", "x" * 10_000])
def test_api_survives_hostile_queries(client, query):
    ActivityFactory(name="Cercul")
    reindex()
    assert client.get(API_LIST, {"q": query}).status_code == 200


def test_api_query_count_does_not_grow_with_the_page(client, django_assert_max_num_queries):
    for _ in range(20):
        ActivitySourceFactory(activity=ActivityFactory(categories=["tag"]))
    with django_assert_max_num_queries(5):
        client.get(API_LIST, {"page_size": 20})


@pytest.mark.parametrize("page", ["2", "461168601842738792", "9" * 40])
def test_api_search_page_beyond_the_last_is_404(client, page):
    ActivityFactory(name="Cat", description="The cat chases the mouse.")
    reindex()
    assert client.get(API_LIST, {"q": "cat", "page": page}).status_code == 404
