"""Whole public pages are cached per library version and language: asked again they are not rendered again, a
write to the library serves fresh pages, staff are never served (nor stored) a cached page, and a client holding
a page's ETag is answered 304 until the library changes."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.page_cache import STATUS_HEADER
from tests.caching import local_memory_cache
from tests.factories import ActivityFactory, ActivitySourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    with local_memory_cache(settings, "pages"):
        yield


@pytest.fixture
def game():
    activity = ActivityFactory(name="Blind man's buff", language="en", name_ro="Baba oarba")
    ActivitySourceFactory(activity=activity)
    return activity


@pytest.fixture
def staff_client(client):
    client.force_login(User.objects.create_user("curator", password="x", is_staff=True))
    return client


@pytest.mark.parametrize("kind", ["listing", "search", "detail", "print", "api list", "api detail", "plan"])
def test_a_page_asked_again_is_served_from_the_cache_with_one_query(client, game, kind):
    address = {
        "listing": "/?players=6",
        "search": "/?q=baba",
        "detail": f"/activity/{game.pk}/",
        "print": f"/activity/{game.pk}/print/",
        "api list": "/api/activities/?players=6",
        "api detail": f"/api/activities/{game.pk}/",
        "plan": f"/plan/?games={game.pk}&players=6",
    }[kind]
    first = client.get(address)
    assert first[STATUS_HEADER] == "miss"
    with CaptureQueriesContext(connection) as captured:
        again = client.get(address)
    assert again[STATUS_HEADER] == "hit"
    assert again.content == first.content
    assert len(captured.captured_queries) == 1  # the library's version


def test_a_saved_activity_is_served_at_once(client, game):
    client.get(reverse("activities:detail", args=[game.pk]))
    game.name_ro = "Baba oarbă cu batista"
    game.save()
    response = client.get(reverse("activities:detail", args=[game.pk]))
    assert response[STATUS_HEADER] == "miss"
    assert "Baba oarbă cu batista" in response.text


def test_each_language_has_its_own_page(client, game):
    romanian = client.get("/")
    english = client.get("/en/")
    assert english[STATUS_HEADER] == "miss"
    assert '<html lang="ro">' in romanian.text
    assert '<html lang="en">' in english.text


def test_each_query_has_its_own_page(client, game):
    client.get("/", {"players": 4})
    assert client.get("/", {"players": 40})[STATUS_HEADER] == "miss"


def test_staff_are_not_served_a_cached_page(client, game):
    client.get("/")
    client.force_login(User.objects.create_user("curator", password="x", is_staff=True))
    assert client.get("/")[STATUS_HEADER] == "bypass"


def test_a_page_rendered_for_staff_is_not_stored(staff_client, game):
    staff_client.get("/")
    staff_client.logout()
    staff_client.cookies.clear()
    assert staff_client.get("/")[STATUS_HEADER] == "miss"


def test_public_pages_carry_no_csrf_token_or_cookie(client, game):
    response = client.get("/")
    assert "csrfmiddlewaretoken" not in response.text
    assert not response.cookies


def test_the_language_switch_links_to_the_same_page_in_the_other_language(client, game):
    text = client.get("/", {"players": 5}).text
    assert 'href="/en/?players=5" hreflang="en"' in text


def test_a_client_holding_the_page_is_answered_not_modified(client, game):
    etag = client.get("/")["ETag"]
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 304


def test_a_client_holding_a_page_of_an_older_library_gets_the_new_one(client, game):
    etag = client.get("/")["ETag"]
    game.name_ro = "Baba oarbă cu batista"
    game.save()
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Baba oarbă cu batista" in response.text


def test_api_pages_are_cached_with_their_host(client, game):
    client.get("/api/activities/", {"page_size": 1}, HTTP_HOST="localhost")
    response = client.get("/api/activities/", {"page_size": 1})
    assert response[STATUS_HEADER] == "miss"


def test_a_page_rendered_for_a_visitor_holding_a_csrf_cookie_is_stored(client, game):
    client.cookies["csrftoken"] = "a" * 32
    assert client.get("/")[STATUS_HEADER] == "miss"
    assert client.get("/")[STATUS_HEADER] == "hit"


def test_a_client_holding_a_page_of_the_previous_release_gets_the_new_one(client, game, settings):
    etag = client.get("/")["ETag"]
    settings.RELEASE = "next-release"
    assert client.get("/", headers={"If-None-Match": etag}).status_code == 200
