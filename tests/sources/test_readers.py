import pytest

from sources.readers import (
    EMPTY_FILE,
    EMPTY_FOLDER,
    NOT_FOUND,
    FailedFile,
    ReadError,
    document_read,
    html_text,
    markdown_title,
)
from sources.text import BINARY_CONTENT
from tests.sources.pdfs import image_only_pdf, text_pdf

HTML_PAGE = """<!DOCTYPE html>
<html><head><title>My Book of Indoor Games</title><style>p {color: red}</style></head>
<body>
<p>***START OF THE PROJECT GUTENBERG EBOOK MY BOOK OF INDOOR GAMES***</p>
<h3>Magic Music</h3>
<p>One of the players is sent out of the room,
   and the rest <span class="pagenum">[16]</span>agree upon a task.</p>
<hr class="short" />
<h3>Trades</h3>
<p>Each player chooses a trade.<br/>Then the fun begins.</p>
<script>alert("x")</script>
<p>***END OF THE PROJECT GUTENBERG EBOOK MY BOOK OF INDOOR GAMES***</p>
<p>Project Gutenberg licence</p>
</body></html>
"""

MARKDOWN_GAME = """---
game_types:
  - ice
title: "Boom!"
---
# Boom!

## Description
Participants stand in a circle.
"""


def test_html_title_comes_from_the_title_tag():
    assert html_text(HTML_PAGE)[0] == "My Book of Indoor Games"


def test_html_heading_is_its_own_line_between_blank_lines():
    assert "\n\nMagic Music\n\n" in html_text(HTML_PAGE)[1]


def test_html_paragraph_whitespace_is_collapsed_and_page_numbers_dropped():
    assert "One of the players is sent out of the room, and the rest agree upon a task." in html_text(HTML_PAGE)[1]


def test_html_line_break_is_kept():
    assert "Each player chooses a trade.\nThen the fun begins." in html_text(HTML_PAGE)[1]


def test_html_thematic_break_becomes_an_asterisk_separator():
    assert "\n\n* * * * *\n\n" in html_text(HTML_PAGE)[1]


def test_html_scripts_and_styles_are_dropped():
    text = html_text(HTML_PAGE)[1]
    assert "alert" not in text and "color" not in text


def test_html_navigation_menus_and_forms_are_dropped():
    markup = "<body><nav><a href='/'>Home</a></nav><h2>Toaster</h2><form><button>Search</button></form></body>"
    assert html_text(markup)[1] == "Toaster"


def test_html_file_reads_without_gutenberg_boilerplate(tmp_path):
    path = tmp_path / "book-h.htm"
    path.write_text(HTML_PAGE, encoding="ascii")
    document = document_read(path)
    assert document.pages[0].startswith("Magic Music")
    assert "Gutenberg" not in document.pages[0]


def test_markdown_keeps_front_matter_at_the_top_of_its_page(tmp_path):
    path = tmp_path / "boom.md"
    path.write_text(MARKDOWN_GAME, encoding="utf-8")
    assert document_read(path).pages[0].startswith("---\ngame_types:\n  - ice")


def test_markdown_title_comes_from_front_matter():
    assert markdown_title(MARKDOWN_GAME) == "Boom!"


def test_markdown_title_falls_back_to_first_heading():
    assert markdown_title("Intro\n\n# Zip Zap Zop\n\ntext") == "Zip Zap Zop"


def test_text_file_in_latin1_with_crlf_reads_as_normalized_unicode(tmp_path):
    path = tmp_path / "book-8.txt"
    path.write_bytes("SPECIAL FÊTES.\r\n\r\nA fête for the children, naïve and gay.\r\n".encode("latin-1") * 3)
    assert document_read(path).pages[0].startswith("SPECIAL FÊTES.\n\nA fête for the children, naïve and gay.")


def test_text_file_with_mixed_cr_and_crlf_line_ends(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"one\r\ntwo\rthree\n")
    assert document_read(path).pages == ["one\ntwo\nthree"]


