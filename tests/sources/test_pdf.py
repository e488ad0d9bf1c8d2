import pytest

from sources.pdf import (
    ENCRYPTED,
    NO_TEXT_LAYER,
    NOT_A_PDF,
    TRUNCATED,
    PdfError,
    furniture_remove,
    hyphens_join,
    hyphens_join_across_pages,
    pdf_read,
    small_caps_join,
)
from tests.sources.pdfs import image_only_pdf, text_pdf, truncated_pdf

HEADER = "Games for Rainy Days - Chapter One"


GAMES = ["CAT AND MOUSE", "HOT POTATO", "SIMON SAYS", "BLIND MAN'S BUFF"]


def _book_pages(count: int) -> list[list[str]]:
    pages = []
    for number in range(1, count + 1):
        game = GAMES[(number - 1) % len(GAMES)]
        pages.append(
            [
                HEADER,
                game,
                f"For {game.title()} the players sit in a ring and the leader calls a num-",
                "ber aloud; the player with that number stands up.",
                f"Whoever is slow at {game.lower()} pays a forfeit.",
                "The game goes on until everyone has had a turn.",
                str(number),
            ]
        )
    return pages


@pytest.fixture
def book_pdf(tmp_path):
    return text_pdf(tmp_path / "book.pdf", _book_pages(4))


def test_pdf_pages_gives_one_text_per_page(book_pdf):
    assert len(pdf_read(book_pdf).pages) == 4


def test_pdf_running_header_is_removed_from_every_page(book_pdf):
    assert not any(HEADER in page for page in pdf_read(book_pdf).pages)


def test_pdf_page_numbers_are_removed(book_pdf):
    pages = pdf_read(book_pdf).pages
    assert all(not line.strip().isdigit() for page in pages for line in page.split("\n"))


def test_pdf_words_hyphenated_at_line_end_are_joined(book_pdf):
    assert "calls a number aloud;" in pdf_read(book_pdf).pages[0]


def test_pdf_body_text_is_kept(book_pdf):
    assert pdf_read(book_pdf).pages[2].startswith("SIMON SAYS\nFor Simon Says the players")


def test_furniture_with_changing_page_numbers_is_removed():
    pages = [f"Body text {word} here.\nSome {word}.\n{n}/12 file:///tmp/book.htm" for n, word in enumerate("abcde")]
    assert furniture_remove(pages)[3] == "Body text d here.\nSome d."


def _pages_with_top_lines(tops: list[str]) -> list[str]:
    return [
        f"{top}\nThe game number {word} is played in a ring.\nMore text {word}."
        for top, word in zip(tops, "abcdefghij", strict=False)
    ]


def test_chapter_header_on_a_run_of_pages_is_removed():
    tops = ["BOOK TITLE", "CHAPTER ONE: RING GAMES", "CHAPTER ONE: RING GAMES", "CHAPTER ONE: RING GAMES"] + [
        "CHAPTER TWO: RACES",
        "CHAPTER TWO: RACES",
        "CHAPTER TWO: RACES",
        "INDEX",
    ]
    pages = furniture_remove(_pages_with_top_lines(tops))
    assert [page.split("\n")[0] for page in pages[1:7]] == [
        f"The game number {word} is played in a ring." for word in "bcdefg"
    ]


def test_header_on_every_other_page_is_removed():
    tops = ["GAMES FOR ALL", "Part one", "GAMES FOR ALL", "Part two", "GAMES FOR ALL", "Part three", "GAMES FOR ALL"]
    pages = furniture_remove(_pages_with_top_lines(tops))
    assert not any(page.startswith("GAMES FOR ALL") for page in pages)
    assert pages[1].startswith("Part one")


def test_furniture_removal_keeps_lines_that_repeat_on_few_pages():
    pages = ["Tag\nbody a", "Tag\nbody b", "other\nbody c", "other2\nbody d", "other3\nbody e"]
    assert furniture_remove(pages)[0] == "Tag\nbody a"


