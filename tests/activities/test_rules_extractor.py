"""The rule extractor on real excerpts of each demo source format (read from data/corpus)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from activities.extraction import rules
from activities.extraction.schema import activity_errors

CORPUS = Path(settings.BASE_DIR) / "data" / "corpus"


def corpus_excerpt(relative: str, start: str, end: str | None = None) -> str:
    """The lines of a corpus file from the first line equal to ``start`` up to (not including) ``end``."""
    raw = (CORPUS / relative).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next(index for index, line in enumerate(lines) if line.rstrip() == start)
    last = next((index for index, line in enumerate(lines[first + 1 :], first + 1) if line.rstrip() == end), None)
    return "\n".join(lines[first : last if end else None])


def names(text: str, **kwargs) -> list[str]:
    return [activity["name"] for activity in rules.extract(text, page_start=1, language="en", **kwargs)]


EVERYBODY = "gutenberg-08439-games-for-everybody/8439-8.txt"
OCCASIONS = "gutenberg-24597-games-for-all-occasions/24597.txt"
INDOOR = "gutenberg-13022-my-book-of-indoor-games/13022.txt"
SCHOOL = "gutenberg-16599-school-church-and-home-games/16599-8.txt"
WITHOUT_MUSIC = "gutenberg-37165-games-without-music-for-children/37165-8.txt"
HOUSEHOLD = "gutenberg-51540-fun-for-the-household/51540-0.txt"
CAMPWARD = "gutenberg-33767-campward-ho-girl-scout-camps/33767-8.txt"
ISPIRESCU = "ro-ispirescu-jucarii-si-jocuri-de-copii-excerpts/03_inelus_invirtecus.txt"

# The text of 37165 as the PDF reader gives it: no blank lines, titles without underscores.
PDF_TEXT = """4. WEIGHING
Scales and weights are required for this game.
Before commencing let the children see the different weights, and hold them one after
the other in their hands.
NOTES:
[1] Show ounce weight.
The four weights given above will be sufficient at first for little children, but more may
be added as they become familiar with these.
5. MEASURING GAME
Before playing this game, the children should be well accustomed to the use of the foot-
rule, marked with inches. Each child should have a foot-rule and measure its
book, pencil, desk, &c.; it should also be taught to draw lines of different lengths.
\f6. SHOPPING
The shopman should stand behind a table or desk, and have articles made
up in parcels ready for sale. The children who go shopping should be dressed in outdoor costume.
SHOPMAN
Good morning, ma'am, how do you do? And pray what can I get for you?
CUSTOMER
Good morning, shopman, will you please
To weigh for me a pound of cheese?
"""


def test_caps_titles_with_final_period_and_part_headings_skipped():
    text = corpus_excerpt(EVERYBODY, "PART I.", "SCHOOL.")
    assert names(text) == [
        "Animal Show",
        "Chase the Rabbit",
        "Soap-bubble Contest",
        "Rose Guess",
        "New Blind Man's Buff",
        "Finding Flowers",
        "Bean-bag Contest",
        "Blowing the Feathers",
    ]


def test_caps_titles_without_period_under_an_audience_heading():
    text = corpus_excerpt(OCCASIONS, "GAMES FOR TINY TOTS", "BINGO")
    assert names(text) == ["A Running Maze", "Bean Bag", "Birds Fly", "Button, Button"]


def test_numbered_titles_in_underscores_and_dialogue_speakers_are_text():
    text = corpus_excerpt(WITHOUT_MUSIC, "I. GAMES FOR THE SCHOOLROOM", "8. _THIMBLE GAME_")
    assert names(text) == [
        "Laying the Breakfast-table",
        "The Breakfast Party",
        "Clearing the Table",
        "Weighing",
        "Measuring Game",
        "Shopping",
        "Tying a Bow",
    ]


def test_numbered_titles_from_pdf_text_without_blank_lines():
    activities = rules.extract(PDF_TEXT, page_start=7, language="en")
    assert [activity["name"] for activity in activities] == ["Weighing", "Measuring Game", "Shopping"]
    assert [activity["page"] for activity in activities] == [7, 7, 8]
    assert "SHOPMAN" in activities[2]["rules"] + activities[2]["description"]


def test_star_separators_and_the_index_of_games_skipped():
    text = corpus_excerpt(INDOOR, "INDEX OF INDOOR GAMES", "FOX AND GEESE")
    found = names(text)
    assert found[:4] == [
        "Twirl the Trencher",
        "Cross Questions and Crooked Answers",
        "Oranges and Lemons",
        "Musical Chairs",
    ]


# The games of "School, Church and Home Games", Part I, up to "Aisle Hunt", with blank lines or without.
SCHOOL_PART_ONE_TITLES = [
    "Cat and Mouse",
    "Aviation Meet",
    "Button, Button",
    "Bee",
    "Hide in Sight",
    "Colors",
    "I See Red",
    "Hide the Clock",
    "Poison Seat",
]


def test_title_case_titles_between_blank_lines_with_chapter_headings():
    text = corpus_excerpt(SCHOOL, "Part I", "Aisle Hunt")
    assert names(text) == SCHOOL_PART_ONE_TITLES


def test_contents_page_and_front_matter_give_no_activities():
    assert names(corpus_excerpt(EVERYBODY, "GAMES FOR EVERYBODY", "PART I.")) == []
    assert names(corpus_excerpt(WITHOUT_MUSIC, "GAMES WITHOUT MUSIC", "I. GAMES FOR THE SCHOOLROOM")) == []


def test_riddles_section_is_not_an_activity():
    text = corpus_excerpt(OCCASIONS, "RIDDLES", "GAMES FOR ADULTS")
    assert names(text) == []


# The end of one PDF chunk of 37165 and the start of the next.
BEFORE_RHYMES = """she is the 'mother' when the game begins again.
III. GUESSING RHYMES
Notes.—The Guessing Rhymes are intended to be read by the teacher to the children,
who then try to find out the word. The verse should be repeated slowly two or three times
before the children are asked to guess.
"""
RHYMES = """NURSERY RHYMES
83. A little boy once had a horn,
I think he lived among the corn,
And wore a pretty dress of blue,
I've nearly told his name to you.
LITTLE BOY BLUE .
84. A boy and girl walked up a hill,
But tumble, tumble, down they came,
And where's the water? where the pail?
Of each poor child you know the name.
JACK AND JILL .
"""


def test_guessing_rhymes_section_carried_across_chunks_is_skipped():
    context = rules.SectionContext()
    assert len(names(PDF_TEXT, context=context)) == 3  # the book's numbered games come first
    assert names(BEFORE_RHYMES, context=context) == []
    assert names(RHYMES, context=context) == []


def test_without_the_carried_section_the_rhyme_answers_would_look_like_games():
    assert "Little Boy Blue" in names(RHYMES)


def test_audience_heading_in_title_format_is_not_a_game():
    # The party under the heading is advice, not a game; the motion game after it is the one activity.
    text = corpus_excerpt(HOUSEHOLD, "LITTLE FOLKS.", "THE PIE-MAN’S SONG.")
    found = names(text)
    assert len(found) == 1 and "folks" not in found[0].lower()


def test_section_heading_gives_the_place_of_its_games_as_context():
    text = corpus_excerpt(SCHOOL, "CHAPTER IV", "Progression")
    activities = rules.extract(text, page_start=1, language="en")
    assert [activity["name"] for activity in activities] == ["Chase the Rabbit", "Steps", "Statues"]
    assert {activity["indoor_outdoor"] for activity in activities} == {"schoolyard"}
    assert activities[0]["filter_origin"]["indoor_outdoor"] == "context"
    assert activities[0]["filter_evidence"]["indoor_outdoor"] == "SCHOOLYARD GAMES"


def test_a_camp_manual_yields_almost_no_activities():
    text = corpus_excerpt(CAMPWARD, "CAMPWARD HO!")
    context = rules.SectionContext()
    found = []
    for start in range(0, len(text), 12000):
        found += names(text[start : start + 12000], context=context)
    assert len(found) <= 15


def test_romanian_roman_numbered_title():
    text = (CORPUS / ISPIRESCU).read_text(encoding="utf-8")
    [activity] = rules.extract(text, page_start=3, language="ro")
    assert activity["name"] == "Ineluș învîrtecuș"
    assert activity["language"] == "ro"
    assert activity["description"] == "Acesta iarna se joacă."
    assert activity["page"] == 3


@pytest.mark.parametrize(
    ("relative", "start", "end"),
    [
        (EVERYBODY, "PART I.", "PART II."),
        (OCCASIONS, "GAMES FOR TINY TOTS", "GAMES FOR CHILDREN"),
        (INDOOR, "TWIRL THE TRENCHER", "RIDDLES"),
        (SCHOOL, "Part I", "CHAPTER IV"),
        (WITHOUT_MUSIC, "I. GAMES FOR THE SCHOOLROOM", "III. GUESSING RHYMES"),
        (HOUSEHOLD, "LITTLE FOLKS.", "BOYS AND GIRLS."),
    ],
)
def test_every_activity_is_valid_and_quotes_the_chunk_verbatim(relative, start, end):
    text = corpus_excerpt(relative, start, end)
    activities = rules.extract(text, page_start=1, language="en")
    assert len(activities) >= 10
    for activity in activities:
        assert activity_errors(activity) == []
        assert activity["quote"] in text
        assert set(activity["filter_origin"].values()) <= {"stated", "context"}


def test_quote_is_the_opening_words_of_the_game():
    text = corpus_excerpt(EVERYBODY, "PART I.", "SCHOOL.")
    first = rules.extract(text, page_start=1, language="en")[0]
    assert first["quote"].startswith("An amusing game for children is one in which")
    assert len(first["quote"]) <= rules.QUOTE_MAX_CHARS


def test_page_of_each_activity_follows_form_feeds():
    text = corpus_excerpt(EVERYBODY, "PART I.", "SCHOOL.")
    paged = text.replace("\n\nROSE GUESS.", "\f\nROSE GUESS.")
    pages = {activity["name"]: activity["page"] for activity in rules.extract(paged, page_start=40, language="en")}
    assert pages["Animal Show"] == 40
    assert pages["Rose Guess"] == 41
    assert pages["Bean-bag Contest"] == 41


def test_title_with_or_gives_an_alias():
    text = "MUSICAL CHAIRS, OR GOING TO JERUSALEM\n\n" + "The players march round a row of chairs. " * 3 + "\n"
    [activity] = rules.extract(text, page_start=1, language="en")
    assert (activity["name"], activity["aliases"]) == ("Musical Chairs", ["Going to Jerusalem"])


def test_stated_facts_of_a_game_are_marked_stated():
    text = (
        "FOX AND GEESE.\n\nThis is a playground game for 5 to 60 players, for children of 6 to 10. "
        "It lasts 10 minutes. The fox stands in the middle and tries to catch the geese.\n"
    )
    [activity] = rules.extract(text, page_start=1, language="en")
    picked = {key: activity[key] for key in ("players_min", "players_max", "age_min", "age_max", "duration_min")}
    assert picked == {"players_min": 5, "players_max": 60, "age_min": 6, "age_max": 10, "duration_min": 10}
    assert activity["indoor_outdoor"] == "playground"
    assert activity["filter_origin"] == {
        field: "stated"
        for field in (
            "players_min",
            "players_max",
            "age_min",
            "age_max",
            "duration_min",
            "duration_max",
            "indoor_outdoor",
            "space",
        )
    }


def test_a_time_stated_deep_in_the_rules_is_not_the_games_length():
    # "Three minutes is good time" is said of one pair's turn, four paragraphs into the game.
    [activity] = rules.extract(
        corpus_excerpt(EVERYBODY, "PEANUT CONTEST.", "DEFINITIONS."), page_start=1, language="en"
    )
    assert (activity["duration_min"], activity["duration_max"]) == (None, None)


def test_emphasised_label_lines_under_a_title_are_read():
    text = (
        "ALL RUN\n\n_10 to 60 or more players._\n_Playground; gymnasium; schoolroom._\n\n"
        "The players stand in a line and all run to the goal when the leader calls. Two or three players are "
        "chosen to catch the others.\n"
    )
    [activity] = rules.extract(text, page_start=1, language="en")
    assert (activity["players_min"], activity["players_max"]) == (10, None)
    assert activity["indoor_outdoor"] == "playground; gymnasium; schoolroom"


def test_written_activity_keeps_to_the_schema_with_the_words_each_value_was_read_from():
    text = "TAG\n\nFor 6 to 18 players, ages 8-12, about 10 minutes. One player is it and chases the others.\n"
    [activity] = rules.extract(text, page_start=1, language="en")
    assert activity["filter_evidence"]["players_min"] == "6 to 18 players"
    assert activity_errors(activity) == []


def test_no_stated_facts_means_no_filter_values():
    text = "HIDE AND SEEK.\n\nOne player hides his eyes while the others hide; then he seeks them all.\n"
    [activity] = rules.extract(text, page_start=1, language="en")
    assert activity["players_min"] is None and activity["duration_min"] is None
    assert activity["filter_origin"] == {}


def test_no_code_path_names_a_demo_book():
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in (Path(rules.__file__).parent).glob("*.py") if path.is_file()
    )
    assert not re.search(r"gutenberg|\b(8439|13022|16599|24597|37165|51540|33767|65993)\b|aleleio|levelup", source)


def test_section_heading_with_an_introduction_is_not_a_game():
    text = corpus_excerpt(SCHOOL, "RACING GAMES FOR PICNICS", "Potato Race")
    activities = rules.extract(text, page_start=1, language="en")
    assert [activity["name"] for activity in activities][:1] == ["Egg and Spoon Race"]
    assert "Racing Games for Picnics" not in [activity["name"] for activity in activities]
    assert activities[0]["categories"] == ["racing games"]


def test_title_with_or_between_single_words_stays_whole():
    text = "THE LUCKY OR UNLUCKY SLIPPER.\n\n" + "A slipper is waved three times over the head of the player. " * 2
    [activity] = rules.extract(text, page_start=1, language="en")
    assert (activity["name"], activity["aliases"]) == ("The Lucky or Unlucky Slipper", [])


def test_title_ending_a_chunk_takes_its_text_from_the_next_chunk():
    text = corpus_excerpt(EVERYBODY, "PART I.", "SCHOOL.")
    cut = text.index("SOAP-BUBBLE CONTEST.") + len("SOAP-BUBBLE CONTEST.")
    context = rules.SectionContext()
    first = names(text[:cut], context=context)
    second = rules.extract(text[cut:], page_start=2, language="en", context=context)
    assert first == ["Animal Show", "Chase the Rabbit"]
    assert second[0]["name"] == "Soap-bubble Contest"
    assert second[0]["quote"].startswith("Provide each child with a clay pipe")
    assert second[0]["quote"] in text[cut:]


def test_title_case_titles_in_pdf_text_without_blank_lines():
    text = re.sub(r"\n\s*\n+", "\n", corpus_excerpt(SCHOOL, "Part I", "Aisle Hunt"))
    assert names(text) == SCHOOL_PART_ONE_TITLES


def test_numbered_title_case_titles():
    text = (
        "12. Puss in the Corner\n\nFour players stand in the corners of the room, and one in the middle tries "
        "to take a corner.\n\n13. Hide and Seek\n\nOne player counts to a hundred with his eyes shut while all the "
        "others hide.\n"
    )
    assert names(text) == ["Puss in the Corner", "Hide and Seek"]


def test_games_embedded_in_a_mostly_other_book_are_kept_and_the_rest_dropped():
    start = "*** START OF THE PROJECT GUTENBERG EBOOK SCOUTING FOR BOYS ***"
    text = corpus_excerpt("gutenberg-65993-scouting-for-boys/65993-0.txt", start)
    context = rules.SectionContext()
    found = []
    for start in range(0, len(text), 12000):
        found += names(text[start : start + 12000], context=context)
    assert "Kim's Game" in found
    assert len(found) <= 60  # of several hundred titled sections in the book


# 13022 as its HTML reads: one line per paragraph, Title Case titles, star separators.
HTML_TEXT = """Magic Music

