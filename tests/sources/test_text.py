import pytest

from sources.text import (
    BINARY_CONTENT,
    bytes_decode,
    gutenberg_strip,
    language_detect,
    text_normalize,
)

ROMANIAN = "Oricîți copii, băieți și fete, se adună la un loc, și după ce zic una din formulele jocului"
ENGLISH = "The children stand in a ring, and one of them is chosen to be the cat."


def test_decode_utf8_with_bom_drops_the_bom():
    assert bytes_decode("\ufeffFête și joc".encode()) == "Fête și joc"


def test_decode_utf8_without_bom():
    assert bytes_decode("Fête și joc".encode()) == "Fête și joc"


def test_decode_latin1():
    data = "SPECIAL FÊTES. The children's fête: à la française, naïve, élan, café.\n".encode("latin-1") * 20
    assert "FÊTES" in bytes_decode(data)
    assert "naïve" in bytes_decode(data)


def test_decode_ascii():
    assert bytes_decode(b"CAT AND MOUSE.\r\n") == "CAT AND MOUSE.\r\n"


def test_decode_refuses_binary_content():
    with pytest.raises(ValueError, match=BINARY_CONTENT):
        bytes_decode(bytes(range(256)) * 40)


def test_normalize_turns_crlf_and_lone_cr_into_newlines():
    assert text_normalize("one\r\ntwo\rthree\n") == "one\ntwo\nthree"


def test_normalize_turns_cedilla_letters_into_comma_below():
    assert text_normalize("Şi ţara, aşa ţine: ŞŢşţ") == "Și țara, așa ține: ȘȚșț"


def test_normalize_composes_to_nfc():
    decomposed = "i\u0302nvi\u0302rtecus\u0326"
    assert text_normalize(decomposed) == "învîrtecuș"


def test_normalize_expands_ligatures():
    assert text_normalize("ﬁle ﬂag") == "file flag"


GUTENBERG_BOOK = """The Project Gutenberg EBook of Games, by Someone

This eBook is for the use of anyone anywhere at no cost.

*** START OF THIS PROJECT GUTENBERG EBOOK GAMES ***

Produced by A. Volunteer and the Online Distributed
Proofreading Team at http://www.pgdp.net

CAT AND MOUSE.

The players form a ring.

End of the Project Gutenberg EBook of Games, by Someone

*** END OF THIS PROJECT GUTENBERG EBOOK GAMES ***

***** This file should be named 8439-8.txt *****
Project Gutenberg-tm licence text...
"""


def test_gutenberg_strip_keeps_only_the_book():
    (page,) = gutenberg_strip([text_normalize(GUTENBERG_BOOK)])
    assert page == "CAT AND MOUSE.\n\nThe players form a ring."


def test_gutenberg_strip_keeps_page_count_when_boilerplate_spans_pages():
    pages = [
        "Header of Project Gutenberg",
        "*** START OF THE PROJECT GUTENBERG EBOOK X ***\nGame one",
        "Game two",
        "*** END OF THE PROJECT GUTENBERG EBOOK X ***\nlicence",
        "more licence",
    ]
    assert gutenberg_strip(pages) == ["", "Game one", "Game two", "", ""]


def test_gutenberg_strip_drops_credit_lines_inside_a_long_pdf_paragraph():
    body = "\n".join(
        ["Produced by Emmy and the Online Distributed Proofreading", "Team at http://www.pgdp.net"]
        + [f"GAME {n}. Players stand in a circle and pass the ball around." for n in range(20)]
    )
    (page,) = gutenberg_strip([f"*** START OF THIS PROJECT GUTENBERG EBOOK X ***\n{body}"])
    assert page.startswith("GAME 0.")
    assert "pgdp" not in page


def test_gutenberg_strip_handles_the_old_small_print_header():
    old = (
        "The Project Gutenberg Etext of Games\n\n**The Project Gutenberg Etext**\n\nlicence...\n\n"
        "*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*\n\nCAT AND MOUSE.\n\nA ring game.\n\n"
        "End of Project Gutenberg Etext of Games\n"
    )
    assert gutenberg_strip([old]) == ["CAT AND MOUSE.\n\nA ring game."]


def test_gutenberg_strip_leaves_other_texts_alone():
    assert gutenberg_strip(["Just a game.", "Another."]) == ["Just a game.", "Another."]


def test_language_detect_romanian():
    assert language_detect(ROMANIAN) == "ro"


def test_language_detect_english():
    assert language_detect(ENGLISH) == "en"


def test_language_detect_empty_text_is_unknown():
    assert language_detect("   ") == ""


def test_decode_romanian_legacy_code_page():
    data = "Jocul se joacă iarna; fetele şi băieţii stau în cerc, ţinându-se de mână.\n".encode("cp1250") * 5
    assert "ţinându-se de mână" in text_normalize(bytes_decode(data)).replace("ț", "ţ")


def test_normalize_drops_nul_and_control_characters():
    assert text_normalize("a\x00b\x07c\x1bd\te") == "abcd\te"


def test_normalize_turns_a_form_feed_inside_a_page_into_a_line_end():
    assert text_normalize("end of one\fstart of two") == "end of one\nstart of two"


def test_decode_utf16_with_bom():
    assert bytes_decode("Jocul de-a ascunselea".encode("utf-16")) == "Jocul de-a ascunselea"
