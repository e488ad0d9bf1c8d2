"""What a line of a book is: a game title, a section heading, a separator, or text.

General typographic rules only — ALL-CAPS lines (with or without a final
period), numbered titles (``42. _PUSS IN THE CORNER_`` or, from a PDF,
``42. PUSS IN THE CORNER``), Roman-numbered titles, Title Case lines between
blank lines and ``* * *`` separators — plus words that mark front and back
matter or sections that are not games (riddles, puzzles, forfeits). Nothing
here knows any particular book.
"""

import re
import unicodedata

SEPARATOR = re.compile(r"^\s*(?:\*\s*){3,}$|^\s*(?:-\s*){3,}$|^\s*(?:=\s*){3,}$")
PAGE_NUMBER = re.compile(r"^\s*(?:\[?\s*(?:page|p\.|pag\.)?\s*[\divxlc]{1,5}\s*\]?|\d+\s*/\s*\d+)\s*$", re.I)
ILLUSTRATION = re.compile(r"^\s*\[(?:illustration|plate|figure|fig\.)[^\]]*\]?\s*$", re.I)
NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*)$")
ROMAN = re.compile(r"^\s*([IVXLC]{1,7})\.\s+(\S.*)$")
# A contents or index entry ends with a page number (or several): "Acting Proverbs 37", "Bird Catcher 26, 105".
PAGE_REFERENCE = re.compile(r"(?:\s|\.{2,})(?:\d{1,4}|[ivxlc]{1,6})(?:\s*[,-]\s*\d{1,4})*\s*$")
STRUCTURE = re.compile(
    r"^(?:part|chapter|book|section|partea|capitolul|cartea|scene|act|scena|actul)\b\.?\s*(?:[ivxlc\d]+\b|the\b|one\b)"
    r"|(?-i:^[IVXLC]+$)",
    re.I,
)

SMALL_WORDS = frozenset(
    re.findall(r"\S+", "a an the and or nor but of in on at to for by from with without into over under up as vs")
    + re.findall(r"\S+", "de la și cu în din pe pentru al ale lui")
)
# Headings of front and back matter, and of sections that are not games.
NOT_AN_ACTIVITY = re.compile(
    r"^(?:table of )?contents?$|^index\b|\bindex$|^preface|^foreword|^introduct|^acknowledg|^bibliograph|^appendix"
    r"|^illustrations?$|^list of |^dedicat|^transcriber|^notes?$|^footnotes?$|^errata|^glossary|^the end$|^finis$"
    r"|^cuprins|^prefa[țţ]|^introducere|^note$|^bibliografie"
    r"|^(?:riddles|conundrums|puzzles|enigmas|forfeits|answers|tricks and puzzles|ghicitori)\b"
    r"|^answers to |^guessing rhymes|^(?:tricks|puzzles|riddles) and |^key to "
    r"|^(?:hints|notes|words|suggestions|advice) (?:to|for) |^books to read|^further reading",
    re.I,
)
# A section heading whose games are not games: everything under it is skipped until the next section.
NON_GAME_SECTION = re.compile(r"\b(?:riddles|conundrums|puzzles|guessing rhymes|forfeits|answers|ghicitori)\b", re.I)
ARTICLE_START = re.compile(r"^[\"'“‘«„(\[]*")


def strip_decoration(line: str) -> str:
    """A title without its typographic wrapping: ``_ITALIC_``, ``=BOLD=``, ``**md**``, quotes, trailing period."""
    text = line.strip()
    previous = None
    while previous != text:
        previous = text
        text = text.strip().strip("_=*").strip()
        if len(text) > 2 and text[0] in "\"'“‘«„" and text[-1] in "\"'”’»“":
            text = text[1:-1]
    return text.rstrip(".:").strip()


def is_blank(line: str) -> bool:
    return not line.strip() or bool(PAGE_NUMBER.match(line)) or bool(ILLUSTRATION.match(line))


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_caps(text: str) -> bool:
    letters = _letters(text)
    return len(letters) >= 2 and letters == letters.upper() and letters != letters.lower()


def is_title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if not words or not words[0][0].isupper():
        return False
    significant = [word for word in words if word.lower() not in SMALL_WORDS]
    return bool(significant) and all(word[0].isupper() for word in significant)


def looks_like_a_title(title: str) -> bool:
    """Not a diagram, a table row or a fragment: starts with a letter, digit or quote, no wide gaps,
    balanced brackets, no dangling dash."""
    return (
        (title[0].isalnum() or title[0] in "\"'“‘„«")
        and "   " not in title
        and title.count("(") == title.count(")")
        and title.count("[") == title.count("]")
        and "{" not in title
        and "}" not in title
        and not title.endswith(("-", "—", "–"))
        and len(_letters(title)) >= 2
    )


def style(line: str) -> str:
    """The typographic family of a title line; numbered titles outrank caps, caps outrank Title Case."""
    if NUMBERED.match(line) or ROMAN.match(line):
        return "numbered"
    return "caps" if is_caps(strip_decoration(line)) else "title-case"


