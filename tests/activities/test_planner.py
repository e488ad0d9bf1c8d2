"""The session planner's domain: reading a plan from a query string, each check, totals, suggestions."""

import pytest
from django.http import QueryDict

from activities import planner, taxonomy
from activities.models import Activity
from activities.search import reindex
from tests.factories import ActivityFactory, plan_game


def game(**values) -> Activity:
    """An unsaved activity: the checks read only its fields."""
    values.setdefault("name", "Joc")
    return Activity(**values)


def parse(query: str) -> planner.Plan:
    return planner.parse_plan(QueryDict(query))


# Reading the query string


def test_parse_reads_games_in_order_and_the_group():
    plan = parse("games=3,1,2&players=25&age=12&minutes=45&setting=indoor&space=small-room&transition=3")
    assert plan.games == (3, 1, 2)
    assert (plan.players, plan.age, plan.minutes, plan.setting, plan.space, plan.transition) == (
        25,
        12,
        45,
        "indoor",
        "small-room",
        3,
    )
    assert plan.ignored == ()


def test_parse_reads_a_form_s_game_fields_after_the_games_list():
    assert parse("games=5,6&game=7&game=5").games == (5, 6, 7)


def test_form_fields_give_one_game_field_per_game():
    fields = planner.Plan(games=(3, 1), players=25).form_fields()
    assert fields == [("game", "3"), ("game", "1"), ("players", "25")]


def test_parse_accepts_the_first_word_of_a_space():
    assert parse("space=small").space == "small-room"


def test_parse_keeps_a_repeated_id_once():
    assert parse("games=4,4,2,4").games == (4, 2)


def test_parse_drops_negative_zero_and_non_numeric_ids_and_says_so():
    plan = parse("games=-3,0,abc,7,1e3,%C2%B2,8")
    assert plan.games == (7, 8)
    assert plan.ignored == ("games",)


def test_parse_drops_ids_beyond_a_64_bit_integer():
    assert parse(f"games={'9' * 40},5").games == (5,)


def test_parse_caps_a_huge_list_of_ids():
    plan = parse("games=" + ",".join(str(number) for number in range(1, 100_001)))
    assert plan.games == tuple(range(1, planner.MAX_GAMES + 1))
    assert plan.capped


def test_parse_ignores_numbers_out_of_range_or_not_numbers():
    plan = parse("players=-5&age=500&minutes=abc&transition=99999")
    assert (plan.players, plan.age, plan.minutes, plan.transition) == (None, None, None, planner.DEFAULT_TRANSITION)
    assert set(plan.ignored) == {"players", "age", "minutes", "transition"}


def test_parse_ignores_an_unknown_setting_and_space():
    plan = parse("setting=underwater&space=<script>")
    assert (plan.setting, plan.space) == ("", "")
    assert set(plan.ignored) == {"setting", "space"}


def test_parse_reads_an_empty_query_as_an_empty_plan():
    assert parse("") == planner.Plan()


def test_query_round_trips_through_parse():
    plan = parse("games=3,1&players=25&minutes=45&setting=outdoor&space=open-field&transition=0")
    assert parse(plan.query()) == plan
    assert plan.query().startswith("games=3,1&")


def test_moving_a_game_up_and_down_stops_at_the_ends():
    plan = planner.Plan(games=(1, 2, 3))
    assert plan.moved(3, -1).games == (1, 3, 2)
    assert plan.moved(1, -1).games == (1, 2, 3)
    assert plan.moved(1, 1).games == (2, 1, 3)
    assert plan.moved(3, 1).games == (1, 2, 3)


def test_adding_a_game_already_in_the_plan_changes_nothing():
    assert planner.Plan(games=(1, 2)).with_game(2).games == (1, 2)


def test_adding_to_a_full_plan_changes_nothing():
    full = planner.Plan(games=tuple(range(1, planner.MAX_GAMES + 1)))
    assert full.with_game(999).games == full.games


def test_removing_a_game_keeps_the_others_in_order():
    assert planner.Plan(games=(1, 2, 3)).without_game(2).games == (1, 3)


# Players and ages


def test_players_inside_the_range_fit():
    assert planner.check_players(game(players_min=10, players_max=30), 25).status == planner.OK


def test_too_many_players_is_a_conflict():
    check = planner.check_players(game(players_min=2, players_max=8), 25)
    assert check.status == planner.CONFLICT
    assert "8" in check.message


def test_too_few_players_is_a_conflict():
    assert planner.check_players(game(players_min=30, players_max=60), 25).status == planner.CONFLICT


def test_an_open_ended_players_range_fits_a_large_group():
    assert planner.check_players(game(players_min=10), 400).status == planner.OK


def test_a_players_range_with_only_a_maximum_fits_a_small_group():
    assert planner.check_players(game(players_max=12), 3).status == planner.OK


def test_unknown_players_are_unknown_not_a_conflict():
    assert planner.check_players(game(), 25).status == planner.UNKNOWN


