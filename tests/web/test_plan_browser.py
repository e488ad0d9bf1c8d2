"""The session planner in real Chromium: build a plan from the listing, see conflicts, reorder, take a
suggestion, print, and find the last plan again."""

import re

import pytest

from activities.search import reindex
from tests.browser import describe_the_group
from tests.factories import plan_game

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def library():
    games = {
        "names": plan_game("Trenulețul numelor", space="small-room", categories=["energizer"]),
        "chase": plan_game("Leapșa pe teren", setting="outdoor", categories=["tag"]),
        "story": plan_game(
            "Povestea în lanț", players=(5, 40), minutes=(10, 15), space="small-room", categories=["reflection"]
        ),
    }
    reindex()
    return games


def plan_names(page) -> list[str]:
    return page.locator(".plan-game h3").all_inner_texts()


def open_plan(page, live_server, *games, extra="&players=25&minutes=45&setting=indoor"):
    ids = ",".join(str(game.pk) for game in games)
    page.goto(f"{live_server.url}/plan/?games={ids}{extra}")


def test_build_a_plan_for_the_group_from_the_listing(live_server, page, library):
    page.goto(f"{live_server.url}/plan/")
    describe_the_group(page, players=25, minutes=45, setting="În interior", button="Verifică planul")
    page.wait_for_url("**players=25**")
    page.get_by_role("link", name="Adaugă jocuri din bibliotecă").click()
    page.wait_for_url(re.compile(r"/\?.*time=45"))
    assert page.get_by_label("Jucători").input_value() == "25"
    page.get_by_role("button", name="Adaugă „Trenulețul numelor” în plan").click()
    page.wait_for_url(re.compile(r"/plan/\?games="))
    assert plan_names(page) == ["Trenulețul numelor"]
    assert re.search(r"players=25&minutes=45&setting=indoor", page.url)


def test_adding_an_outdoor_game_to_an_indoor_plan_shows_the_conflict(live_server, page, library):
    open_plan(page, live_server, library["names"])
    page.get_by_role("link", name="Adaugă jocuri din bibliotecă").click()
    page.get_by_role("radio", name="Oricare").first.check()
    page.get_by_role("button", name="Arată jocurile").click()
    page.get_by_role("button", name="Adaugă „Leapșa pe teren” în plan").click()
    page.wait_for_url(re.compile(r"/plan/\?games=\d+,\d+"))
    chase = page.locator(".plan-game", has_text="Leapșa pe teren")
    assert chase.locator(".check-conflict").inner_text().startswith("Conflict:")
    assert "În aer liber" in chase.locator(".check-conflict").inner_text()


def test_move_up_reorders_the_plan(live_server, page, library):
    open_plan(page, live_server, library["names"], library["story"])
    page.get_by_role("button", name="Mută „Povestea în lanț” mai sus").click()
    page.wait_for_url(f"**games={library['story'].pk},{library['names'].pk}**")
    assert plan_names(page) == ["Povestea în lanț", "Trenulețul numelor"]


def test_dragging_a_game_reorders_the_plan(live_server, page, library):
    open_plan(page, live_server, library["names"], library["story"])
    page.locator(".plan-game", has_text="Povestea în lanț").drag_to(
        page.locator(".plan-game", has_text="Trenulețul numelor"), target_position={"x": 20, "y": 5}
    )
    page.wait_for_url(f"**games={library['story'].pk},{library['names'].pk}**")
    assert plan_names(page) == ["Povestea în lanț", "Trenulețul numelor"]


def test_accepting_a_suggestion_adds_it_to_the_plan(live_server, page, library):
    open_plan(page, live_server, library["names"])
    suggestions = page.locator(".suggestions")
    assert "Leapșa pe teren" not in suggestions.inner_text()
    suggestions.get_by_role("button", name="Adaugă „Povestea în lanț” în plan").click()
    page.wait_for_url(f"**games={library['names'].pk},{library['story'].pk}**")
    assert plan_names(page) == ["Trenulețul numelor", "Povestea în lanț"]


def test_print_pack_has_the_timetable_and_a_card_per_game(live_server, page, library):
    open_plan(page, live_server, library["names"], library["story"])
    page.get_by_role("link", name="Tipărește pachetul sesiunii").click()
    assert page.get_by_role("heading", level=1, name="Pachetul sesiunii").is_visible()
    assert page.locator(".timetable-table tbody tr").count() == 2
    assert page.locator(".pack-card h1").all_inner_texts() == ["Trenulețul numelor", "Povestea în lanț"]
    page.emulate_media(media="print")
    assert not page.locator(".toolbar").is_visible()


def test_the_browser_remembers_the_last_plan(live_server, page, library):
    open_plan(page, live_server, library["names"])
    page.goto(f"{live_server.url}/activity/{library['story'].pk}/")
    page.get_by_role("button", name="Adaugă „Povestea în lanț” în plan").click()
    page.wait_for_url(f"**games={library['names'].pk},{library['story'].pk}**")
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("link", name="Continuă ultimul plan").click()
    assert plan_names(page) == ["Trenulețul numelor", "Povestea în lanț"]


def test_english_plan_page_flags_a_session_ending_on_a_chase(live_server, page, library):
    page.goto(f"{live_server.url}/en/plan/?games={library['names'].pk},{library['chase'].pk}&minutes=45")
    assert "ends on a chase" in page.locator(".session-checks").inner_text()


def test_buttons_work_without_javascript(live_server, chromium, library):
    context = chromium.new_context(locale="ro-RO", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    open_plan(page, live_server, library["names"], library["story"])
    page.get_by_role("button", name="Mută „Povestea în lanț” mai sus").click()
    page.wait_for_url(f"**games={library['story'].pk},{library['names'].pk}&**")
    page.get_by_role("button", name="Scoate „Trenulețul numelor” din plan").click()
    page.wait_for_url(f"**games={library['story'].pk}&**")
    assert plan_names(page) == ["Povestea în lanț"]
    context.close()
