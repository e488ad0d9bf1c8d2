import re

from sources.chunking import chunks_split, heading_like

PROSE = "The players stand in a ring and pass a ball from hand to hand while the music plays. "


def _game(title: str, paragraphs: int = 3) -> str:
    return title + "\n\n" + "\n\n".join(PROSE * 3 for _ in range(paragraphs))


def _words(text: str) -> list[str]:
    return text.split()


def test_small_document_is_one_chunk():
    (chunk,) = chunks_split(pages=["CAT AND MOUSE.\n\nA ring game."], max_chars=1000)
    assert (chunk.text, chunk.page_start, chunk.page_end) == ("CAT AND MOUSE.\n\nA ring game.", 1, 1)


def test_no_chunk_exceeds_the_maximum():
    pages = ["\n\n".join(_game(f"GAME NUMBER {n}") for n in range(30))]
    assert max(len(chunk.text) for chunk in chunks_split(pages=pages, max_chars=2000)) <= 2000


def test_chunks_cover_every_word_in_order():
    pages = ["\n\n".join(_game(f"GAME NUMBER {n}") for n in range(10)), _game("LAST GAME")]
    chunks = chunks_split(pages=pages, max_chars=1500)
    assert _words(" ".join(chunk.text for chunk in chunks)) == _words(" ".join(pages))


def test_cut_falls_before_a_caps_title_not_inside_a_game():
    pages = ["\n\n".join(_game(f"GAME NUMBER {n}", paragraphs=2) for n in range(12))]
    chunks = chunks_split(pages=pages, max_chars=2500)
    assert len(chunks) > 1
    assert all(chunk.text.startswith("GAME NUMBER") for chunk in chunks)


def test_cut_falls_before_a_markdown_heading():
    pages = ["\n\n".join(f"### Game {n}\n\n" + PROSE * 6 for n in range(12))]
    chunks = chunks_split(pages=pages, max_chars=2000)
    assert all(chunk.text.startswith("### Game") for chunk in chunks)


def test_cut_falls_before_a_title_case_line_between_blank_lines():
    pages = ["\n\n".join(f"Cat and Mouse {n}\n\n" + PROSE * 6 for n in range(12))]
    chunks = chunks_split(pages=pages, max_chars=2000)
    assert all(chunk.text.startswith("Cat and Mouse") for chunk in chunks)


def test_cut_prefers_a_title_set_apart_over_caps_lines_running_into_text():
    play = "\n\n".join(f"SHOPMAN\nGood morning, what can I get for you, dear customer {n}?" for n in range(20))
    pages = ["\n\n".join(f"GAME {n}\n\n{play}" for n in range(4))]
    chunks = chunks_split(pages=pages, max_chars=2600)
    assert len(chunks) > 1
    assert all(chunk.text.startswith("GAME ") for chunk in chunks)


def test_pages_inside_a_chunk_are_separated_by_form_feeds():
    (chunk,) = chunks_split(pages=["page one text", "page two text", "page three text"], max_chars=1000)
    assert chunk.text == "page one text\n\fpage two text\n\fpage three text"
    assert (chunk.page_start, chunk.page_end) == (1, 3)


def test_page_of_an_offset_is_page_start_plus_form_feeds_before_it():
    pages = [f"GAME {n}\n\n" + PROSE * 4 for n in range(1, 9)]
    for chunk in chunks_split(pages=pages, max_chars=1200):
        for match in re.finditer(r"GAME (\d+)", chunk.text):
            assert chunk.page_start + chunk.text[: match.start()].count("\f") == int(match.group(1))


def test_empty_pages_are_counted_but_carry_no_text():
    (chunk,) = chunks_split(pages=["", "second page", "", "fourth page"], max_chars=1000)
    assert (chunk.page_start, chunk.page_end) == (2, 4)
    assert chunk.text == "second page\n\f\ffourth page"


def test_a_line_longer_than_a_chunk_is_cut_at_sentence_ends():
    line = "A sentence about the game. " * 200
    chunks = chunks_split(pages=[line], max_chars=500)
    assert all(len(chunk.text) <= 500 for chunk in chunks)
    assert all(chunk.text.endswith(".") for chunk in chunks)


def test_same_input_gives_same_chunks():
    pages = ["\n\n".join(_game(f"GAME NUMBER {n}") for n in range(20))]
    assert chunks_split(pages=pages, max_chars=1800) == chunks_split(pages=pages, max_chars=1800)


def test_heading_like_recognizes_titles():
    titles = [
        "CAT AND MOUSE.",
        "42. _PUSS IN THE CORNER_",
        "III. Ineluș învîrtecuș",
        "## **Energy Clap**",
        "*  *  *  *",
    ]
    assert all(heading_like(title) for title in titles)


def test_heading_like_rejects_prose():
    assert not heading_like("The players stand in a ring and pass the ball.")


def test_numbered_verse_line_is_not_a_heading():
    assert not heading_like("1. Breakfast over, off we go,")


def test_numbered_long_sentence_is_not_a_heading():
    assert not heading_like("2. The players then stand in a ring and the leader walks round it slowly")


def test_title_case_counts_as_heading_only_when_isolated():
    assert heading_like("Cat and Mouse", isolated=True)
    assert not heading_like("Cat and Mouse")
