"""PDF text per page, with the print furniture taken off.

Printed manuals repeat a header and/or footer on every page (book title,
chapter, date, a URL, ``12`` or ``3/46``) and hyphenate words at line ends.
Left in, the furniture lands in the middle of a game's text and breaks words
and titles apart, so it is removed here, before chunking.

A PDF's text layer has no blank lines: where the vertical gap between two
lines is clearly larger than the usual line spacing, a blank line is put
back, so paragraphs and stand-alone titles look as they do in a text file.
"""

import logging
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from .errors import ReadError

ENCRYPTED = "encrypted PDF (password protected)"
NO_TEXT_LAYER = "no text layer (scanned images?): needs OCR"
CORRUPT = "corrupt PDF: {error}"
TRUNCATED = "truncated PDF: no end-of-file marker"
NOT_A_PDF = "not a PDF: no %PDF header"
NO_PAGES = "PDF has no pages"
UNREADABLE_PAGES = "unreadable page(s) left empty: {pages}"

# Lines this close to a page's top or bottom may be furniture. pypdf emits
# Chromium's header and footer at the end of the page, other producers at
# the start, so both edges are looked at.
EDGE_LINES = 4
# A line is furniture when it shows up (digits ignored) at an edge of at
# least this share of the pages.
REPEAT_SHARE = 0.5
MIN_PAGES_FOR_REPEATS = 3
# ...or at the edge of this many pages in a row, each at most RUN_STEP pages
# after the last (a chapter title printed on every, or every other, page).
RUN_PAGES = 3
RUN_STEP = 2
# Fewer letters than this on every page means the PDF is images only.
MIN_TEXT_CHARS = 20
# A gap this many times the document's usual line spacing starts a paragraph.
PARAGRAPH_GAP_FACTOR = 1.4
# The header sits at the start, and the end-of-file marker at the very end
# (only a few bytes of trailing junk are tolerated).
HEADER_WINDOW = 1024
EOF_WINDOW = 2048

logger = logging.getLogger(__name__)

PAGE_NUMBER = re.compile(r"^\s*(page\s+)?[\[(]?(\d{1,4}|[ivxlcdm]{1,7})[\])]?(\s*(/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
DIGITS = re.compile(r"\d+")
HYPHEN_BREAK = re.compile(r"(\w)-\n(?=[a-zà-ÿăâîșțş])")
PAGE_END_HYPHEN = re.compile(r"\w-$")
PAGE_START_WORD = re.compile(r"^([a-zà-ÿăâîșțş][\w’'-]*[.,;:!?]?)[ \t]*\n?")
# Small capitals come out of some text layers as a spaced-off initial and the
# rest of the word, with two spaces between words: "L AYING  THE  B REAKFAST".
SMALL_CAPS_WORD = re.compile(r"(?:^|(?<=  )|(?<=\d\. ))([A-Z]) ([A-Z][A-Z'’-]+)\b")
# A line that is one such word ("C USTOMER", a speaker's name); not "A BOX" or "I SAY".
SMALL_CAPS_LINE = re.compile(r"^([B-HJ-NP-Z]) ([A-Z][A-Z'’-]+)(\s*[.:])?$")
LOWERCASE = re.compile(r"[a-z]")


class PdfError(ReadError):
    """A PDF that cannot be read; ``needs_ocr`` tells a scanned document apart."""


@dataclass(frozen=True)
class PdfText:
    pages: list[str]
    # 1-based numbers of pages whose content could not be parsed (left empty).
    unreadable: list[int]
    # The document information's title, "" when it has none.
    title: str = ""


def pdf_read(path: Path) -> PdfText:
    """The text of each page, furniture removed and hyphenated words joined."""
    page_lines, unreadable, title = _raw_pages(path)
    raw = _with_paragraph_breaks(page_lines)
    if sum(len(re.sub(r"\W", "", page)) for page in raw) < MIN_TEXT_CHARS:
        raise PdfError(NO_TEXT_LAYER, needs_ocr=True)
    pages = hyphens_join_across_pages(furniture_remove(raw))
    return PdfText(pages=[hyphens_join(small_caps_join(page)) for page in pages], unreadable=unreadable, title=title)


@dataclass(frozen=True)
class _Line:
    text: str
    # Vertical position on the page, None when the text layer does not say.
    y: float | None


def _page_lines(page) -> list[_Line]:
    """The page's lines as pypdf extracts them, each with its vertical position."""
    fragments: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size):
        if text:
            # The text matrix times the current transformation matrix, y only.
            fragments.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    plain = page.extract_text(visitor_text=visit) or ""
    if "".join(text for text, _y in fragments) != plain:
        # The visitor did not see the text as extracted: keep the lines, without positions.
        return [_Line(text=line, y=None) for line in plain.split("\n")]
    lines: list[_Line] = []
    text, y = "", None
    for fragment, fragment_y in fragments:
        for index, segment in enumerate(fragment.split("\n")):
            if index:
                lines.append(_Line(text=text, y=y))
                text, y = "", None
            if segment.strip() and y is None:
                y = fragment_y
            text += segment
    lines.append(_Line(text=text, y=y))
    return lines


def _gaps(lines: list[_Line]) -> list[float]:
    placed = [line.y for line in lines if line.y is not None and line.text.strip()]
    return [abs(after - before) for before, after in zip(placed, placed[1:], strict=False) if abs(after - before) > 0.1]


