"""A book's context: what its manifest entry states, completed by what its title says."""

from activities.book_context import book_context


def test_a_title_of_indoor_games_gives_the_setting():
    assert book_context(stated={}, title="My Book of Indoor Games") == {"indoor_outdoor": "indoor"}


def test_a_title_for_little_children_gives_their_ages():
    assert book_context(stated={}, title="Games for Little Children") == {"age_min": 3, "age_max": 6}


def test_the_manifest_wins_over_the_title_a_field_group_at_a_time():
    stated = {"indoor_outdoor": "both", "age_min": 5, "age_max": 7}
    assert book_context(stated=stated, title="Indoor Games for Little Children") == stated


def test_a_title_that_says_nothing_gives_nothing():
    assert book_context(stated={}, title="Fun for the Household") == {}