def test_word_hyphenated_across_a_page_break_is_completed_on_the_first_page():
    pages = ["The players form a ring and the leader counts to twen-", "ty. Then everyone runs.", "Next page."]
    assert hyphens_join_across_pages(pages) == [
        "The players form a ring and the leader counts to twenty.",
        "Then everyone runs.",
        "Next page.",
    ]


def test_hyphen_at_a_page_end_before_a_capital_is_kept():
    pages = ["See the game called Cat-", "Mouse rules below."]
    assert hyphens_join_across_pages(pages) == pages


def test_hyphen_before_a_capital_is_kept():
    assert hyphens_join("well-\nKnown") == "well-\nKnown"


def test_encrypted_pdf_is_refused_with_a_reason(tmp_path):
    path = text_pdf(tmp_path / "locked.pdf", [["Secret games inside this manual."]], password="secret")
    with pytest.raises(PdfError) as caught:
        pdf_read(path)
    assert caught.value.reason == ENCRYPTED


def test_pdf_encrypted_with_an_empty_password_opens(tmp_path):
    path = text_pdf(tmp_path / "permissions.pdf", [["Open games with permissions only."]], password="")
    assert pdf_read(path).pages == ["Open games with permissions only."]


def test_pdf_without_text_layer_needs_ocr(tmp_path):
    with pytest.raises(PdfError) as caught:
        pdf_read(image_only_pdf(tmp_path / "scan.pdf"))
    assert caught.value.needs_ocr
    assert caught.value.reason == NO_TEXT_LAYER


def test_truncated_pdf_is_reported_truncated(tmp_path):
    path = truncated_pdf(tmp_path / "cut.pdf", _book_pages(6))
    with pytest.raises(PdfError) as caught:
        pdf_read(path)
    assert (caught.value.reason, caught.value.needs_ocr) == (TRUNCATED, False)


def test_pdf_missing_only_its_last_bytes_is_still_refused(tmp_path):
    path = text_pdf(tmp_path / "almost.pdf", _book_pages(6))
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(PdfError, match=TRUNCATED):
        pdf_read(path)


def test_garbage_with_pdf_extension_is_not_a_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(PdfError, match=NOT_A_PDF):
        pdf_read(path)


def test_pdf_with_corrupt_structure_is_reported_corrupt(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    with pytest.raises(PdfError) as caught:
        pdf_read(path)
    assert caught.value.reason.startswith("corrupt PDF: ")


def test_unreadable_page_is_left_empty_and_reported(tmp_path):
    path = text_pdf(tmp_path / "book.pdf", _book_pages(3))
    # Break the second page's content stream only: a hex string with non-hex digits.
    path.write_bytes(path.read_bytes().replace(b"(For Hot Potato", b"<zz For Hot Potato", 1))
    text = pdf_read(path)
    assert text.unreadable == [2]
    assert (text.pages[1], text.pages[2].split("\n")[0]) == ("", "SIMON SAYS")


def test_small_caps_split_words_are_joined_on_caps_lines():
    assert small_caps_join("1. L AYING  THE  B REAKFAST - TABLE 1") == "1. LAYING THE BREAKFAST - TABLE 1"


def test_small_caps_speaker_name_alone_on_its_line_is_joined():
    assert small_caps_join("C USTOMER\nGood morning, shopman") == "CUSTOMER\nGood morning, shopman"


def test_small_caps_join_leaves_an_article_and_a_word_alone():
    assert small_caps_join("A BOX") == "A BOX"


def test_small_caps_join_leaves_prose_alone():
    assert small_caps_join("at the end.  A BIG dog came") == "at the end.  A BIG dog came"


def test_small_caps_join_leaves_caps_lines_with_single_spaces_alone():
    assert small_caps_join("I AM A BIG DOG") == "I AM A BIG DOG"


def test_larger_vertical_gap_becomes_a_blank_line(tmp_path):
    lines = ["HIDE AND SEEK", "One player counts to twenty.", "The others hide.", "", "Variation", "Count to fifty."]
    path = text_pdf(tmp_path / "gaps.pdf", [lines * 3])
    page = pdf_read(path).pages[0]
    assert page.startswith(
        "HIDE AND SEEK\nOne player counts to twenty.\nThe others hide.\n\nVariation\nCount to fifty."
    )
