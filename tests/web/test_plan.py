"""The planner's pages: the plan, its print pack, its JSON, and "Add to plan" on the listing and detail page."""

import html
import re

import pytest

from tests.factories import plan_game

pytestmark = pytest.mark.django_db


@pytest.fixture
def games():
    return {
        "indoor": plan_game("Trenulețul numelor", minutes=(10, 15), materials=["minge"], materials_needed=True),
        "outdoor": plan_game("Leapșa pe teren", setting="outdoor"),
    }


def test_plan_page_shows_the_games_in_the_order_of_the_url(client, games):
    response = client.get(
        "/plan/", {"games": f"{games['outdoor'].pk},{games['indoor'].pk}", "minutes": 45}, follow=True
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Leapșa pe teren") < content.index("Trenulețul numelor")


@pytest.mark.parametrize(
    "query",
    [
        "games=999999,-1,abc,,,7.5&players=-4&age=x&minutes=1e9&setting=moon&space=%00",
        "games=" + ",".join(["1"] * 5000),
        "games=" + "9" * 300,
        "games[]=1&players[]=2",
    ],
)
def test_plan_page_answers_hostile_query_strings_without_an_error(client, games, query):
    assert client.get(f"/plan/?{query}", follow=True).status_code == 200
    assert client.get(f"/api/plan/?{query}").status_code == 200
    assert client.get(f"/plan/print/?{query}").status_code == 200


def test_plan_page_lists_unknown_ids_as_missing(client, games):
    response = client.get("/plan/", {"games": f"{games['indoor'].pk},424242"}, follow=True)
    assert "424242" in response.content.decode()
    assert response.context["checked"].missing == (424242,)


def test_plan_page_offers_move_and_remove_buttons_that_change_only_the_order(client, games):
    first, second = games["indoor"].pk, games["outdoor"].pk
    rows = client.get("/plan/", {"games": f"{first},{second}", "players": 25}, follow=True).context["rows"]
    assert rows[0]["up"] is None
    assert rows[0]["down"].query() == f"games={second},{first}&players=25"
    assert rows[1]["without"].query() == f"games={first}&players=25"


def test_a_button_s_game_fields_redirect_to_the_plan_s_own_address(client, games):
    response = client.get(f"/plan/?game={games['indoor'].pk}&game={games['outdoor'].pk}&players=25&transition=5")
    assert response.status_code == 302
    assert response.url == f"/plan/?games={games['indoor'].pk},{games['outdoor'].pk}&players=25"


def test_the_plan_s_own_address_does_not_redirect_however_its_commas_are_encoded(client, games):
    response = client.get(f"/plan/?games={games['indoor'].pk}%2C{games['outdoor'].pk}&players=25")
    assert response.status_code == 200


def test_an_address_with_ignored_values_is_kept_so_the_page_can_report_them(client, games):
    response = client.get("/plan/?games=abc&players=-1")
    assert response.status_code == 200
    assert response.context["plan"].ignored == ("games", "players")


def test_plan_page_shows_the_conflict_of_an_outdoor_game_indoors(client, games):
    response = client.get("/plan/", {"games": games["outdoor"].pk, "setting": "indoor"}, follow=True)
    assert "check-conflict" in response.content.decode()


def test_plan_page_suggests_games_that_fill_the_time_with_links_that_add_them(client, games):
    response = client.get("/plan/", {"games": games["outdoor"].pk, "players": 25, "minutes": 45}, follow=True)
    suggestions = response.context["suggestions"]
    assert [item["activity"].name for item in suggestions] == ["Trenulețul numelor"]
    assert suggestions[0]["add"].query() == f"games={games['outdoor'].pk},{games['indoor'].pk}&players=25&minutes=45"


def test_english_plan_page_is_in_english(client, games):
    response = client.get("/en/plan/", {"games": games["outdoor"].pk, "setting": "indoor"}, follow=True)
    assert "Plan a session" in response.content.decode()


def test_romanian_plan_page_is_in_romanian(client, games):
    response = client.get("/plan/", {"games": games["outdoor"].pk, "setting": "indoor"}, follow=True)
    assert "Planifică o sesiune" in response.content.decode()


def test_print_pack_has_the_timetable_the_materials_and_a_card_per_game(client, games):
    response = client.get("/plan/print/", {"games": f"{games['indoor'].pk},{games['outdoor'].pk}"})
    content = response.content.decode()
    assert content.count('class="activity print-card pack-card"') == 2
    assert "timetable-table" in content
    assert "minge" in content


def test_print_pack_leads_back_to_the_same_plan(client, games):
    plan = f"games={games['indoor'].pk},{games['outdoor'].pk}&minutes=45"
    response = client.get(f"/plan/print/?{plan}")
    back = re.search(r'<p class="toolbar no-print">\s*<a href="([^"]*)"', response.content.decode()).group(1)
    assert html.unescape(back) == f"/plan/?{plan}"


def test_api_returns_the_checked_plan(client, games):
    body = client.get(
        "/api/plan/", {"games": f"{games['indoor'].pk},{games['outdoor'].pk},77777", "minutes": 45, "setting": "indoor"}
    ).json()
    assert [item["id"] for item in body["games"]] == [games["indoor"].pk, games["outdoor"].pk]
    assert body["missing"] == [77777]
    assert body["total"] == {"min": 25, "max": 30, "transitions": 5, "unknown": []}
    assert [(item["game"], item["check"]) for item in body["conflicts"]] == [(games["outdoor"].pk, "setting")]
    assert body["materials"] == [{"name": "minge", "games": ["Trenulețul numelor"]}]


def test_listing_opened_from_a_plan_adds_to_that_plan(client, games):
    response = client.get("/", {"players": 25, "plan": f"games={games['indoor'].pk}&players=25"})
    content = response.content.decode()
    assert (
        f'<input type="hidden" name="game" value="{games["indoor"].pk}">'
        f'<input type="hidden" name="game" value="{games["outdoor"].pk}">'
    ) in content
    assert 'name="plan"' in content


def test_listing_marks_a_game_already_in_the_plan(client, games):
    response = client.get("/", {"plan": f"games={games['indoor'].pk}"})
    assert "in-plan" in response.content.decode()


def test_detail_page_without_a_plan_starts_one_with_the_game(client, games):
    response = client.get(f"/activity/{games['indoor'].pk}/")
    assert f'<input type="hidden" name="game" value="{games["indoor"].pk}">' in response.content.decode()


def test_pages_carry_no_inline_script_or_style(client, games):
    query = {"games": f"{games['indoor'].pk},{games['outdoor'].pk}", "minutes": 45, "setting": "indoor"}
    for url in ("/plan/", "/plan/print/"):
        content = client.get(url, query).content.decode()
        assert "<script>" not in content
        assert " style=" not in content
        assert " onclick=" not in content
