"""Stated facts parsed from game text, in English and Romanian."""

import pytest

from activities.extraction import facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A game for 5 to 60 players.", (5, 60)),
        ("**10-30 people; 1 minute**", (10, 30)),
        ("**10 minutes; 10 - 20 people**", (10, 20)),
        ("This game may be played by four children", (4, 4)),
        ("group size 5-15", (5, 15)),
        ("Best with 8 or more players.", (8, None)),
        ("Se joacă de la 4 la 12 copii.", (4, 12)),
        ("Oricîți copii, băieți și fete, se adună la un loc", (2, None)),
        ("Any number of people; 1-2 minutes", (2, None)),
        ("a game for twenty-five players", (25, 25)),
    ],
)
def test_players(text, expected):
    assert facts.players(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**10-30 people; 1 minute**", (1, 1)),
        ("Any number of people; 1-2 minutes", (1, 2)),
        ("time 5-10 min", (5, 10)),
        ("It takes about half an hour.", (30, 30)),
        ("Jocul durează 15 minute.", (15, 15)),
        ("The players form a ring.", (None, None)),
    ],
)
def test_duration(text, expected):
    assert facts.duration(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("for children of 6 to 10", (6, 10)),
        ("Suitable for ages 8-12.", (8, 12)),
        ("age 6+", (6, None)),
        ("pentru copii de la 6 la 10 ani", (6, 10)),
        ("Acest joc este pentru copiii de la vîrsta, de șapte ani pînă la zece.", (7, 10)),
        ("for children, 5 to 60 players", (None, None)),
        ("a man of thirty-five years", (None, None)),
        ("Give the pupils one or two", (None, None)),
    ],
)
def test_ages(text, expected):
    assert facts.ages(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Playground; gymnasium", ("playground; gymnasium", "playground; gymnasium")),
        ("Schoolroom", ("schoolroom", "schoolroom")),
        ("A good game for the parlor.", ("parlor", "parlor")),
        ("Played out of doors on the lawn.", ("out of doors; lawn", "lawn")),
        ("free space, indoor or outdoor", ("free space; indoor; outdoor", "free space")),
        ("Copiii se joacă în curte.", ("în curte", None)),
        ("The players sit in a ring.", (None, None)),
    ],
)
def test_place_words_are_the_source_words(text, expected):
    assert facts.place(text) == expected


def test_materials_line_is_split_into_items():
    assert facts.materials("Materials: a ball, two chairs and a blindfold.") == ["a ball", "two chairs", "a blindfold"]


def test_materials_none_is_kept_as_the_statement_none():
    assert facts.materials("materials: nothing special") == ["none"]


def test_filter_origin_marks_only_present_values():
    activity = {"players_min": 5, "players_max": None, "materials": [], "indoor_outdoor": "parlor"}
    assert facts.filter_origin(activity) == {"players_min": "stated", "indoor_outdoor": "stated"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Games for Little Children", (3, 6)),
        ("KINDERGARTEN GAMES", (3, 6)),
        ("Jocuri pentru copiii mici", (3, 6)),
        ("For Older Boys and Girls", (10, 14)),
        ("Party games for grown-ups", (18, None)),
        ("SOCIABLE GAMES FOR ADULTS", (18, None)),
        ("OUTDOOR GAMES FOR OLDER BOYS AND YOUNG MEN", (10, None)),
        ("Games for Children", (None, None)),
        ("Ball Games", (None, None)),
    ],
)
def test_age_group_words_stand_for_the_ages_of_their_table(text, expected):
    assert facts.age_words(text) == expected
