"""Every filter of the listing, through the selector the pages and the API use."""

import pytest

from activities import taxonomy
from activities.search import reindex
from activities.selectors import activity_list
from tests.factories import ActivityFactory, ActivitySourceFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _names(**filters) -> list[str]:
    return sorted(activity.name for activity in activity_list(filters=filters))


def test_no_filters_lists_everything():
    ActivityFactory(name="A")
    ActivityFactory(name="B")
    assert _names() == ["A", "B"]


def test_q_searches_text():
    ActivityFactory(name="Sărituri", description="Sărim.")
    ActivityFactory(name="Cercul", description="Stăm.")
    reindex()
    assert _names(q="sarituri") == ["Sărituri"]


def test_category_keeps_activities_in_any_chosen_category_once():
    ActivityFactory(name="Both", categories=["tag", "ball"])
    ActivityFactory(name="Tag", categories=["tag"])
    ActivityFactory(name="Trust", categories=["trust"])
    assert _names(category=["tag", "ball"]) == ["Both", "Tag"]


@pytest.mark.parametrize(
    ("age", "expected"),
    [(5, ["Open above", "Open below", "Small"]), (10, ["Open above", "Open below", "Teens"]), (30, ["Open above"])],
)
def test_age_keeps_ranges_that_include_it_with_open_ends(age, expected):
    ActivityFactory(name="Small", age_min=4, age_max=6)
    ActivityFactory(name="Teens", age_min=10, age_max=17)
    ActivityFactory(name="Open above", age_min=5)
    ActivityFactory(name="Open below", age_max=12)
    ActivityFactory(name="Unknown")
    assert _names(age=age) == expected


@pytest.mark.parametrize(
    ("players", "expected"),
    [(25, ["Big", "Open-ended"]), (4, ["Small", "Up to 10"]), (12, ["Big", "Open-ended"])],
)
def test_players_keeps_groups_whose_size_range_includes_n(players, expected):
    ActivityFactory(name="Small", players_min=2, players_max=6)
    ActivityFactory(name="Big", players_min=10, players_max=40)
    ActivityFactory(name="Open-ended", players_min=8)
    ActivityFactory(name="Up to 10", players_max=10)
    ActivityFactory(name="Unknown")
    assert _names(players=players) == expected


def test_time_keeps_games_whose_shortest_version_fits_and_excludes_unknown():
    ActivityFactory(name="Quick", duration_min=5, duration_max=10)
    ActivityFactory(name="Flexible", duration_min=10, duration_max=60)
    ActivityFactory(name="Long", duration_min=45)
    ActivityFactory(name="Max only", duration_max=15)
    ActivityFactory(name="Unknown")
    assert _names(time=15) == ["Flexible", "Max only", "Quick"]


def test_indoor_matches_indoor_and_both():
    ActivityFactory(name="In", indoor_outdoor="indoor")
    ActivityFactory(name="Out", indoor_outdoor="outdoor")
    ActivityFactory(name="Both", indoor_outdoor="both")
    ActivityFactory(name="Unknown")
    assert _names(setting="indoor") == ["Both", "In"]


def test_outdoor_matches_outdoor_and_both():
    ActivityFactory(name="In", indoor_outdoor="indoor")
    ActivityFactory(name="Out", indoor_outdoor="outdoor")
    ActivityFactory(name="Both", indoor_outdoor="both")
    assert _names(setting="outdoor") == ["Both", "Out"]


def test_space_keeps_that_space():
    ActivityFactory(name="Room", space="small-room")
    ActivityFactory(name="Field", space="open-field")
    assert _names(space="open-field") == ["Field"]


def test_no_materials_keeps_only_games_known_to_need_none():
    ActivityFactory(name="None needed", materials_needed=False)
    ActivityFactory(name="Ball", materials_needed=True, materials=["minge"])
    ActivityFactory(name="Unknown", materials_needed=None)
    assert _names(no_materials="true") == ["None needed"]


def test_unchecked_no_materials_does_not_filter():
    ActivityFactory(name="Ball", materials_needed=True)
    assert _names(no_materials="false") == ["Ball"]


def test_language_keeps_that_original_language():
    ActivityFactory(name="Ro", language="ro")
    ActivityFactory(name="En", language="en")
    assert _names(language="en") == ["En"]


def test_source_keeps_games_found_in_it():
    source = SourceFactory()
    ActivitySourceFactory(activity=ActivityFactory(name="In book"), source=source)
    ActivitySourceFactory(activity=ActivityFactory(name="Elsewhere"))
    assert _names(source=source.pk) == ["In book"]


def test_filters_combine():
    ActivityFactory(name="Fits", players_min=10, players_max=30, duration_min=10, indoor_outdoor="indoor")
    ActivityFactory(name="Too long", players_min=10, players_max=30, duration_min=30, indoor_outdoor="indoor")
    ActivityFactory(name="Outside", players_min=10, players_max=30, duration_min=10, indoor_outdoor="outdoor")
    ActivityFactory(name="Too few", players_min=2, players_max=8, duration_min=10, indoor_outdoor="indoor")
    assert _names(players=25, time=15, setting="indoor") == ["Fits"]


def test_search_combines_with_filters():
    ActivityFactory(name="Ştafeta mare", players_min=20, players_max=40)
    ActivityFactory(name="Ştafeta mică", players_min=4, players_max=8)
    reindex()
    assert _names(q="stafeta", players=25) == ["Ştafeta mare"]


@pytest.mark.parametrize(
    "filters",
    [{"players": "many"}, {"age": "-3"}, {"time": "1e9"}, {"category": "nope"}, {"setting": "moon"}, {"source": "x"}],
)
def test_invalid_values_are_ignored(filters):
    ActivityFactory(name="A")
    assert _names(**filters) == ["A"]


def test_only_stated_values_leaves_out_games_whose_value_in_use_is_estimated():
    ActivityFactory(name="Stated", indoor_outdoor="indoor")
    ActivityFactory(
        name="Guessed",
        indoor_outdoor="indoor",
        estimated_fields=["indoor_outdoor"],
        estimated_mask=taxonomy.field_mask(["indoor_outdoor"]),
    )
    assert _names(setting="indoor", stated_only="true") == ["Stated"]
    assert _names(setting="indoor") == ["Guessed", "Stated"]


def test_only_stated_values_ignores_estimates_of_filters_not_in_use():
    ActivityFactory(name="Guessed players", indoor_outdoor="indoor", players_min=5, estimated_mask=1)
    assert _names(setting="indoor", stated_only="true") == ["Guessed players"]
