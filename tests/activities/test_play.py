"""The play signature: roles, formation and outcome read from game texts of any era."""

import pytest

from activities.normalize import fold
from activities.play import play_signature
from tests.activities.test_dedup import labelled


def signature(label_id: str) -> frozenset[str]:
    text = labelled(label_id).text
    return play_signature(text, fold(text))


def test_a_player_called_it_is_a_chaser():
    puss_in_corner = labelled("16599:e015493520")
    assert 'selected to be "It"' in puss_in_corner.text
    assert "role:chaser" in signature("16599:e015493520")


def test_a_blindfolded_player_is_read_from_the_text():
    assert "role:blind" in signature("08439:818")
    assert "role:blind" not in signature("24597:692")


@pytest.mark.parametrize("label_id", ["13022:cdcf366d37", "16599:84b75b89f7"])
def test_birds_fly_in_either_wording_has_flying_and_a_trap_for_the_careless(label_id):
    assert {"act:fly", "end:mistake"} <= signature(label_id)


def test_romanian_text_gives_features_too():
    assert {"form:corners", "act:chase"} <= signature("ro:47b4c12b74")


def test_a_phrase_is_not_read_as_its_single_words():
    text = "The other players take turns to sing."
    assert "end:takes_place" not in play_signature(text, fold(text))


def test_the_chased_player_named_as_prey_is_read():
    assert {"role:chaser", "role:prey"} <= signature("13022:a470be7bb8")


def test_a_ring_that_opens_for_one_player_and_closes_on_another_is_read():
    text = "The players raise their arms to let him under, but lower their arms when the cat comes."
    assert "form:gates" in play_signature(text, fold(text))


def test_a_word_is_not_read_inside_a_longer_one_it_starts():
    text = "They dance around, raising their arms at intervals."
    assert "obj:food" not in play_signature(text, fold(text))


def test_caught_out_is_a_mistake_that_puts_one_out_not_a_chase():
    text = "The last player to be caught out is the winner."
    assert "act:chase" not in play_signature(text, fold(text))
    assert "end:out" in play_signature(text, fold(text))


def test_running_over_seats_is_not_sitting():
    running = "The cat chases the rat in and out of the circle, among desks and over seats."
    sitting = "The mouse escapes by sitting in a seat."
    assert "form:seated" not in play_signature(running, fold(running))
    assert "form:seated" in play_signature(sitting, fold(sitting))
