"""Text clean-up shared by every reader: decoding, Unicode normalization,
Project Gutenberg boilerplate and language detection.

Everything here is a pure function of its input, so a source read twice gives
the same text (and therefore the same chunk keys) on every machine.
"""

import re
import unicodedata
from functools import cache

from charset_normalizer import from_bytes

BINARY_CONTENT = "binary content, not text"
UNDECODABLE = "could not detect the text encoding"

MAX_CONTROL_SHARE = 0.05
# Tried in this order; on a tie the first wins.
LEGACY_ENCODINGS = ("cp1252", "iso8859_16", "cp1250", "latin-1")
# Letters and signs expected in Romanian, English, French and German texts.
LIKELY_NON_ASCII = set(
    "ăâîșțşţĂÂÎȘȚŞŢàáâäæçèéêëìíîïñòóôöœùúûüÿßÀÁÂÄÆÇÈÉÊËÌÍÎÏÑÒÓÔÖŒÙÚÛÜ‘’‚“”„–—…«»°£€§©®·×÷¼½¾¹²³\u00a0\u00ad"
)

# Romanian was long typed with the Turkish cedilla letters; the correct ones
# carry a comma below. Search and dedup must see one spelling.
CEDILLA_TO_COMMA = str.maketrans({"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"})
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# PDF text layers keep typographic ligatures; NFC leaves them alone.
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})

# "*** START OF THE PROJECT GUTENBERG EBOOK ..." or, in texts from the 1990s,
# the end of the "small print" licence that opens them.
GUTENBERG_START = re.compile(
    r"(?:^|(?<=\f))\s*(\*{3}\s*START OF (THE|THIS) PROJECT GUTENBERG|\*END\*\s*THE SMALL PRINT).*$",
    re.IGNORECASE | re.MULTILINE,
)
GUTENBERG_END = re.compile(
    r"(?:^|(?<=\f))\s*(\*{3}\s*END OF (THE|THIS) PROJECT GUTENBERG|End of (the )?Project Gutenberg).*$",
    re.IGNORECASE | re.MULTILINE,
)
GUTENBERG_MENTION = re.compile(r"Project\s+Gutenberg|gutenberg\.(org|net)|pgdp\.net", re.IGNORECASE)
# Producer credits and similar notes sit just inside the markers; a mention of
# Project Gutenberg in the first or last few paragraphs is boilerplate.
GUTENBERG_EDGE_PARAGRAPHS = 6
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
CREDIT_PARAGRAPH_MAX_CHARS = 600
CREDIT_MAX_LINES = 4
CREDIT_START = re.compile(
    r"^\s*(produced|e-?text prepared|prepared|transcribed|updated editions?|this file was produced)\b", re.I
)


def bytes_decode(data: bytes) -> str:
    """Decode a text file whatever its encoding (UTF-8 with or without BOM,
    UTF-16 with BOM, Latin-1/Windows-1252, the Central European code pages Romanian texts were
    typed in, ASCII); raises ValueError with a reason for binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 (Windows "Unicode" text exports); the BOM gives the byte order.
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:8192]:
        raise ValueError(BINARY_CONTENT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _legacy_decode(data)
    if _control_ratio(text) > MAX_CONTROL_SHARE:
        raise ValueError(BINARY_CONTENT)
    return text


def _legacy_decode(data: bytes) -> str:
    """The 8-bit decoding that reads most like Romanian or Western text.

    Single-byte code pages are ambiguous on short texts (charset-normalizer
    takes Latin-1 "fête" for Windows-1250 "fęte"), so its guess is weighed
    against the usual code pages by how many unlikely letters each produces."""
    candidates: list[str] = []
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    guess = from_bytes(data).best()
    if guess is not None:
        candidates.append(str(guess))
    if not candidates:
        raise ValueError(UNDECODABLE)
    return min(candidates, key=_unlikely_letters)


def _unlikely_letters(text: str) -> int:
    return sum(1 for ch in text if ord(ch) > 127 and ch not in LIKELY_NON_ASCII)


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if unicodedata.category(ch) in {"Cc", "Co", "Cn"} and ch not in "\n\r\t\f")
    return controls / len(sample)


def text_normalize(text: str) -> str:
    """One page's text: NFC, comma-below Romanian letters, no ligatures, no
    control characters (a form feed becomes a line end), ``\\n`` line ends,
    no trailing spaces, at most two blank lines in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\u00ad", "")
    text = unicodedata.normalize("NFC", text).translate(CEDILLA_TO_COMMA).translate(LIGATURES)
    # PostgreSQL text cannot hold NUL, and no control character but tab and
    # newline means anything inside a page (a form feed separates pages).
    text = CONTROL_CHARS.sub("", text.replace("\f", "\n"))
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{4,}", "\n\n\n", text)
    return text.strip("\n")


