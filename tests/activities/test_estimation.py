"""Offline estimates of unstated filter values, and how the rebuild and enrichment use them."""

import pytest

from activities.estimation import THRESHOLDS, Scored, chosen_categories, confident, estimate, estimates_scored
from activities.estimation.bands import AGE_BANDS, PLAYERS_BANDS, band_matches
from activities.models import Activity
from activities.rebuild import corpus_rebuild
from enrichment.models import EnrichmentOverlay
from enrichment.publishing import overlay_publish
from tests.extraction_docs import activity, write_chunk

# Excerpts of the demo corpus: Baden-Powell's (65993) patrol game across the country, Hofmann's (8439) written
# parlour game, her ring game with nothing to bring, and Draper's (16599) chase.
SMUGGLERS = (
    'The "Border" is a certain line of country about four hundred yards long, preferably a road or wide path or bit '
    "of sand, on which foot-tracks can easily be seen. One patrol watches the border with sentries posted along this "
    'road, with a reserve posted further inland. This should be about half-way between the "border" and the "town," '
    'the "town" would be a base marked by trees, buildings, or flags, etc., about half a mile distant from the border.'
)
TELEGRAM = (
    "Provide the players with pencil and paper. Each one then writes on his piece of paper ten letters of the "
    "alphabet in any order, using no letter twice. The papers are then passed to the right and each one is "
    "requested to write a telegram, using the ten letters for the beginning of the ten words, just in the order "
    "given."
)
POOR_PUSSY = (
    "All the players sit in a circle, one being chosen out. This one kneels before each player in turn and says, in "
    'pitiful tones: "Meow!" Each player, when addressed by "pussy," must say, without smiling: "Poor Pussy." '
    '"Pussy" addresses each player three times, trying her best to make the players laugh. If the one she is '
    "kneeling before laughs, he must take her place."
)
FOX_AND_GEESE = (
    "One player is chosen to be fox, another to be gander. The remaining players all stand in single file behind "
    "the gander, each with his hands upon the shoulders of the one next in front. The gander tries to protect his "
    "flock of geese from being caught by the fox and to do this stretches out his arms and dodges around in any way "
    "he sees fit to circumvent the efforts of the fox. Only the last goose in the line may be tagged."
)
# Ispirescu's (ro excerpts) "Jocul de-a porumbeii", in the old spelling.
PORUMBEII = (
    "Porumbarul își înalță porumbii, adecă trimite pe cîte unul din cei mai molatici din copii să se preumble; uliul "
    "se ia după dînșii și-i fugărește ca să-i prinză. Aceștia aleargă în dreapta și în stingă, amăgind umbletul "
    "uliului. Cind vede porumbarul că vreunul din porumbii săi este aproape de a fi prins, dă drumul la cîte unul "
    "din copiii fugaci și mai cotitori."
)

# Draper's (16599) chase that names no place and her guessing game; Bell's (24597) Hallowe'en fortune; the
# activist handbook's energizer in a workshop room; the Beard book's (13022) race between the desks.
TURTLE_TAG = (
    'One player is selected to be "It" and chases the rest. In order to avoid being tagged, a player may lie upon his '
    "back with both feet and hands off the ground."
)
YOU_KNOW_ME = (
    "One of the group is given the privilege of starting the game by assuming he is some well known character, and "
    'makes the statement, "I am the man who invented the lightning rod". The others of the group endeavor to guess '
    "who he is. The one first guessing Benjamin Franklin is given the opportunity of continuing the game by assuming "
    "he is some other prominent character."
)
THE_DREAMER = (
    "If a maid wishes to know whom she is to marry, if a man of wealth, tradesman, or traveler, let her, on "
    "All-Hallow-e'en, take a walnut, hazelnut, and nutmeg; grate and mix them with butter and sugar into pills; if "
    "her fortune be to marry a rich man, her sleep will be filled with gold dreams."
)
SHAKE_ALL_HANDS = (
    "This exercise gets energy levels up, and helps people to start interacting, without taking much time at all. "
    "It can be especially useful at the start of a workshop or meeting. Give people a short time limit to shake "
    "hands with everyone in the room - usually about one second for each person present. For most people this "
    "involves getting up out of their seat."
)
FLAG_RACE = (
    "Players seated at desks. Rows need not be full, but there must be same number in each row. Choose a player to "
    "stand in front of each row to hold the flag, and another to stand at the rear of each row. At the signal the "
    "rear player of each row rises, runs to the front, takes the flag from the one holding it, carries it to the one "
    "standing at the rear, and takes his seat. As soon as he is seated the next player goes and takes the flag back "
    "to the player in front. This continues till all have run. Be sure that no team has an unfair advantage because "
    "of the positions taken by the flag holders."
)