One of the players is sent out of the room, and the rest then agree upon some simple task for her to perform.

* * * * *

Buzz

[Plate 2 (click to view).]

This is a very old game, but is always a very great favorite. The more the players, the greater the fun.

* * * * *

"I Apprenticed My Son."

The best way of describing this game is to give an illustration of how it is played.
"""


def test_html_text_with_title_case_titles_and_star_separators():
    activities = rules.extract(HTML_TEXT, page_start=1, language="en")
    assert [activity["name"] for activity in activities] == ["Magic Music", "Buzz", "I Apprenticed My Son"]
    assert activities[1]["quote"].startswith("This is a very old game")


def test_wiki_infobox_facts_are_stated():
    text = (CORPUS / "wikibooks-interlingual-energizers-excerpts" / "Toaster.en-wikibooks-org.txt").read_text(
        encoding="utf-8"
    )
    [activity] = rules.extract(text, page_start=1, language="en")
    picked = {key: activity[key] for key in ("age_min", "players_min", "players_max", "duration_min", "duration_max")}
    assert picked == {"age_min": 6, "players_min": 5, "players_max": 15, "duration_min": 5, "duration_max": 10}
    assert activity["categories"] == ["energizer"]


def test_stories_letters_and_party_advice_between_titles_are_not_extracted():
    found = names(corpus_excerpt(HOUSEHOLD, "BREAKFAST-TABLE DECORATION.", "PARLOR FORTUNE-TELLING."))
    stories_and_advice = {
        "How They Planted the Nasturtiums",
        "A Garden Party",
        "For the Boys",
        "I Wish I Were a General",
        "A Hebrew Christian",
        "The Baby’s Lesson",
    }
    assert not stories_and_advice & set(found)


def test_a_chapter_introduction_is_left_out_and_the_game_after_it_kept():
    found = names(corpus_excerpt(OCCASIONS, "=FOURTH OF JULY=", "RALLY ROUND THE FLAG"))
    assert found == ["What Will You Do for Your Country"]