def _with_paragraph_breaks(pages: list[list[_Line]]) -> list[str]:
    """Page texts with a blank line wherever the gap to the previous line is
    well above the document's usual line spacing (the median gap)."""
    gaps = [gap for lines in pages for gap in _gaps(lines)]
    spacing = statistics.median(gaps) if gaps else None
    texts = []
    for lines in pages:
        out: list[str] = []
        previous_y = None
        for line in lines:
            if not line.text.strip():
                continue
            gap = abs(line.y - previous_y) if line.y is not None and previous_y is not None else 0.0
            if spacing and gap > PARAGRAPH_GAP_FACTOR * spacing:
                out.append("")
            out.append(line.text)
            if line.y is not None:
                previous_y = line.y
        texts.append("\n".join(out))
    return texts


def _check_envelope(path: Path) -> None:
    """Refuse what is not a whole PDF before pypdf tries to repair it: a
    lenient reader can rebuild a cut-off file and silently lose its end."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_WINDOW)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - EOF_WINDOW))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise PdfError(NOT_A_PDF)
    if b"%%EOF" not in tail:
        raise PdfError(TRUNCATED)


def _raw_pages(path: Path) -> tuple[list[list[_Line]], list[int], str]:
    _check_envelope(path)
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to set
            # permissions; those open fine.
            try:
                if not reader.decrypt(""):
                    raise PdfError(ENCRYPTED)
            except (FileNotDecryptedError, DependencyError, NotImplementedError) as error:
                raise PdfError(ENCRYPTED) from error
        pages = list(reader.pages)
        if not pages:
            raise PdfError(NO_PAGES)
        title = _metadata_title(reader)
    except PdfError:
        raise
    except FileNotDecryptedError as error:
        raise PdfError(ENCRYPTED) from error
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise PdfError(CORRUPT.format(error=error or type(error).__name__)) from error
    texts: list[list[_Line]] = []
    unreadable: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(_page_lines(page))
        except Exception:
            # One broken content stream must not cost the rest of the book.
            logger.warning("%s: page %d unreadable", path, number, exc_info=True)
            texts.append([])
            unreadable.append(number)
    return texts, unreadable, title


def _metadata_title(reader: PdfReader) -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, KeyError, TypeError, ValueError):
        return ""
    return " ".join(str(title).split()) if title else ""


def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [index for index, line in enumerate(lines) if line.strip()]
    # On a short page most lines are body text, whatever their place.
    size = max(1, min(EDGE_LINES, len(filled) // 3))
    return set(filled[:size]) | set(filled[-size:])


def _shape(line: str) -> str:
    return DIGITS.sub("#", " ".join(line.split())).casefold()


def furniture_remove(pages: list[str]) -> list[str]:
    """Drop page numbers at page edges, and running headers and footers: lines
    (compared with digits ignored) at the edges of most pages, or of a run of
    nearby pages (a chapter's title, on every or every other page)."""
    split = [page.split("\n") for page in pages]
    repeated = _furniture_shapes(split) if len(pages) >= MIN_PAGES_FOR_REPEATS else set()
    cleaned = []
    for lines in split:
        edges = _edge_indexes(lines)
        kept = [
            line
            for index, line in enumerate(lines)
            if index not in edges or not (_shape(line) in repeated or PAGE_NUMBER.match(line))
        ]
        cleaned.append("\n".join(kept).strip("\n"))
    return cleaned


def _furniture_shapes(split: list[list[str]]) -> set[str]:
    found_on: dict[str, list[int]] = defaultdict(list)
    for number, lines in enumerate(split):
        for shape in {_shape(lines[index]) for index in _edge_indexes(lines)} - {""}:
            found_on[shape].append(number)
    threshold = max(2, REPEAT_SHARE * len(split))
    return {
        shape for shape, numbers in found_on.items() if len(numbers) >= threshold or _longest_run(numbers) >= RUN_PAGES
    }


def _longest_run(numbers: list[int]) -> int:
    """The most occurrences in a row, each at most RUN_STEP pages after the last."""
    best = run = 1
    for before, after in zip(numbers, numbers[1:], strict=False):
        run = run + 1 if after - before <= RUN_STEP else 1
        best = max(best, run)
    return best


def hyphens_join_across_pages(pages: list[str]) -> list[str]:
    """A word hyphenated at the foot of a page is completed there with the
    first word of the next page (the page keeps the word it began)."""
    pages = list(pages)
    for number in range(len(pages) - 1):
        following = PAGE_START_WORD.match(pages[number + 1])
        if PAGE_END_HYPHEN.search(pages[number]) and following:
            pages[number] = pages[number][:-1] + following.group(1)
            pages[number + 1] = pages[number + 1][following.end() :]
    return pages


def hyphens_join(text: str) -> str:
    """``recrea-\\ntion`` → ``recreation``: a word split at a line end by a
    hyphen is joined when the next line starts in lower case."""
    return HYPHEN_BREAK.sub(r"\1", text)


def small_caps_join(text: str) -> str:
    """``L AYING  THE  B REAKFAST`` → ``LAYING THE BREAKFAST``, on lines without
    lower case only (in prose, "A  BIG" may be meant)."""
    lines = []
    for line in text.split("\n"):
        if SMALL_CAPS_LINE.match(line):
            line = SMALL_CAPS_LINE.sub(r"\1\2\3", line)
        elif "  " in line and not LOWERCASE.search(line):
            joined = SMALL_CAPS_WORD.sub(r"\1\2", line)
            line = re.sub(r" {2,}", " ", joined) if joined != line else line
        lines.append(line)
    return "\n".join(lines)