def test_a_patrol_game_across_the_country_is_outdoor_in_an_open_field():
    found = estimate(name="Smugglers over the Border", text=SMUGGLERS, language="en")
    assert (found["indoor_outdoor"], found["space"]) == ("outdoor", "open-field")


def test_a_pencil_and_paper_parlour_game_is_indoor_and_needs_materials():
    found = estimate(name="Telegram", text=TELEGRAM, language="en")
    assert (found["indoor_outdoor"], found["materials"]) == ("indoor", True)


def test_a_game_with_no_objects_needs_none():
    assert estimate(name="Poor Pussy", text=POOR_PUSSY, language="en")["materials"] is False


def test_a_game_where_the_catcher_tags_players_is_a_tag_game():
    assert "tag" in estimate(name="Fox and Geese", text=FOX_AND_GEESE, language="en")["categories"]


def test_a_ring_of_players_is_a_circle_game_for_a_group():
    found = estimate(name="Poor Pussy", text=POOR_PUSSY, language="en")
    assert "circle" in found["categories"]
    assert (found["players_min"], found["players_max"]) == (PLAYERS_BANDS["group"].low, PLAYERS_BANDS["group"].high)


def test_romanian_cues_are_read_in_a_romanian_text():
    found = estimate(name="Jocul de-a porumbeii", text=PORUMBEII, language="ro")
    assert (found["age_min"], found["age_max"]) == (AGE_BANDS["school"].low, AGE_BANDS["school"].high)
    assert "tag" in found["categories"]


def test_a_game_that_shows_no_particular_audience_suits_everyone_from_school_age():
    found = estimate(name="Poor Pussy", text=POOR_PUSSY, language="en")
    assert (found["age_min"], found["age_max"]) == (AGE_BANDS["school-up"].low, None)


def test_a_band_with_an_open_end_gives_none_for_it():
    found = estimate(name="Telegram", text=f"{TELEGRAM} The guests and the hostess compare them.", language="en")
    assert (found["age_min"], found["age_max"]) == (AGE_BANDS["older"].low, None)


def test_a_text_without_cues_gives_nothing():
    assert estimate(name="Odd", text="Hm.", language="en") == {}


def test_an_estimate_below_its_threshold_is_not_returned():
    scored = estimates_scored(name="Telegram", text=TELEGRAM, language="en")
    assert confident(scored, dict.fromkeys(THRESHOLDS, 1.0)) == {}
    assert confident(scored, dict.fromkeys(THRESHOLDS, 0.0))["indoor_outdoor"] == "indoor"


def test_a_running_game_that_names_no_place_is_outdoor():
    assert estimate(name="Turtle Tag", text=TURTLE_TAG, language="en")["indoor_outdoor"] == "outdoor"


def test_a_still_game_with_a_known_indoor_setting_is_a_quiet_party_game():
    assert "party" not in estimate(name="You Know Me", text=YOU_KNOW_ME, language="en")["categories"]
    assert "party" in estimate(name="You Know Me", text=YOU_KNOW_ME, language="en", setting="indoor")["categories"]


def test_a_workshop_exercise_moving_about_a_room_is_not_a_party_game():
    found = estimate(name="Shake all hands", text=SHAKE_ALL_HANDS, language="en", setting="indoor")
    assert "party" not in found.get("categories", [])


