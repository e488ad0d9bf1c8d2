"""The public pages in real Chromium."""

import re

import pytest

from activities.search import reindex
from tests.browser import describe_the_group
from tests.factories import ActivityFactory, ActivitySourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def library():
    fits = ActivityFactory(
        name="Trenulețul numelor", players_min=10, players_max=30, duration_min=10, indoor_outdoor="indoor"
    )
    ActivityFactory(name="Ștafeta lungă", players_min=10, players_max=30, duration_min=40, indoor_outdoor="indoor")
    ActivityFactory(name="Leapșa pe teren", players_min=10, players_max=30, duration_min=10, indoor_outdoor="outdoor")
    ActivityFactory(name="Perechi", players_min=2, players_max=8, duration_min=10, indoor_outdoor="indoor")
    ActivityFactory(
        name="Sărituri în sac",
        description="Copiii sar în saci până la linie.",
        indoor_outdoor="both",
        players_min=6,
        players_max=40,
        duration_min=15,
    )
    translated = ActivityFactory(translated=True)
    ActivitySourceFactory(activity=translated, page=7, quote="Everyone grabs two hands.")
    reindex()
    return {"fits": fits, "translated": translated}


def _result_names(page) -> list[str]:
    return page.locator(".result h3").all_inner_texts()


def test_filter_by_players_time_and_indoor_shows_only_matching_games(live_server, page, library):
    page.goto(f"{live_server.url}/")
    describe_the_group(page, players=25, minutes=15, setting="În interior", button="Arată jocurile")
    page.wait_for_url("**players=25**")
    assert sorted(_result_names(page)) == ["Sărituri în sac", "Trenulețul numelor"]


def test_search_without_diacritics_finds_text_with_them(live_server, page, library):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Caută").fill("sarituri sac")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=sarituri**")
    assert _result_names(page) == ["Sărituri în sac"]
    assert page.locator(".result mark").first.inner_text() == "Sărituri"


def test_detail_page_expands_the_original_text(live_server, page, library):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Nodul uman").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nodul uman"
    original = page.locator("details.original")
    assert not original.get_by_text("Untangle the knot without letting go.").is_visible()
    original.locator("summary").click()
    assert original.get_by_text("Untangle the knot without letting go.").is_visible()


def test_print_view_hides_navigation(live_server, page, library):
    page.goto(f"{live_server.url}/activity/{library['translated'].pk}/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".toolbar").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    page.goto(f"{live_server.url}/activity/{library['translated'].pk}/print/")
    assert page.locator(".site-header").count() == 0
    assert page.get_by_text("Descâlciți nodul fără să vă dați drumul.").is_visible()


def test_print_card_fits_on_one_page(live_server, page, library):
    page.goto(f"{live_server.url}/activity/{library['translated'].pk}/print/")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_listing_fits_a_phone_screen(live_server, page, library):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    filters_box = page.locator("form.filters").bounding_box()
    results_box = page.locator("section.results").bounding_box()
    assert filters_box["y"] < results_box["y"]


def test_first_tab_reaches_the_skip_link(live_server, page, library):
    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0


def test_language_switch_shows_the_english_page(live_server, page, library):
    page.goto(f"{live_server.url}/?players=25")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/?players=25")
    assert page.get_by_role("heading", level=1).inner_text() == "Find a game for your group"


def test_print_button_prints_under_the_content_security_policy(live_server, page, library):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    page.add_init_script("window.printed = 0; window.print = () => { window.printed += 1; };")
    response = page.goto(f"{live_server.url}/activity/{library['translated'].pk}/print/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.get_by_role("button", name="Tipărește").click()
    assert page.evaluate("window.printed") == 1
    assert violations == []
