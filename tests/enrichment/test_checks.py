from enrichment.checks import (
    ERROR,
    WARNING,
    english_sentences,
    field_checks,
    is_missing_text,
    length_ratio,
    numbers_missing,
    overlay_checks,
)
from tests.admin.factories import ORIGINAL, ROMANIAN

TRANSLATIONS = {name.removesuffix("_ro"): text for name, text in ROMANIAN.items()}


def test_faithful_translation_passes_every_check():
    assert overlay_checks(originals=ORIGINAL, translations=TRANSLATIONS) == []


def test_number_missing_from_translation_is_reported():
    assert numbers_missing(original="Teams of 5 players, 10 minutes.", translation="Echipe de cinci, 10 minute.") == [
        "5"
    ]


def test_both_ends_of_a_range_are_required():
    original = "For 8-12 players."
    assert numbers_missing(original=original, translation="Pentru 8–12 jucători.") == []
    assert numbers_missing(original=original, translation="Pentru 8 jucători.") == ["12"]


def test_decimal_and_thousands_separators_may_follow_romanian_usage():
    assert (
        numbers_missing(original="Run 2.5 km, up to 1,000 points.", translation="2,5 km, până la 1.000 de puncte.")
        == []
    )


def test_missing_number_is_an_error():
    [result] = field_checks(field="rules", original="Remove 1 chair.", translation="Se scoate un scaun.")
    assert (result.code, result.severity) == ("numbers:rules", ERROR)
    assert "1" in result.message


def test_empty_romanian_field_is_an_error_when_the_original_has_text():
    assert is_missing_text(original="Players sit in a circle.", translation="  ")
    [result] = field_checks(field="description", original="Players sit in a circle.", translation="")
    assert (result.code, result.severity) == ("empty:description", ERROR)


def test_empty_romanian_field_is_fine_when_the_original_is_empty():
    assert field_checks(field="variations", original="", translation="") == []


def test_english_sentence_left_in_romanian_is_detected():
    text = "Jucătorii stau în cerc. The leader whispers a word to the first player in the circle."
    assert english_sentences(text) == ["The leader whispers a word to the first player in the circle."]


def test_english_game_name_kept_inside_a_romanian_sentence_is_not_flagged():
    assert english_sentences("Conducătorul jocului spune „Simon says” și copiii fac gestul.") == []


def test_short_fragments_are_not_judged_by_the_language_detector():
    assert english_sentences("Simon Says. Red Light, Green Light.") == []


def test_english_left_is_an_error():
    results = field_checks(
        field="rules",
        original="Pass the ball around.",
        translation="Pass the ball around the circle quickly and quietly.",
    )
    assert [(result.code, result.severity) for result in results] == [("english:rules", ERROR)]


def test_length_ratio_ignores_short_originals():
    assert length_ratio(original="Tag", translation="Leapșa pe ouă, cu două echipe și un arbitru") is None


def test_length_far_from_original_is_a_warning():
    original = "Players form two teams of equal size and stand in two lines facing each other across the room."
    [result] = field_checks(field="description", original=original, translation="Două echipe față în față.")
    assert (result.code, result.severity) == ("length:description", WARNING)


def test_dismissed_warning_is_left_out():
    original = "Players form two teams of equal size and stand in two lines facing each other across the room."
    originals = {**ORIGINAL, "description": original}
    translations = {**TRANSLATIONS, "description": "Două echipe față în față."}
    assert [r.code for r in overlay_checks(originals=originals, translations=translations)] == ["length:description"]
    assert overlay_checks(originals=originals, translations=translations, dismissed=["length:description"]) == []


def test_errors_cannot_be_dismissed():
    translations = {**TRANSLATIONS, "rules": TRANSLATIONS["rules"].replace("1 scaun", "un scaun")}
    results = overlay_checks(originals=ORIGINAL, translations=translations, dismissed=["numbers:rules"])
    assert [result.code for result in results] == ["numbers:rules"]