def test_an_age_below_the_minimum_is_a_conflict():
    assert planner.check_age(game(age_min=14), 12).status == planner.CONFLICT


def test_an_age_above_the_maximum_is_a_conflict():
    assert planner.check_age(game(age_min=6, age_max=10), 12).status == planner.CONFLICT


def test_an_open_ended_age_range_fits_an_adult():
    assert planner.check_age(game(age_min=8), 40).status == planner.OK


def test_unknown_age_is_unknown():
    assert planner.check_age(game(), 12).status == planner.UNKNOWN


def test_a_check_on_an_estimated_value_says_so():
    estimated = game(players_min=10, players_max=30, filter_origins={"players_min": {"origin": "estimated"}})
    assert planner.check_players(estimated, 25).estimated


def test_a_conflict_on_a_stated_end_is_not_marked_estimated():
    mixed = game(
        players_min=2,
        players_max=8,
        filter_origins={"players_min": {"origin": "estimated"}, "players_max": {"origin": "stated"}},
    )
    assert not planner.check_players(mixed, 25).estimated


# The room


def test_an_outdoor_game_in_an_indoor_session_is_a_conflict():
    assert planner.check_setting(game(indoor_outdoor="outdoor"), "indoor").status == planner.CONFLICT


def test_a_game_for_either_setting_fits_indoors_and_outdoors():
    both = game(indoor_outdoor="both")
    assert planner.check_setting(both, "indoor").status == planner.OK
    assert planner.check_setting(both, "outdoor").status == planner.OK


def test_an_unknown_setting_is_unknown():
    assert planner.check_setting(game(), "indoor").status == planner.UNKNOWN


def test_a_game_needing_a_larger_space_than_the_room_is_a_conflict():
    assert planner.check_space(game(space="open-field"), "small-room").status == planner.CONFLICT


def test_a_game_for_a_small_room_fits_a_large_room():
    assert planner.check_space(game(space="small-room"), "large-room").status == planner.OK


def test_an_unknown_space_is_unknown():
    assert planner.check_space(game(), "small-room").status == planner.UNKNOWN


# Duration


def test_a_game_longer_than_the_whole_session_is_a_conflict():
    assert planner.check_game_duration(game(duration_min=60, duration_max=90), 45).status == planner.CONFLICT


def test_a_game_whose_shortest_version_fits_is_fine():
    assert planner.check_game_duration(game(duration_min=20, duration_max=60), 45).status == planner.OK


def test_an_unknown_duration_is_unknown():
    assert planner.check_game_duration(game(), 45).status == planner.UNKNOWN


def test_total_over_the_minutes_is_a_conflict():
    checks = planner.check_total(planner.Plan(games=(1,), minutes=45), 50, 60, [])
    assert [check.status for check in checks] == [planner.CONFLICT]


def test_total_whose_longest_version_runs_over_is_a_warning():
    checks = planner.check_total(planner.Plan(games=(1,), minutes=45), 30, 60, [])
    assert [check.status for check in checks] == [planner.WARNING]


def test_total_with_an_open_ended_game_may_run_over():
    checks = planner.check_total(planner.Plan(games=(1,), minutes=45), 30, None, [])
    assert [check.status for check in checks] == [planner.WARNING]


def test_total_within_the_minutes_raises_nothing():
    assert planner.check_total(planner.Plan(games=(1,), minutes=45), 30, 40, []) == []


def test_total_names_the_games_of_unknown_duration():
    checks = planner.check_total(planner.Plan(games=(1, 2), minutes=45), 10, 10, ["Leapșa"])
    assert [check.status for check in checks] == [planner.UNKNOWN]
    assert "Leapșa" in checks[0].message


# Energy line


def with_categories(*codes: str, **values) -> Activity:
    return game(category_mask=taxonomy.category_mask(codes), **values)


def test_energy_reads_lively_quiet_mixed_steady_and_unknown_from_categories():
    assert planner.energy_of(with_categories("energizer")) == "lively"
    assert planner.energy_of(with_categories("reflection")) == "quiet"
    assert planner.energy_of(with_categories("tag", "party")) == "mixed"
    assert planner.energy_of(with_categories("word")) == "steady"
    assert planner.energy_of(with_categories()) == "unknown"


def test_a_session_opening_on_a_quiet_game_starts_cold():
    checks = planner.check_energy_line([with_categories("party", name="Liniște"), with_categories("energizer")])
    assert [check.status for check in checks] == [planner.WARNING]
    assert "Liniște" in checks[0].message


def test_a_session_ending_on_a_chase_is_flagged():
    checks = planner.check_energy_line([with_categories("energizer"), with_categories("tag", name="Leapșa")])
    assert len(checks) == 1
    assert "Leapșa" in checks[0].message


def test_a_warm_start_and_a_calm_end_raise_nothing():
    assert planner.check_energy_line([with_categories("energizer"), with_categories("reflection")]) == []