def gutenberg_strip(pages: list[str]) -> list[str]:
    """Remove the Project Gutenberg header, licence and producer credits.

    Works on a list of pages (a PDF rendering of a Gutenberg book spreads the
    boilerplate over several pages): pages wholly outside the START/END markers
    become empty strings, so page numbers keep their meaning.
    """
    joined = "\f".join(pages)
    start = GUTENBERG_START.search(joined)
    end = GUTENBERG_END.search(joined, start.end() if start else 0)
    if not start and not end:
        return pages
    begin_at = start.end() if start else 0
    end_at = end.start() if end else len(joined)
    body = joined[begin_at:end_at]
    body = _drop_edge_mentions(body)
    # Keep the form feeds outside the body so page numbering is unchanged.
    kept = "\f" * joined[:begin_at].count("\f") + body + "\f" * joined[end_at:].count("\f")
    return [page.strip("\n") for page in kept.split("\f")]


def _drop_edge_mentions(body: str) -> str:
    parts = PARAGRAPH_BREAK.split(body)
    head = set(range(GUTENBERG_EDGE_PARAGRAPHS))
    tail = set(range(len(parts) - GUTENBERG_EDGE_PARAGRAPHS, len(parts)))
    kept = []
    for index, part in enumerate(parts):
        # Producer credits ("Produced by ...") open the body; mentions of
        # Project Gutenberg may sit at either end.
        is_credit = (index in head | tail and GUTENBERG_MENTION.search(part)) or (
            index in head and CREDIT_START.match(part.lstrip("\f"))
        )
        if not is_credit:
            kept.append(part)
        elif len(part) <= CREDIT_PARAGRAPH_MAX_CHARS:
            # Keep the page breaks the paragraph carried.
            kept.append("\f" * part.count("\f"))
        else:
            kept.append(_drop_credit_lines(part))
    return "\n\n".join(kept)


def _drop_credit_lines(paragraph: str) -> str:
    """A long paragraph (PDF text has no blank lines) loses only the credit
    lines: each line mentioning Project Gutenberg, back to the line where its
    sentence ("Produced by ...") starts."""
    lines = paragraph.split("\n")
    dropped: set[int] = set()
    for index, line in enumerate(lines):
        if not GUTENBERG_MENTION.search(line):
            continue
        first = index
        for back in range(index, max(-1, index - CREDIT_MAX_LINES), -1):
            if CREDIT_START.match(lines[back].lstrip("\f")):
                first = back
                break
        dropped.update(range(first, index + 1))
    return "\n".join("\f" * line.count("\f") if index in dropped else line for index, line in enumerate(lines))


@cache
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["ro", "en"])
    return identifier


def language_detect(text: str) -> str:
    """``"ro"`` or ``"en"``: the corpus is Romanian and English only, so the
    detector chooses between those two; empty text gives ``""``."""
    sample = text[:50000].strip()
    if not sample:
        return ""
    language, _probability = _language_identifier().classify(sample)
    return language