def test_a_fortune_game_is_a_party_game():
    assert "party" in estimate(name="The Dreamer", text=THE_DREAMER, language="en")["categories"]


def test_a_game_no_category_is_sure_of_gets_its_likeliest_one():
    scored = estimates_scored(name="Flag Race", text=FLAG_RACE, language="en")
    assert not [item for item in scored["categories"] if item.confidence >= THRESHOLDS["categories"]]
    assert estimate(name="Flag Race", text=FLAG_RACE, language="en")["categories"] == ["relay"]


def test_the_likeliest_categories_are_given_only_from_near_the_threshold():
    assert chosen_categories([Scored("word", 0.5), Scored("party", 0.5), Scored("tag", 0.3)], 0.55) == [
        "word",
        "party",
    ]
    assert chosen_categories([Scored("word", 0.3)], 0.55) == []


def test_a_band_matches_a_stated_range_holding_its_typical_value_or_lying_inside_it():
    group = PLAYERS_BANDS["group"]
    assert band_matches(group, 2, 16) and band_matches(group, 10, 12)
    assert not band_matches(group, 2, 4)


@pytest.mark.django_db
def test_the_rebuild_fills_unstated_fields_with_estimates_marked_estimated(settings):
    write_chunk(settings.EXTRACTED_DIR, "a.part01", [activity("Telegram", TELEGRAM)])
    corpus_rebuild()
    telegram = Activity.objects.get()
    assert (telegram.indoor_outdoor, telegram.materials_needed) == ("indoor", True)
    assert {"indoor_outdoor", "materials"} <= set(telegram.estimated_fields)


@pytest.mark.django_db
def test_an_estimate_never_overrides_a_stated_value_in_the_rebuild(settings):
    write_chunk(
        settings.EXTRACTED_DIR, "a.part01", [activity("Telegram", TELEGRAM, indoor_outdoor="playground", players_min=3)]
    )
    corpus_rebuild()
    telegram = Activity.objects.get()
    assert (telegram.indoor_outdoor, telegram.players_min, telegram.players_max) == ("outdoor", 3, None)
    assert not {"indoor_outdoor", "players_min", "players_max"} & set(telegram.estimated_fields)


@pytest.mark.django_db
def test_the_rebuild_reads_the_stated_setting_for_the_kinds_of_game_it_implies(settings):
    write_chunk(
        settings.EXTRACTED_DIR,
        "a.part01",
        [activity("You Know Me", YOU_KNOW_ME, indoor_outdoor="parlour")],
    )
    corpus_rebuild()
    game = Activity.objects.get()
    assert "party" in set(game.categories.values_list("code", flat=True))
    assert "categories" in game.estimated_fields


@pytest.mark.django_db
def test_an_estimated_space_never_contradicts_the_stated_setting(settings):
    write_chunk(settings.EXTRACTED_DIR, "a.part01", [activity("Telegram", TELEGRAM, indoor_outdoor="playground")])
    corpus_rebuild()
    assert Activity.objects.get().space != "small-room"


@pytest.mark.django_db
def test_enrichments_estimate_replaces_an_offline_one(settings):
    write_chunk(settings.EXTRACTED_DIR, "a.part01", [activity("Telegram", TELEGRAM)])
    corpus_rebuild()
    telegram = Activity.objects.get()
    assert telegram.indoor_outdoor == "indoor"
    EnrichmentOverlay.objects.create(
        content_key=telegram.content_key,
        kind=EnrichmentOverlay.Kind.EN_TO_RO,
        name_ro="Telegrama",
        estimated={"indoor_outdoor": "both"},
        activity_name=telegram.name,
        chunk_keys=["a.part01"],
    )
    overlay_publish(content_key=telegram.content_key)
    telegram.refresh_from_db()
    assert telegram.indoor_outdoor == "both"
    assert "indoor_outdoor" in telegram.estimated_fields
