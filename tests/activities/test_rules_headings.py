"""What a line is: title, separator or text; and how titles are compared."""

import pytest

from activities.extraction import headings


def classify(line: str, **kwargs) -> str | None:
    return headings.classify(line, **{"blank_before": True, "blank_after": True, "previous": "", **kwargs})


@pytest.mark.parametrize(
    "line",
    [
        "CAT AND MOUSE.",
        "A RUNNING MAZE",
        '"BIRDS FLY."',
        "42. _PUSS IN THE CORNER_",
        "42. PUSS IN THE CORNER",
        "III. Ineluș învîrtecuș",
        "Cat and Mouse",
        "=FORFEITS=",
        "IT.",
    ],
)
def test_titles(line):
    assert classify(line) == "title"


@pytest.mark.parametrize(
    "line",
    [
        "  Acting Proverbs 37",
        "  1. LAYING THE BREAKFAST-TABLE            1",
        "1. SPREAD the cloth--this is the way,",
        "The players form a ring and hold hands.",
        "|        Garden        |",
        "Lysander, }",
        "Oh, who would not be a farmer lad,",
    ],
)
def test_not_titles(line):
    assert classify(line) is None


@pytest.mark.parametrize("line", ["       *       *       *       *       *", "* * *", "-----"])
def test_separators(line):
    assert classify(line) == "separator"


def test_caps_title_in_pdf_text_needs_a_finished_sentence_above():
    assert classify("WEIGHING", blank_before=False, blank_after=False, previous="the crumbs are spilt.") == "title"
    assert classify("WEIGHING", blank_before=False, blank_after=False, previous="the crumbs are") is None


def test_title_case_title_in_dense_text_needs_a_sentence_after():
    around = {"blank_before": False, "blank_after": False, "previous": "he becomes it.", "dense": True}
    assert classify("Chase the Rabbit", following="The group kneels in a circle with their hands.", **around)
    assert classify("Chase the Rabbit", following="and then", **around) is None


@pytest.mark.parametrize(
    ("title", "structural"),
    [("PART I", True), ("CHAPTER IV", True), ("XII", True), ("Scene 1: A Street", True), ("Civic", False)],
)
def test_structural_headings(title, structural):
    assert headings.is_structural(title) is structural


@pytest.mark.parametrize(
    ("title", "not_activity"),
    [("CONTENTS", True), ("INDEX OF INDOOR GAMES", True), ("RIDDLES", True), ("PERSONAL CONUNDRUMS", False)],
)
def test_front_matter_and_non_game_sections(title, not_activity):
    assert headings.is_not_an_activity(title) is not_activity


def test_normalize_title_folds_case_punctuation_diacritics_and_article():
    assert headings.normalize_title("The Blind-Man's Buff.") == headings.normalize_title("blind mans buff")
    assert headings.normalize_title("Ineluș Învîrtecuș") == "inelus invirtecus"


def test_heading_rank_orders_divisions_then_roman_and_arabic_numbers_then_caps_then_title_case():
    lines = [
        "PART II.",
        "CHAPTER V",
        "Scene 1: A Street",
        "IV. GAMES FOR THE PLAYGROUND",
        "12. _PUSS IN THE CORNER_",
        "OUT-DOOR GAMES",
        "For Little Children",
    ]
    ranks = [headings.rank(line) for line in lines]
    assert ranks == sorted(set(ranks), reverse=True)


def test_a_division_heading_is_bare_when_it_only_numbers_the_division():
    assert [headings.is_bare_division(title) for title in ("CHAPTER V", "PART III", "PART III. OUTDOOR GAMES")] == [
        True,
        True,
        False,
    ]
