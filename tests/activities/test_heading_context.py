"""Heading context: what the headings above a game say about it, in force until the next heading of the same or a
higher rank, in plain text, Markdown and HTML as the reader renders it."""

from activities.extraction import rules
from sources.readers import document_read
from tests.activities.test_rules_extractor import CORPUS, ISPIRESCU, SCHOOL, corpus_excerpt

PLAY = (
    "The players stand in a ring and one of them is chosen to be it. He tries to touch another player before "
    "that one can change places with a neighbour, and the one touched is it next."
)


def extract(text: str, **kwargs) -> dict[str, dict]:
    return {activity["name"]: activity for activity in rules.extract(text, page_start=1, language="en", **kwargs)}


def place_and_ages(activity: dict) -> tuple:
    return activity["indoor_outdoor"], activity["age_min"], activity["age_max"]


def test_a_chapter_ends_the_place_its_predecessor_gave():
    # "AN INDOOR SPORTS FAIR" (the chapter before) says indoor; the racing games are not under it.
    games = extract(corpus_excerpt(SCHOOL, "AN INDOOR SPORTS FAIR", "Potato Race"))
    racing = [games[name] for name in ("Egg and Spoon Race", "Pea Shelling Race", "Needle Threading Race")]
    assert {activity["indoor_outdoor"] for activity in racing} == {None}
    assert {tuple(activity["categories"]) for activity in racing} == {("racing games",)}
    assert racing[0]["filter_evidence"] == {"categories": "RACING GAMES FOR PICNICS"}


def test_a_chapter_ends_the_sections_of_the_chapter_before():
    games = list(extract(corpus_excerpt(SCHOOL, "For Advanced and High School Pupils", "Steps")).values())
    last_schoolroom_game, chase_the_rabbit = games[-2], games[-1]
    assert chase_the_rabbit["name"] == "Chase the Rabbit"
    assert (last_schoolroom_game["age_min"], last_schoolroom_game["age_max"]) == (14, 18)
    assert last_schoolroom_game["filter_evidence"]["age_min"] == "For Advanced and High School Pupils"
    assert place_and_ages(chase_the_rabbit) == ("schoolyard", 6, 11)  # "For Primary Pupils", the heading above it


PLAIN_BOOK = f"""OUT-DOOR GAMES


For Little Children


Puss in the Corner

{PLAY}


For Older Boys and Girls


Prisoner's Base

{PLAY}


PARLOR GAMES


Buzz

{PLAY}
"""


def test_plain_text_section_heading_ends_at_the_next_section_of_its_rank_and_the_chapter_at_the_next_chapter():
    games = extract(PLAIN_BOOK)
    assert place_and_ages(games["Puss in the Corner"]) == ("out-door", 3, 6)
    assert place_and_ages(games["Prisoner's Base"]) == ("out-door", 10, 14)
    assert place_and_ages(games["Buzz"]) == ("parlor", None, None)
    assert games["Prisoner's Base"]["filter_evidence"] == {
        "indoor_outdoor": "OUT-DOOR GAMES",
        "age_min": "For Older Boys and Girls",
        "age_max": "For Older Boys and Girls",
    }


def test_the_heading_after_a_bare_chapter_line_names_the_chapter_and_holds_its_sections():
    text = f"CHAPTER II\n\n\nGAMES FOR LITTLE CHILDREN\n\n\nBALL GAMES\n\n\nCatch Ball\n\n{PLAY}\n"
    catch_ball = extract(text)["Catch Ball"]
    assert (catch_ball["age_min"], catch_ball["age_max"], catch_ball["categories"]) == (3, 6, ["ball games"])


def test_romanian_heading_and_its_subtitle_give_place_and_ages():
    text = "CAPITOLUL II\n\nJOCURI DE IARNĂ ÎN CASĂ\n\nPentru copiii mici\n\n" + (CORPUS / ISPIRESCU).read_text(
        encoding="utf-8"
    )
    [game] = rules.extract(text, page_start=1, language="ro")
    assert (game["name"], *place_and_ages(game)) == ("Ineluș învîrtecuș", "în casă", 3, 6)
    assert game["filter_evidence"]["indoor_outdoor"] == "JOCURI DE IARNĂ ÎN CASĂ — Pentru copiii mici"


def test_markdown_heading_ends_at_the_next_heading_of_its_depth_or_a_shallower_one():
    text = (
        f"# Outdoor games\n\n## Ball games\n\n### Dodge Ball\n\n{PLAY}\n\n## Tag\n\n{PLAY}\n\n"
        f"# Games for grown-ups\n\n### Charades\n\n{PLAY}\n"
    )
    games = extract(text)
    assert (games["Dodge Ball"]["indoor_outdoor"], games["Dodge Ball"]["categories"]) == ("outdoor", ["ball games"])
    assert (games["Tag"]["indoor_outdoor"], games["Tag"]["categories"]) == ("outdoor", [])
    assert place_and_ages(games["Charades"]) == (None, 18, None)


def test_html_headings_as_the_reader_renders_them_rank_by_their_typography(tmp_path):
    page = tmp_path / "book.html"
    page.write_text(
        f"<html><body><h2>OUT-DOOR GAMES</h2><h3>Ball Games</h3><h4>Dodge Ball</h4><p>{PLAY}</p>"
        f"<h3>Running Games</h3><h4>Hare and Hounds</h4><p>{PLAY}</p>"
        f"<h2>PARLOR GAMES</h2><h4>Buzz</h4><p>{PLAY}</p></body></html>",
        encoding="utf-8",
    )
    [text] = document_read(page).pages
    games = extract(text)
    assert (games["Dodge Ball"]["indoor_outdoor"], games["Dodge Ball"]["categories"]) == ("out-door", ["ball games"])
    assert (games["Hare and Hounds"]["indoor_outdoor"], games["Hare and Hounds"]["categories"]) == ("out-door", [])
    assert (games["Buzz"]["indoor_outdoor"], games["Buzz"]["categories"]) == ("parlor", [])


def test_a_games_own_statement_beats_its_heading():
    text = f"OUT-DOOR GAMES\n\n\nFor Little Children\n\n\nHide the Thimble\n\n{PLAY} It is played indoors.\n"
    thimble = extract(text)["Hide the Thimble"]
    assert (thimble["indoor_outdoor"], thimble["filter_origin"]["indoor_outdoor"]) == ("indoors", "stated")
    assert (thimble["age_min"], thimble["filter_origin"]["age_min"]) == (3, "context")
    assert thimble["filter_evidence"]["indoor_outdoor"] == "indoors"


def test_context_values_are_marked_context_with_the_heading_as_evidence():
    puss = extract(PLAIN_BOOK)["Puss in the Corner"]
    assert puss["filter_origin"] == {
        "indoor_outdoor": "context",
        "age_min": "context",
        "age_max": "context",
    }
    assert puss["filter_evidence"]["age_min"] == "For Little Children"


def test_headings_carry_across_chunks_and_a_title_ending_a_chunk_does_not_end_them():
    first = "OUT-DOOR GAMES\n\n\nFor Older Boys and Girls\n\n\nPrisoner's Base\n"
    second = f"\n{PLAY}\n\n\nRed Rover\n\n{PLAY}\n"
    context = rules.SectionContext()
    assert extract(first, context=context) == {}
    games = extract(second, context=context)
    assert list(games) == ["Prisoner's Base", "Red Rover"]
    assert {place_and_ages(activity) for activity in games.values()} == {("out-door", 10, 14)}
