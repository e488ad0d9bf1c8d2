"""Normalizers map what sources say onto the taxonomy, and never invent a value."""

import pytest

from activities.normalize import (
    activity_normalize,
    checked_range,
    clean_name,
    content_key,
    fold,
    normalize_categories,
    normalize_indoor_outdoor,
    normalize_materials,
    normalize_space,
    unaccent,
)
from tests.extraction_docs import activity


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("parlor", "indoor"),
        ("In the schoolroom", "indoor"),
        ("indoors", "indoor"),
        ("în interior", "indoor"),
        ("playground", "outdoor"),
        ("out of doors", "outdoor"),
        ("În aer liber", "outdoor"),
        ("afară, în curte", "outdoor"),
        ("indoors or outdoors", "both"),
        ("playground; gymnasium", "both"),
        ("Playground; gymnasium; schoolroom", "both"),
        ("sală; în curte", "both"),
        ("Indoors or out", "both"),
        ("hall; gymnasium", "indoor"),
        ("anywhere", "both"),
        ("Interior sau exterior", "both"),
    ],
)
def test_indoor_outdoor_words_map_to_codes(said, code):
    assert normalize_indoor_outdoor(said) == code


@pytest.mark.parametrize("said", [None, "", "at the party", "kitchen table", "???"])
def test_unknown_indoor_outdoor_is_none(said):
    assert normalize_indoor_outdoor(said) is None


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("a small room", "small-room"),
        ("any room will do", "small-room"),
        ("large room or gymnasium", "large-room"),
        ("church hall", "large-room"),
        ("an open field", "open-field"),
        ("playground", "open-field"),
        ("sală mare", "large-room"),
        ("Teren deschis", "open-field"),
    ],
)
def test_space_words_map_to_codes(said, code):
    assert normalize_space(said) == code


def test_unknown_space_is_none():
    assert normalize_space("wherever you like") is None


def test_categories_map_english_romanian_and_short_codes_in_taxonomy_order():
    assert normalize_categories(["ring game with a ball", "Spargerea gheții", "ener"]) == [
        "icebreaker",
        "energizer",
        "circle",
        "ball",
    ]


def test_unknown_categories_are_dropped_not_defaulted():
    assert normalize_categories(["miscellaneous", "", "fun"]) == []


@pytest.mark.parametrize(
    ("items", "origin", "expected"),
    [
        (["a ball", "chalk"], None, (["a ball", "chalk"], True)),
        (["None"], None, ([], False)),
        (["no materials"], "stated", ([], False)),
        (["fără materiale"], "stated", ([], False)),
        ([], "stated", ([], False)),
        ([], None, ([], None)),
        (["none", "a blindfold"], "stated", (["a blindfold"], True)),
    ],
)
def test_materials_needed_is_true_false_or_unknown(items, origin, expected):
    assert normalize_materials(items, origin=origin) == expected


def test_a_maximum_below_the_minimum_rejects_both_ends_with_a_reason():
    assert checked_range("players", 12, 8) == (None, None, ["players maximum below the minimum"])


@pytest.mark.parametrize(
    ("kind", "low", "high", "expected"),
    [
        ("players", 0, 10, (None, 10, ["players minimum outside 1–10000 players"])),
        ("age", 6, 400, (6, None, ["age maximum outside 1–99 years"])),
        (
            "duration",
            500,
            500,
            (None, None, ["duration minimum outside 1–240 minutes", "duration maximum outside 1–240 minutes"]),
        ),
        ("age", 7, 12, (7, 12, [])),
    ],
)
def test_implausible_ends_are_dropped_with_their_reason(kind, low, high, expected):
    assert checked_range(kind, low, high) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("CAT AND MOUSE.", "Cat and Mouse"),
        ("42. _PUSS IN THE CORNER_", "Puss in the Corner"),
        ("III. Ineluș învîrtecuș", "Ineluș învîrtecuș"),
        ("I Spy", "I Spy"),
        ("**Toaster**", "Toaster"),
    ],
)
def test_clean_name_removes_markup_numbering_and_shouting(raw, clean):
    assert clean_name(raw) == clean


def test_content_key_is_stable_across_machines():
    # A literal: if this changes, every overlay and review decision is orphaned.
    assert content_key(name="Cat and Mouse", language="en", description="The children sit.") == (
        "65867922657b332720d8b13bb3aa24704b377a95afc168f6bd9971df95a1f953"
    )


@pytest.mark.parametrize(
    ("name", "language", "description", "key"),
    [
        (
            "CAT AND MOUSE.",
            "en",
            "The children sit in two rows facing each other, with a space between.",
            "446919e52c1932718564b77fb70c1cf855293981db2ec29d1b6dd0af08d1bf45",
        ),
        (
            "Ştafeta cu mingea",
            "ro",
            "Copiii se aşază în două şiruri; primul din fiecare şir aleargă până la steguleţ şi înapoi.",
            "a6bbdf40605ec4ef4a40f0b29797a054302023319a9b2d232adcdf7c2369dc76",
        ),
        (
            "42. Blind Man's Buff",
            "en",
            "One player — the “blind man” — is blindfolded_and tries to catch the others.",
            "22e6119784165414c6cab30190abca1f634560e8b10fdee6f6061249be23e331",
        ),
    ],
)
def test_content_keys_of_titles_with_numbering_diacritics_and_punctuation_are_pinned(name, language, description, key):
    # Literals computed before the two folds shared one recipe: overlays and decisions hang on these keys.
    assert content_key(name=name, language=language, description=description) == key


def test_unaccent_keeps_punctuation_and_fold_turns_it_into_single_spaces():
    assert unaccent("Ştafetă-joc  ȘIR ţară!") == "stafeta-joc  sir tara!"
    assert fold("Ştafetă-joc  ȘIR ţară!") == "stafeta joc sir tara"


def test_content_key_ignores_case_punctuation_spacing_and_diacritics():
    assert content_key(name="CAT AND MOUSE.", language="en", description="The  children sit") == content_key(
        name="Cat and Mouse", language="EN", description="the children, sit."
    )
    assert content_key(name="Ineluș", language="ro", description="Copiii șed.") == content_key(
        name="Inelus", language="ro", description="Copiii şed"
    )


def test_content_key_differs_by_language_and_description():
    base = content_key(name="Tag", language="en", description="Run.")
    assert content_key(name="Tag", language="ro", description="Run.") != base
    assert content_key(name="Tag", language="en", description="Walk.") != base


def test_normalized_activity_records_origin_only_for_present_values():
    raw = activity(
        "Wink",
        "Girls sit in a circle.",
        players_min=10,
        indoor_outdoor="parlor",
        space="somewhere",
        filter_origin={"players_min": "estimated"},
    )
    normalized = activity_normalize(raw=raw, chunk_key="k.part01", source_path="book.txt")
    assert normalized.values["players_min"] == 10
    assert normalized.values["indoor_outdoor"] == "indoor"
    assert normalized.values["space"] is None
    assert normalized.origins == {"players_min": "estimated", "indoor_outdoor": "stated"}


def test_aliases_drop_the_name_itself_and_repeats():
    raw = activity("Going to Jerusalem", "Chairs in a row.", aliases=["GOING TO JERUSALEM.", "Musical Chairs"] * 2)
    assert activity_normalize(raw=raw, chunk_key="k", source_path="").aliases == ["Musical Chairs"]