def test_text_file_utf8_with_bom_and_cedillas(tmp_path):
    path = tmp_path / "ro.txt"
    path.write_bytes("\ufeffJocul de-a ascunselea: şase copii, ţara.".encode())
    assert document_read(path).pages == ["Jocul de-a ascunselea: șase copii, țara."]


def test_pdf_file_reads_one_page_per_pdf_page(tmp_path):
    path = text_pdf(tmp_path / "two.pdf", [["First page text of the game."], ["Second page text of it."]])
    assert document_read(path).pages == ["First page text of the game.", "Second page text of it."]


def test_pdf_title_comes_from_its_document_information(tmp_path):
    path = text_pdf(tmp_path / "manual.pdf", [["Some games for the group."]], title="Energizers for Trainers")
    assert document_read(path).title == "Energizers for Trainers"


def test_pdf_without_text_reads_as_needs_ocr(tmp_path):
    with pytest.raises(ReadError) as caught:
        document_read(image_only_pdf(tmp_path / "scan.pdf"))
    assert caught.value.needs_ocr


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match=EMPTY_FILE):
        document_read(path)


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "games.docx"
    path.write_bytes(b"PK\x03\x04 something")
    with pytest.raises(ReadError, match="unsupported file type: .docx"):
        document_read(path)


def test_binary_garbage_with_text_extension_is_refused(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ReadError, match=BINARY_CONTENT):
        document_read(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReadError, match=NOT_FOUND):
        document_read(tmp_path / "nope.txt")


def test_folder_pages_are_its_files_in_the_given_order(tmp_path):
    for name, text in [("b.md", "# Bee"), ("a.md", "# Ant")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    document = document_read(tmp_path, files=[tmp_path / "a.md", tmp_path / "b.md"])
    assert document.pages == ["# Ant", "# Bee"]


def test_folder_with_a_bad_file_keeps_the_others_and_reports_it(tmp_path):
    (tmp_path / "a.md").write_text("# Ant", encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"")
    document = document_read(tmp_path, files=[tmp_path / "a.md", tmp_path / "b.md"])
    assert document.pages == ["# Ant", ""]
    assert document.failed_files == (FailedFile(name="b.md", reason=EMPTY_FILE),)


def test_folder_where_no_file_can_be_read_is_refused(tmp_path):
    (tmp_path / "a.md").write_bytes(b"")
    with pytest.raises(ReadError, match="no file of the folder could be read"):
        document_read(tmp_path, files=[tmp_path / "a.md"])


def test_empty_folder_is_refused(tmp_path):
    with pytest.raises(ReadError, match=EMPTY_FOLDER):
        document_read(tmp_path, files=[])


def test_form_feeds_in_a_text_file_are_page_breaks(tmp_path):
    path = tmp_path / "paged.txt"
    path.write_text("Page one.\n\fPage two.\n\fPage three.", encoding="ascii")
    assert document_read(path).pages == ["Page one.", "Page two.", "Page three."]


def _demo_text(demo_corpus, relative: str) -> str:
    return "\f".join(document_read(demo_corpus / relative).pages)


def test_demo_latin1_book_decodes_its_accented_letters(demo_corpus):
    text = _demo_text(demo_corpus, "gutenberg-16599-school-church-and-home-games/16599-8.txt")
    assert "Aëroplane" in text and "12×15 inches" in text


def test_demo_latin1_book_with_old_line_ends_has_no_carriage_returns(demo_corpus):
    text = _demo_text(demo_corpus, "gutenberg-37165-games-without-music-for-children/37165-8.txt")
    assert "child should have a ¾ yard" in text.replace("\n", " ")
    assert "\r" not in text


def test_demo_utf8_book_with_bom(demo_corpus):
    text = _demo_text(demo_corpus, "gutenberg-51540-fun-for-the-household/51540-0.txt")
    assert "SPECIAL FÊTES." in text
    assert "\ufeff" not in text


def test_demo_ascii_book_keeps_its_caps_titles_on_their_own_lines(demo_corpus):
    text = _demo_text(demo_corpus, "gutenberg-24597-games-for-all-occasions/24597.txt")
    assert "\n\nCATCHING THE MOUSE\n\n" in text