STYLE_RANK = {"numbered": 3, "caps": 2, "title-case": 1}
# Divisions of a book outrank every styled title: a part holds chapters, a chapter holds sections, and a bare
# Roman numeral on its own line numbers a chapter. A Roman-numbered title outranks an Arabic-numbered one
# ("I. GAMES FOR THE SCHOOLROOM" holds "4. WEIGHING").
DIVISION_RANK = {
    "part": 7, "book": 7, "partea": 7, "cartea": 7,
    "chapter": 6, "section": 6, "capitolul": 6,
    "act": 5, "scene": 5, "actul": 5, "scena": 5,
}  # fmt: skip
CHAPTER_RANK = DIVISION_RANK["chapter"]
ROMAN_NUMBERED_RANK = 4


def word_count(text: str) -> int:
    return len(text.split())


def classify(
    line: str, *, blank_before: bool, blank_after: bool, previous: str, following: str = "", dense: bool = False
) -> str | None:
    """``"separator"``, ``"title"`` or None (text) for one line, given its neighbourhood.

    ``previous`` and ``following`` are the nearest non-blank lines around it. A
    caps title needs a blank line above it or a finished sentence. A Title Case
    title needs blank lines around it, except in ``dense`` text (from a PDF,
    which loses blank lines), where it must follow a finished sentence and
    come before a longer line that starts a sentence.
    """
    if SEPARATOR.match(line):
        return "separator"
    if PAGE_REFERENCE.search(line.rstrip()) and not line.rstrip().endswith(tuple("_=")):
        return None
    stripped = line.strip()
    if len(stripped) > 90 or stripped.endswith((",", ";")):
        return None
    previous_heading = word_count(previous) <= 6 and is_title_case(strip_decoration(previous))
    after_sentence = (
        blank_before or not previous or previous.rstrip().endswith(tuple(".!?:\"'’”)_=")) or previous_heading
    )
    if numbered := NUMBERED.match(line):
        title = strip_decoration(numbered.group(2))
        short_title_case = word_count(title) <= 8 and is_title_case(title) and not stripped.endswith((".", ":"))
        return "title" if (is_caps(title) and word_count(title) <= 12) or short_title_case else None
    if roman := ROMAN.match(line):
        title = strip_decoration(roman.group(2))
        return "title" if after_sentence and word_count(title) <= 10 and not title.endswith(".") else None
    title = strip_decoration(stripped)
    if not title or word_count(title) > 12 or not looks_like_a_title(title):
        return None
    if is_caps(title):
        return "title" if after_sentence else None
    if word_count(title) > 8 or stripped.endswith((".", ":")) or not is_title_case(title):
        return None
    if blank_before and blank_after:
        return "title"
    next_starts_sentence = len(following.strip()) > len(stripped) and following.strip()[:1].isupper()
    return "title" if dense and after_sentence and word_count(title) <= 6 and next_starts_sentence else None


def title_text(line: str) -> str:
    """The bare title of a heading line: numbering and decoration removed."""
    for pattern in (NUMBERED, ROMAN):
        if match := pattern.match(line):
            return strip_decoration(match.group(2))
    return strip_decoration(line)


def display_name(title: str) -> str:
    """A caps title in readable case ("PUSS IN THE CORNER" -> "Puss in the Corner"); other titles as written."""
    if not is_caps(title):
        return title
    words = title.lower().split()
    return " ".join(
        word if index and word in SMALL_WORDS else word[:1].upper() + word[1:] for index, word in enumerate(words)
    )


def is_structural(title: str) -> bool:
    """Part, chapter, book and scene headings ("PART I.", "CHAPTER IV", "Scene 1: A Street", a bare "XII")
    are never games."""
    return bool(STRUCTURE.match(title))


def rank(line: str) -> int:
    """How far a heading line's scope reaches: a book division by its kind, any other title by its typography."""
    title = title_text(line)
    if not is_structural(title):
        return ROMAN_NUMBERED_RANK if ROMAN.match(line) else STYLE_RANK[style(line)]
    word = title.split()[0].rstrip(".").lower()
    return DIVISION_RANK.get(word, CHAPTER_RANK)


def is_bare_division(title: str) -> bool:
    """A division heading that only numbers it ("CHAPTER V", "PART II."): its name, if any, is the next heading."""
    match = STRUCTURE.match(title)
    return bool(match) and not title[match.end() :].strip(" .:-—–")


def is_not_an_activity(title: str) -> bool:
    return bool(NOT_AN_ACTIVITY.search(normalize_title(title)))


def split_aliases(title: str) -> tuple[str, list[str]]:
    """ "MUSICAL CHAIRS, OR GOING TO JERUSALEM" -> ("MUSICAL CHAIRS", ["GOING TO JERUSALEM"]).

    Only when both sides have two words or more (an article aside), so "Animal, Vegetable or Mineral" and
    "The Lucky or Unlucky Slipper" stay whole.
    """
    parts = re.split(r",?\s+(?:or|sau)\s+", title, maxsplit=1, flags=re.I)
    if len(parts) == 2 and all(word_count(re.sub(r"^(?:the|a|an)\s+", "", part, flags=re.I)) >= 2 for part in parts):
        return parts[0].strip(" ,"), [parts[1].strip(" ,")]
    return title, []


def normalize_title(title: str) -> str:
    """Case, punctuation, diacritics and a leading article folded, for comparing titles
    ("The Blind-Man's Buff." ~ "blind mans buff")."""
    decomposed = unicodedata.normalize("NFKD", title)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    folded = re.sub(r"['’`]", "", folded)
    folded = re.sub(r"[^\w]+", " ", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    return re.sub(r"^(?:the|a|an) (?=\w)", "", folded)