def test_games_without_categories_raise_no_energy_flag():
    assert planner.check_energy_line([with_categories(), with_categories()]) == []


# Materials


def test_materials_are_merged_once_with_the_games_that_need_them():
    materials, unknown = planner.merged_materials(
        [
            game(name="A", materials=["Minge", "cretă"]),
            game(name="B", materials=["minge"]),
            game(name="C", materials=[], materials_needed=False),
        ]
    )
    assert [(item.name, item.games) for item in materials] == [("cretă", ("A",)), ("Minge", ("A", "B"))]
    assert unknown == ()


def test_materials_of_a_game_that_does_not_say_are_unknown():
    _materials, unknown = planner.merged_materials([game(name="Fără date")])
    assert unknown == ("Fără date",)


# The whole plan


@pytest.mark.django_db
def test_check_plan_lists_unpublished_ids_as_missing():
    kept = ActivityFactory()
    checked = planner.check_plan(planner.Plan(games=(kept.pk, kept.pk + 1000)))
    assert [planned.activity.pk for planned in checked.games] == [kept.pk]
    assert checked.missing == (kept.pk + 1000,)


@pytest.mark.django_db
def test_check_plan_sums_durations_and_transitions_into_a_timetable():
    first = ActivityFactory(duration_min=10, duration_max=15)
    second = ActivityFactory(duration_min=20, duration_max=20)
    checked = planner.check_plan(planner.Plan(games=(first.pk, second.pk), minutes=45, transition=5))
    assert (checked.total_low, checked.total_high) == (35, 40)
    assert [(planned.start, planned.end) for planned in checked.games] == [(0, 15), (20, 40)]
    assert checked.remaining == 0


@pytest.mark.django_db
def test_check_plan_leaves_the_time_after_the_longest_versions_for_more_games():
    only = ActivityFactory(duration_min=10, duration_max=15)
    checked = planner.check_plan(planner.Plan(games=(only.pk,), minutes=45, transition=5))
    assert checked.remaining == 25


@pytest.mark.django_db
def test_check_plan_collects_conflicts_with_the_game_they_concern():
    outdoor = ActivityFactory(indoor_outdoor="outdoor", duration_min=10, duration_max=10)
    checked = planner.check_plan(planner.Plan(games=(outdoor.pk,), setting="indoor"))
    assert [(item["game"], item["check"]) for item in checked.conflicts] == [(outdoor.pk, "setting")]


@pytest.mark.django_db
def test_plan_to_dict_carries_totals_conflicts_and_missing():
    outdoor = ActivityFactory(indoor_outdoor="outdoor", duration_min=10, duration_max=20)
    body = planner.plan_to_dict(
        planner.check_plan(planner.Plan(games=(outdoor.pk, 99_999), minutes=45, setting="indoor"))
    )
    assert body["total"] == {"min": 10, "max": 20, "transitions": 0, "unknown": []}
    assert body["missing"] == [99_999]
    assert body["conflicts"][0]["check"] == "setting"
    assert body["remaining"] == 20


# Suggestions


@pytest.fixture
def library():
    return {
        "in_plan": plan_game("În plan", setting="", players=(5, 30)),
        "fits": plan_game("Potrivit", players=(5, 30), minutes=(10, 15), space="small-room"),
        "too_long": plan_game("Prea lung", players=(5, 30), minutes=(20, 60)),
        "outdoor": plan_game("Afară", setting="outdoor", players=(5, 30), minutes=(5, 5)),
        "few_players": plan_game("Perechi", players=(2, 4), minutes=(5, 5)),
        "big_space": plan_game("Teren", players=(5, 30), minutes=(5, 5), space="large-room"),
        "unknown_players": plan_game("Necunoscut", players=(None, None), minutes=(5, 5)),
    }


def suggested(plan: planner.Plan) -> list[str]:
    return [summary.name for summary in planner.suggestions(planner.check_plan(plan))]


@pytest.mark.django_db
def test_suggestions_fit_every_constraint_in_the_remaining_time(library):
    plan = planner.Plan(
        games=(library["in_plan"].pk,), players=25, minutes=45, setting="indoor", space="small-room", transition=5
    )
    assert suggested(plan) == ["Potrivit"]


@pytest.mark.django_db
def test_suggestions_accept_a_larger_room_for_a_smaller_space(library):
    plan = planner.Plan(games=(library["in_plan"].pk,), players=25, minutes=45, setting="indoor", space="large-room")
    assert suggested(plan) == ["Potrivit", "Teren"]


@pytest.mark.django_db
def test_suggestions_use_the_listing_search(library):
    reindex()
    plan = planner.Plan(players=25, minutes=45, setting="indoor", q="teren")
    assert suggested(plan) == ["Teren"]


@pytest.mark.django_db
def test_no_suggestions_when_no_time_is_left(library):
    plan = planner.Plan(games=(library["too_long"].pk,), minutes=60)
    assert suggested(plan) == []
