"""Filter facts a text states in so many words: players, duration, ages, place, materials.

Every reader returns only what the text says (numbers as written, place
words as the source's own words); the rebuild normalizes them onto the
taxonomy. Nothing is guessed: a text that does not state a fact yields None,
and so does a number that cannot be a fact (0 players, a maximum below the
minimum, an age outside 1–99, more than 600 minutes).

Typography never hides a number: the text is read through ``plain``, which
drops emphasis marks (``_…_``, ``*…*``, ``**…**``), HTML tags and entities,
soft hyphens and PDF ligatures, joins words hyphenated across a line break
and lets a phrase run across line breaks. Every value also carries its
evidence: the phrase it was read from, as it stands in the original text.

Decisions the phrasings need (documented here because they are choices):

- "any number (of players)", "oricâți copii" → (2, None): a group game needs two, and no maximum is set.
- "in pairs", "in couples", "pe perechi" → (2, None); "N couples" / "N pairs" count 2N players.
- "two teams of N", "N a side" → (2N, None): the teams' size is stated, not that only two teams may play.
- "N to M or more", "N or more", "from N upwards", "at least N" → (N, None); "up to N" → (None, N).
- Ages: "over N" / "N+" / "from N years" → (N, None); "under N" → (None, N - 1).
- A time said of one turn, pair, player or round ("three minutes for each pair", "each player has two
  minutes", "a turn") is not the game's duration; neither is a time after which something happens.
- School years become ages through ``SCHOOL_LEVEL_AGES`` (see its comment).
"""

import html
import re
from dataclasses import dataclass

from activities.normalize import unaccent
from activities.taxonomy import FILTER_FIELDS

EVIDENCE_MAX_CHARS = 160
MAX_PLAYERS = 1000
MIN_AGE, MAX_AGE = 1, 99
MAX_MINUTES = 600


# ---------------------------------------------------------------- the plain reading of a text


@dataclass(frozen=True)
class Plain:
    """A text with its typography removed; ``origin[i]`` is where character ``i`` came from in ``source``."""

    text: str
    origin: tuple[int, ...]
    source: str

    def evidence(self, start: int, end: int) -> str:
        """The original text of the plain span [start, end), trimmed and at most EVIDENCE_MAX_CHARS long."""
        if end <= start:
            return ""
        phrase = self.source[self.origin[start] : self.origin[end - 1] + 1].strip()
        return phrase[:EVIDENCE_MAX_CHARS].rstrip()


BLOCK_TAGS = frozenset({"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"})
# Letters PDF readers and old typesetting give in place of plain ones: cedilla ş ţ for comma-below ș ț,
# tilde ã for ă, every dash for "-", ligatures for their letters.
CHARACTER_FORMS = {
    "ş": "ș",
    "Ş": "Ș",
    "ţ": "ț",
    "Ţ": "Ț",
    "ã": "ă",
    "Ã": "Ă",
    "ﬀ": "ff",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "’": "'",
    "‘": "'",
    **{dash: "-" for dash in "‐‑‒–—―−"},
}
TYPOGRAPHY = re.compile(
    r"(?P<tag></?(?P<tag_name>[a-zA-Z][a-zA-Z0-9]*)\b[^<>]{0,300}>)"
    r"|(?P<entity>&(?:#\d{1,6}|#x[0-9a-fA-F]{1,5}|[a-zA-Z]{2,8});)"
    r"|(?P<mark>[*_`\u00ad]+)"
    r"|(?P<hyphenation>(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_A-Z]))"
    r"|(?P<space>\s+)"
)


def plain(text: str) -> Plain:
    """``text`` without its typography; line breaks stay (as one "\\n") so labels on lines can be told."""
    chars: list[str] = []
    origin: list[int] = []

    def emit(piece: str, at: int) -> None:
        for char in piece:
            if char == " " and (not chars or chars[-1] in " \n"):
                continue
            if char == "\n" and chars and chars[-1] == " ":
                chars[-1] = "\n"
                continue
            chars.append(char)
            origin.append(at)

    position = 0
    for match in TYPOGRAPHY.finditer(text):
        for offset in range(position, match.start()):
            emit(CHARACTER_FORMS.get(text[offset], text[offset]), offset)
        position = match.end()
        if match.group("tag"):
            if match.group("tag_name").lower() in BLOCK_TAGS:
                emit("\n", match.start())
        elif match.group("entity"):
            unescaped = html.unescape(match.group("entity"))
            emit("".join(CHARACTER_FORMS.get(char, char) for char in unescaped), match.start())
        elif match.group("space"):
            emit("\n" if "\n" in match.group() or "\f" in match.group() else " ", match.start())
    for offset in range(position, len(text)):
        emit(CHARACTER_FORMS.get(text[offset], text[offset]), offset)
    return Plain("".join(chars), tuple(origin), text)


# ---------------------------------------------------------------- numbers, in digits or words


def phrase_key(phrase: str) -> str:
    """``unaccent`` without spaces or hyphens: "douăzeci şi unu" and "douazeci-si-unu" share a key."""
    return re.sub(r"[\s\-]+", "", unaccent(phrase))


ROMANIAN_SPELLINGS = {"ș": "[șşs]", "ț": "[țţt]", "ă": "[ăaã]", "î": "[îâi]", "â": "[âîa]"}


def romanian(pattern: str) -> str:
    """A regex for Romanian words that also matches them written without diacritics (or with cedillas)."""
    return "".join(ROMANIAN_SPELLINGS.get(char, char) for char in pattern)


ENGLISH_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ENGLISH_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(units: tuple, teens: dict[int, str], tens: tuple, others: dict[str, int]) -> dict[str, int]:
    """A language's number words and their values: the units 1-9, 10-19 (each with its spellings, space-separated),
    the tens 20-90, and phrases of their own."""
    return {
        **{word: value for value, word in enumerate(units, start=1)},
        **{word: value for value, words in teens.items() for word in words.split()},
        **{word: value for value, word in zip(range(20, 100, 10), tens, strict=True)},
        **others,
    }


ENGLISH_NUMBERS = number_words(
    ENGLISH_UNITS,
    {
        10: "ten",
        11: "eleven",
        12: "twelve",
        13: "thirteen",
        14: "fourteen",
        15: "fifteen",
        16: "sixteen",
        17: "seventeen",
        18: "eighteen",
        19: "nineteen",
    },
    ENGLISH_TENS,
    {"a dozen": 12, "half a dozen": 6, "a hundred": 100, "one hundred": 100},
)
ROMANIAN_UNITS = ("unu", "doi", "trei", "patru", "cinci", "șase", "șapte", "opt", "nouă")
ROMANIAN_TENS = ("douăzeci", "treizeci", "patruzeci", "cincizeci", "șaizeci", "șaptezeci", "optzeci", "nouăzeci")
ROMANIAN_NUMBERS = number_words(
    ROMANIAN_UNITS,
    {
        10: "zece",
        11: "unsprezece unșpe",
        12: "doisprezece douăsprezece doișpe",
        13: "treisprezece treișpe",
        14: "paisprezece patrusprezece paișpe",
        15: "cincisprezece cinșpe",
        16: "șaisprezece șaișpe",
        17: "șaptesprezece șaptișpe",
        18: "optsprezece optișpe",
        19: "nouăsprezece nouășpe",
    },
    ROMANIAN_TENS,
    {"una": 1, "două": 2, "o sută": 100, "una sută": 100},
)
# "twenty-five" is one number, not the range twenty to five; so is "douăzeci și cinci".
COMPOUND_NUMBERS = {
    **{
        f"{tens} {unit}": ENGLISH_NUMBERS[tens] + ENGLISH_NUMBERS[unit]
        for tens in ENGLISH_TENS
        for unit in ENGLISH_UNITS
    },
    **{
        f"{tens} și {unit}": ROMANIAN_NUMBERS[tens] + value
        for tens in ROMANIAN_TENS
        for unit, value in (*zip(ROMANIAN_UNITS, range(1, 10), strict=True), ("una", 1), ("două", 2))
    },
}
NUMBER_WORDS = {**ENGLISH_NUMBERS, **ROMANIAN_NUMBERS, **COMPOUND_NUMBERS}
NUMBER_VALUES = {phrase_key(word): value for word, value in NUMBER_WORDS.items()}


ENGLISH_UNIT_WORD = r"(?:" + "|".join(ENGLISH_UNITS) + r")\b"
ROMANIAN_UNIT_WORD = romanian(r"(?:" + "|".join((*ROMANIAN_UNITS, "una", "două")) + r")\b")


def _word_pattern(word: str) -> str:
    pattern = romanian(r"[\s\-]*".join(re.escape(part) for part in word.split()))
    # A tens word followed by a unit is the compound, never the range "twenty to five".
    if word in ENGLISH_TENS:
        return pattern + rf"(?![\s\-]*{ENGLISH_UNIT_WORD})"
    if word in ROMANIAN_TENS:
        return pattern + romanian(r"(?!\s+și\s+") + ROMANIAN_UNIT_WORD + ")"
    return pattern


WORD_NUMBER = "|".join(_word_pattern(word) for word in sorted(NUMBER_WORDS, key=len, reverse=True))
# Up to three digits, not part of a year, a decimal or a fraction ("1905", "2.5", "1/2").
DIGITS = r"(?<![\d.,/])\d{1,3}(?![\d/]|[.,]\d)"
NUM = rf"(?:{DIGITS}|\b(?:{WORD_NUMBER})\b)"
# A number cited from the page layout, not a count: "No. 4", "page 12", "Fig. 3".
CITATION = re.compile(
    r"(?:\b(?:no|nos|nr|fig|figs|figure|page|pages|pag|p|pp|plate|chapter|ch|vol|art|section)\.?|#|§)\s*$", re.I
)


def number(token: str) -> int:
    """The value of a number token in digits or words ("12", "twenty-five", "șapte", "a dozen")."""
    token = token.strip()
    return int(token) if token.isdigit() else NUMBER_VALUES[phrase_key(token)]


def num(name: str) -> str:
    return rf"(?P<{name}>{NUM})"


RANGE_SEPARATOR = romanian(r"\s*(?:-?\s*\b(?:to|through|thru|or|la|până la|sau)\b\s*-?|-+)\s*")
BETWEEN_SEPARATOR = romanian(r"\s*(?:-+|\b(?:and|to|or|și|la|până la)\b)\s*")


def _sound(reading: "Reading", *, lowest: int, highest: int) -> "Reading | None":
    """The reading when it can be a fact: each end within [lowest, highest], the maximum not below the minimum."""
    values = [value for value in (reading.low, reading.high) if value is not None]
    in_range = all(lowest <= value <= highest for value in values)
    ordered = reading.low is None or reading.high is None or reading.low <= reading.high
    return reading if values and in_range and ordered else None


@dataclass(frozen=True)
class Reading:
    """A (low, high) pair read from the plain span [start, end)."""

    low: int | None
    high: int | None
    start: int
    end: int


def _cited(text: str, start: int) -> bool:
    return bool(CITATION.search(text[max(0, start - 12) : start]))


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause around [start, end): up to the nearest sentence or label punctuation."""
    before = max(text.rfind(mark, 0, start) for mark in (". ", "; ", "! ", "? ", "\n", ": "))
    after = [position for mark in (". ", "; ", "! ", "? ", "\n") if (position := text.find(mark, end)) >= 0]
    return before + 1, min(after, default=len(text))


# ---------------------------------------------------------------- players

PEOPLE = romanian(
    r"(?:de\s+)?(?:players?|persons?|people|participants?|children|pupils|boys|girls|guests|members|contestants|competitors|"
    r"kids|scouts|youngsters|men|women|individuals|campers|students|"
    r"jucători|jucătorii|copii|copiii|participanți|participanții|persoane|oameni|elevi|băieți|fete|cercetași|"
    r"membri|concurenți|tineri)\b"
)
PAIRS = romanian(r"(?:couples|pairs|perechi|cupluri)\b")
OR_MORE = romanian(
    r"(?:\s*\+|\s+(?:or|and)\s+(?:more|over|upwards?|up)|\s+sau\s+mai\s+mulți|\s+și\s+peste|\s+ori\s+mai\s+mulți)"
)
# Words that make the number a count of the group: "for 6 to 18 players", "played by four children".
COUNT_PREPOSITION = re.compile(
    romanian(r"\b(?:for|by|with|between|from|of|pentru|de|de la|între|cu|group of|grup de)\s*$"), re.I
)
# Only these make one number the size of the group: "for four players", "played by four children" (a trick
# that "requires two persons" or a game "with four players a side" names a part of the company).
EXACT_PREPOSITION = re.compile(
    romanian(r"\b(?:for|(?:be|is|are|was) played by|played by|pentru|jucat de|jucată de|de către)\s*$"), re.I
)
# "only two boys can play at it at one time": the players of one turn.
AT_A_TIME = re.compile(romanian(r"^[^.;]{0,20}?\b(?:at (?:a|one) time|deodată|odată)\b"), re.I)
# Whoever the number names then acts: "two players who understand the trick".
ACTING = re.compile(romanian(r"^\s*(?:who|which|that|whom|care|ce)\b"), re.I)
# After the number: the players it names are some of the group, doing something ("Two players are chosen").
SOME_OF_THE_GROUP = re.compile(
    romanian(
        r"^\s*(?:are|is|were|was|who|which|that|stand|stands|sit|sits|take|takes|hold|holds|go|goes|run|runs|"
        r"act|acts|will|must|should|shall|then|each|apiece|on each|in each|per|a side|from each|of each|to each|"
        r"of the|of them|chosen|selected|form|line|leave|leaves|join|become|remain|face|have|has|do|does|now|"
        r"in the|on the|at the|at a time|sunt|stau|se|care|din fiecare|de fiecare|ies|formează|aleși|dintre)\b"
    ),
    re.I,
)
SOME_OF_THE_GROUP_BEFORE = re.compile(
    romanian(
        r"\b(?:the|these|those|other|each|every|first|last|remaining|extra|all|cei|cele|ceilalți|fiecare|"
        r"(?:into|in|în|pe|form|forms|make|formează|formați)\s+(?:\w+\s+)?"
        r"(?:groups|teams|sets|circles|grupe|grupuri|echipe) (?:of|de)(?: câte)?)\s*$"
    ),
    re.I,
)

# A label starts a line or a clause: "Players: 6-18", "Vârsta: 7-11 ani; Jucători: 10-20", "Players 4–8 · Time 20 min".
LABEL_START = r"(?:^|(?<=[;·|•(,])|(?<=[.;,·|•] ))\s*"
PLAYER_LABEL_NAME = romanian(
    r"(?:number of players|no\. of players|number of participants|group size|size of group|players|participants|"
    r"persons|people|group|număr(?:ul)? (?:de )?(?:jucători|participanți|copii)|nr\. (?:de )?(?:jucători|participanți)|"
    r"mărimea grupului|jucători|participanți|grup)"
)
AT_LEAST = romanian(
    r"(?:at least|a minimum of|minimum(?: of)?|min\.|not less than|no fewer than|cel puțin|minim(?:um)?)"
)
AT_MOST = romanian(
    r"(?:up to|at most|a maximum of|maximum(?: of)?|max\.|no more than|not more than|cel mult|maxim(?:um)?)"
)
PLAYER_LABEL = re.compile(
    rf"{LABEL_START}{PLAYER_LABEL_NAME}\s*(?P<colon>:)?\s*"
    + romanian(r"(?:(?P<any>any number|unlimited|nelimitat|oricâți|orice număr)\b|")
    + rf"(?:(?P<least>{AT_LEAST})\s+|(?P<most>{AT_MOST})\s+|(?:from|between|de la|între)\s+)?"
    + rf"{num('low')}(?:(?:{RANGE_SEPARATOR}|{BETWEEN_SEPARATOR}){num('high')})?(?P<open>{OR_MORE})?)",
    re.I | re.M,
)
# "twelve to twenty in number", "în număr de 10-20"
IN_NUMBER = re.compile(
    rf"{num('low')}(?:{RANGE_SEPARATOR}{num('high')})?\s+in number\b"
    + romanian(r"|\bîn număr de\s+")
    + rf"{num('low2')}(?:{RANGE_SEPARATOR}{num('high2')})?",
    re.I,
)
# One group of the whole party ("a group of 20 or more"); "groups of 4" are parts of it.
GROUP_OF = re.compile(
    romanian(r"\b(?:group|grup) (?:of|de)\s+")
    + rf"{num('low')}(?:{RANGE_SEPARATOR}{num('high')})?(?P<open>{OR_MORE})?(?!\s*(?:{PEOPLE}\s+)?(?:each|fiecare))",
    re.I,
)
COMPARED = re.compile(
    romanian(r"\b(?:less|fewer|more|greater) than\s*$|\b(?:over|under|above|below|peste|sub)\s*$"), re.I
)
# "for a group of 20 or more", or a label "Group of 10-15"; "groups of five" are parts of the company.
GROUP_OF_FOR = re.compile(romanian(r"\b(?:for|with|pentru|cu)\s+(?:a\s+|un\s+)?$"), re.I)
THEN_AT_MOST = re.compile(rf"^[^.!?\n]{{0,25}}?\b{AT_MOST}\s+{num('high')}\b", re.I)
PLAYER_RANGE = re.compile(
    romanian(r"(?:\b(?P<between>between|from|între|de la)\s+)?")
    # "Two, three or four players": a list of counts, its first the least.
    + rf"(?:{num('first')},\s*(?:{NUM},\s*)*)?"
    + rf"{num('low')}(?:{RANGE_SEPARATOR}|(?(between){BETWEEN_SEPARATOR}|(?!))){num('high')}(?P<open>{OR_MORE})?"
    + rf"\s+(?:(?P<pairs>{PAIRS})|{PEOPLE})(?P<open_after>{OR_MORE})?",
    re.I,
)
# "... may take part", "Two persons play at the game": the number is who plays, not who is chosen.
PLAY_THE_GAME = romanian(
    r"\s+(?:(?:may|can|might|could|will)\s+(?:\w+\s+)?(?:play|take part|join|participate)|"
    r"play\s+(?:at\s+)?(?:the|this)\s+game|pot juca|pot lua parte|se pot juca|joacă)\b"
)
PLAYER_AT_LEAST = re.compile(
    rf"\b{AT_LEAST}\s+{num('low')}\s+(?:(?P<pairs>{PAIRS})|{PEOPLE})"
    + rf"|{num('low2')}(?P<open>{OR_MORE})\s+(?:(?P<pairs2>{PAIRS})|{PEOPLE})"
    + rf"|{num('low3')}\s+(?:(?P<pairs3>{PAIRS})|{PEOPLE})(?P<open3>{OR_MORE})"
    + rf"|\bfrom\s+{num('low4')}\s+(?:{PEOPLE}\s+)?upwards?"
    + rf"|\bde la\s+{num('low5')}\s+(?:{PEOPLE}\s+)?"
    + romanian("în sus"),
    re.I,
)
PLAYER_AT_MOST = re.compile(
    rf"\b{AT_MOST}\s+{num('high')}\s+(?:(?P<pairs>{PAIRS})|{PEOPLE})",
    re.I,
)
PLAYER_EXACT = re.compile(rf"{num('count')}\s+(?:(?P<pairs>{PAIRS})|{PEOPLE})(?P<play>{PLAY_THE_GAME})?", re.I)
GAME_FOR = re.compile(
    romanian(r"\b(?:game|joc|jocul)\s+(?:is\s+)?(?:for|pentru)\s+") + rf"{num('count')}(?=\s*(?:[.,;)!]|$))",
    re.I | re.M,
)
# Two teams of a stated size make the least group; "ten teams of six" is one example of a larger one.
TEAMS = re.compile(
    romanian(r"\b(?P<teams>two|2|două|doua)\s+")
    + romanian(r"(?:teams|sides|groups|parties|echipe|grupe|grupuri)\s+(?:of|de)\s+(?:câte\s+)?")
    + rf"{num('size')}\b"
    + rf"|{num('side')}\s+(?:a side|on (?:a|each) side|per side|players a side)\b",
    re.I,
)
ANY_NUMBER = re.compile(
    romanian(
        r"\b(?:any (?:even )?number(?: of (?:players|people|persons|children|pupils|guests|couples|participants)\b|"
        r"(?= (?:may|can|of) (?:play|take part|join)\b)|(?P<bare>(?=\s*(?:[.;,)]|$))))|"
        r"an unlimited number of (?:players|people|persons|participants)\b|"
        r"as many (?:players|people|persons|children|guests) as\b|"
        r"oricâți (?:copii|jucători|participanți|elevi)\b|"
        r"orice număr de (?:jucători|copii|participanți)\b|"
        r"număr nelimitat(?: de (?:jucători|copii|participanți))?)"
    ),
    re.I | re.M,
)
IN_PAIRS = re.compile(
    romanian(r"\b(?:in pairs|in couples|by couples|by pairs|in twos|pe perechi|în perechi|câte doi|doi câte doi)\b"),
    re.I,
)
# "really for five players only, though six or seven may play": the rest of the sentence widens the maximum.
MAY_ALSO_PLAY = re.compile(
    rf"^[^.!?\n]{{0,60}}?\b(?:but|though|although|or|and|yet|dar|sau|însă)\s+(?:as many as\s+|up to\s+)?"
    rf"(?:{NUM}{RANGE_SEPARATOR})?{num('also')}\s+(?:{PEOPLE}\s+)?(?:may|can|might|could|pot|poate)\b",
    re.I,
)


def _counts_the_group(text: str, start: int, end: int) -> bool:
    """Whether the players a number names are the whole group, not some of them doing something."""
    before = text[max(0, start - 30) : start]
    if _cited(text, start) or SOME_OF_THE_GROUP_BEFORE.search(before):
        return False
    after = text[end : end + 30]
    if ACTING.match(after) or AT_A_TIME.match(after):
        return False
    return bool(COUNT_PREPOSITION.search(before)) or not SOME_OF_THE_GROUP.match(after)


def _label_line(text: str, start: int, end: int) -> bool:
    """Whether [start, end) is a clause of its own: "6 players." under a title."""
    head = text[:start].rstrip(" (")
    tail = text[end:].lstrip()
    # A comma ends the clause when another fact follows it: "15 people, 5 minutes".
    ends = not tail or tail[0] in "\n;.)" or (tail[0] == "," and ANOTHER_FACT.match(tail[1:]))
    return (not head or head[-1] in "\n;:,.") and bool(ends)


def _doubled(pairs: bool, *values: int | None) -> tuple[int | None, ...]:
    """Counts of couples or pairs as counts of players."""
    return tuple(None if value is None else value * 2 if pairs else value for value in values)


def _labelled(text: str) -> list[Reading]:
    found = []
    for match in PLAYER_LABEL.finditer(text):
        if match.group("any"):
            found.append(Reading(2, None, match.start("any"), match.end()))
            continue
        # Without a colon ("Players 4–8 · Time 20 min") the value must end its clause.
        if not match.group("colon") and not re.match(r"\s*(?:[.;,)\n·|•]|$)", text[match.end() :]):
            continue
        low = number(match.group("low"))
        high = number(match.group("high")) if match.group("high") else low
        if match.group("least") or match.group("open"):
            high = None
        if match.group("most"):
            low = None
        found.append(Reading(low, high, match.start() if low is None else match.start("low"), match.end()))
    return found


def _in_number(text: str) -> list[Reading]:
    found = []
    for match in IN_NUMBER.finditer(text):
        if COMPARED.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        suffix = "" if match.group("low") else "2"
        low = number(match.group(f"low{suffix}"))
        high = number(match.group(f"high{suffix}")) if match.group(f"high{suffix}") else low
        found.append(Reading(low, high, match.start(), match.end()))
    return found


def _group_of(text: str) -> list[Reading]:
    found = []
    for match in GROUP_OF.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()]
        if not (GROUP_OF_FOR.search(before) or _label_line(text, match.start(), match.end())):
            continue
        low = number(match.group("low"))
        high = None if match.group("open") else number(match.group("high")) if match.group("high") else low
        found.append(Reading(low, high, match.start(), match.end()))
    return found


def _ranges(text: str) -> list[Reading]:
    found = []
    for match in PLAYER_RANGE.finditer(text):
        if not _counts_the_group(text, match.start(), match.end()):
            continue
        # "Four or five men contest at a time": "or" joins a range only after a count word, before "may
        # play", or in a label.
        joined_by_or = re.search(r"\b(?:or|sau)\b", text[match.end("low") : match.start("high")], re.I)
        before = text[max(0, match.start() - 30) : match.start()]
        plays = re.match(PLAY_THE_GAME, text[match.end() :], re.I)
        said = COUNT_PREPOSITION.search(before) or plays or _label_line(text, match.start(), match.end())
        if joined_by_or and not said:
            continue
        open_ended = match.group("open") or match.group("open_after")
        least = number(match.group("first") or match.group("low"))
        low, high = _doubled(bool(match.group("pairs")), least, number(match.group("high")))
        found.append(Reading(low, None if open_ended else high, match.start(), match.end()))
    return found


def _bounds(text: str) -> list[Reading]:
    found = []
    for match in PLAYER_AT_LEAST.finditer(text):
        if _cited(text, match.start()):
            continue
        token = next(match.group(name) for name in ("low", "low2", "low3", "low4", "low5") if match.group(name))
        pairs = bool(match.group("pairs") or match.group("pairs2") or match.group("pairs3"))
        found.append(Reading(_doubled(pairs, number(token))[0], None, match.start(), match.end()))
    for match in PLAYER_AT_MOST.finditer(text):
        high = _doubled(bool(match.group("pairs")), number(match.group("high")))[0]
        found.append(Reading(None, high, match.start(), match.end()))
    return found


def _teams(text: str) -> list[Reading]:
    found = []
    for match in TEAMS.finditer(text):
        side = match.group("side")
        low = 2 * number(side) if side else number(match.group("teams")) * number(match.group("size"))
        found.append(Reading(low, None, match.start(), match.end()))
    return found


def _exact(text: str) -> list[Reading]:
    found = []
    for match in PLAYER_EXACT.finditer(text):
        before = text[max(0, match.start() - 30) : match.start()]
        label = _label_line(text, match.start(), match.end())
        stated = (EXACT_PREPOSITION.search(before) or match.group("play")) and not SOME_OF_THE_GROUP_BEFORE.search(
            before
        )
        if _cited(text, match.start()) or not (stated or label):
            continue
        count = _doubled(bool(match.group("pairs")), number(match.group("count")))[0]
        # One player is not a group: "for one player" is said of a part, not of the game.
        if not _counts_the_group(text, match.start(), match.end()) or (count < 2 and not label):
            continue
        found.append(Reading(count, count, match.start(), match.end()))
    for match in GAME_FOR.finditer(text):
        count = number(match.group("count"))
        found.append(Reading(count, count, match.start("count"), match.end()))
    return found


def _any_number(text: str) -> list[Reading]:
    # A bare "any number" says the group size only as a label ("Any number."), not in "calls any number".
    return [
        Reading(2, None, match.start(), match.end())
        for match in ANY_NUMBER.finditer(text)
        if match.group("bare") is None or _label_line(text, match.start(), match.end())
    ]


PLAYER_READERS = (_labelled, _in_number, _group_of, _ranges, _bounds, _teams, _exact, _any_number)


def _player_readings(text: str) -> list[Reading]:
    """Every group-size statement in the plain text, in order of position."""
    return sorted((reading for reader in PLAYER_READERS for reading in reader(text)), key=lambda r: r.start)


def _refined(readings: list[Reading], text: str) -> list[Reading]:
    """ "any number of children, from six upwards": a bound later in the sentence refines "any number"."""
    if len(readings) < 2 or (readings[0].low, readings[0].high) != (2, None):
        return readings
    sentence_end = _clause(text, readings[0].start, readings[0].end)[1]
    later = [reading for reading in readings[1:] if reading.start < sentence_end and reading.high is None]
    return later[:1] + readings[1:] if later else readings


def _widened(text: str, reading: Reading) -> Reading:
    """The reading with the maximum the rest of its sentence adds ("minimum 6 players, maximum 20")."""
    if reading.high is None:
        if reading.low is not None and (match := THEN_AT_MOST.match(text[reading.end :])):
            return Reading(reading.low, number(match.group("high")), reading.start, reading.end + match.end())
        return reading
    if not (match := MAY_ALSO_PLAY.match(text[reading.end :])):
        return reading
    also = number(match.group("also"))
    if also <= reading.high:
        return reading
    return Reading(reading.low, also, reading.start, reading.end + match.end())


def read_players(text: Plain) -> Reading | None:
    """The first statement of the group's size; "in pairs" only when nothing else is said."""
    readings = _refined(_player_readings(text.text), text.text)
    if not readings:
        pairs = IN_PAIRS.search(text.text)
        readings = [Reading(2, None, pairs.start(), pairs.end())] if pairs else []
    if not readings:
        return None
    return _sound(_widened(text.text, readings[0]), lowest=1, highest=MAX_PLAYERS)


# ---------------------------------------------------------------- duration

MINUTE_UNIT = romanian(r"(?:de\s+)?(?:minutes?|mins?\b\.?|min\b\.?|minute|minut|minutul)")
HOUR_UNIT = romanian(r"(?:de\s+)?(?:hours?|hrs?\b\.?|h\b|ore|oră|ora)")
HALF = r"(?:\s*½|\s+1/2|\s+and\s+a\s+half|[.,]5)"
# Amounts of time said in words, in minutes.
TIME_PHRASES = {
    "three quarters of an hour": 45,
    "a quarter of an hour": 15,
    "quarter of an hour": 15,
    "quarter-hour": 15,
    "quarter hour": 15,
    "an hour and a half": 90,
    "one and a half hours": 90,
    "half an hour": 30,
    "a half hour": 30,
    "half-hour": 30,
    "half hour": 30,
    "an hour": 60,
    "a full hour": 60,
    "o oră și jumătate": 90,
    "trei sferturi de oră": 45,
    "un sfert de oră": 15,
    "sfert de oră": 15,
    "o jumătate de oră": 30,
    "jumătate de oră": 30,
    "jumătate de ceas": 30,
    "o oră": 60,
    "un ceas": 60,
}
TIME_PHRASE = "|".join(romanian(re.escape(phrase)) for phrase in sorted(TIME_PHRASES, key=len, reverse=True))
TIME_AMOUNT = re.compile(
    rf"(?P<phrase>\b(?:{TIME_PHRASE})\b)"
    + romanian(r"|(?P<between>\b(?:between|între)\s+)?")
    + rf"{num('low')}(?:(?:{RANGE_SEPARATOR}|(?(between){BETWEEN_SEPARATOR}|(?!))){num('high')})?"
    + rf"(?P<half>{HALF})?\s*-?\s*(?:(?P<hours>{HOUR_UNIT})|(?P<minutes>{MINUTE_UNIT}))(?!\w)",
    re.I,
)
TIME_SEPARATOR = re.compile(romanian(r"^\s*(?:-|to|or|la|până la|sau)\s*$"), re.I)
TIME_AT_MOST = re.compile(
    romanian(
        r"\b(?:up to|at most|no more than|not more than|no longer than|maximum|max\.?|cel mult|maxim|până la|"
        r"(?:not|never|nu)\s+(?:\w+\s+){0,2}(?:more|longer|mai mult) (?:than|de))\s*:?\s*$"
    ),
    re.I,
)
TIME_AT_LEAST = re.compile(romanian(r"\b(?:at least|minimum|min\.|cel puțin|minim)\s*:?\s*$"), re.I)
TIME_OR_MORE = re.compile(romanian(r"^\s*(?:\+|or (?:more|longer)|and (?:more|longer|up)|sau mai mult)"), re.I)
# A time of one turn, pair, player or round, or a moment in the game, is not the game's length.
PART_OF_THE_GAME = re.compile(
    romanian(
        r"\b(?:each|every|per|apiece|turn|turns|round|rounds|in turn|heat|heats|inning|innings|"
        r"fiecare|fiecărui|fiecărei|tură|ture|rundă|runde|rând|repriză|reprize)\b"
    ),
    re.I,
)
MOMENT = re.compile(
    romanian(r"\b(?:after|every|another|later|wait|waits|ago|before|within|stew|boil|bake|cook|după|peste)\s*$"), re.I
)
MOMENT_AFTER = re.compile(
    romanian(r"^\s*(?:later|ago|before|after|afterwards|pause|break|rest|mai târziu|pauză)\b"), re.I
)


def _amount(match: re.Match) -> tuple[int, int]:
    if match.group("phrase"):
        minutes = TIME_PHRASES[next(p for p in TIME_PHRASES if phrase_key(p) == phrase_key(match.group("phrase")))]
        return minutes, minutes
    low = number(match.group("low"))
    high = number(match.group("high")) if match.group("high") else low
    scale = 60 if match.group("hours") else 1
    half = 30 if match.group("half") and match.group("hours") else 0
    return low * scale + (half if not match.group("high") else 0), high * scale + half


def _time_readings(text: str) -> list[Reading]:
    """Amounts of time, a range written across units joined ("half an hour to an hour")."""
    readings: list[Reading] = []
    for match in TIME_AMOUNT.finditer(text):
        if match.group("low") and _cited(text, match.start()):
            continue
        low, high = _amount(match)
        previous = readings[-1] if readings else None
        if previous and TIME_SEPARATOR.match(text[previous.end : match.start()]):
            readings[-1] = Reading(previous.low, high, previous.start, match.end())
        else:
            readings.append(Reading(low, high, match.start(), match.end()))
    return readings


def _game_length(text: str, reading: Reading) -> Reading | None:
    """The reading as the game's length, or None when it times a part of the game or a moment in it."""
    clause_start, clause_end = _clause(text, reading.start, reading.end)
    before, after = text[clause_start : reading.start], text[reading.end : clause_end]
    if PART_OF_THE_GAME.search(before + " " + after) or MOMENT.search(before) or MOMENT_AFTER.match(after):
        return None
    if TIME_AT_MOST.search(before):
        return Reading(None, reading.high, reading.start, reading.end)
    or_more = TIME_OR_MORE.match(after)
    if TIME_AT_LEAST.search(before) or or_more:
        return Reading(reading.low, None, reading.start, reading.end + (or_more.end() if or_more else 0))
    return reading


def read_duration(text: Plain) -> Reading | None:
    """The first time the text gives as the game's length, in minutes."""
    for reading in _time_readings(text.text):
        if length := _game_length(text.text, reading):
            return _sound(length, lowest=1, highest=MAX_MINUTES)
    return None


# ---------------------------------------------------------------- ages and school years

YEARS = romanian(r"(?:year[- ]olds?|years?(?:\s+of\s+age|\s+old)?|yrs?\b\.?|y\.?o\.?|ani|de ani)")
AUDIENCE = romanian(
    r"(?:children|boys|girls|pupils|kids|youngsters|players|scouts|students|juniors|"
    r"copii|copiii|elevi|elevii|tineri|băieți|fete|cercetași)"
)
# What may follow a fact after a comma in a label line: another number with its unit.
ANOTHER_FACT = re.compile(rf"\s*{NUM}\s*(?:{MINUTE_UNIT}|{HOUR_UNIT}|{YEARS}|{PEOPLE}|\+|-)", re.I)
AGE_LABEL = romanian(
    r"(?:ages?|aged|age group|age range|for ages|recommended age|"
    r"vârsta|vârstă|vârste|vârsta recomandată|grupa de vârstă|categoria de vârstă)"
)
AGE_OPEN = romanian(
    r"(?:\s*\+|\s+(?:and|or)\s+(?:up|upwards?|over|older|above)|\s+și\s+peste|\s+sau\s+mai\s+mari|\s+în\s+sus)"
)
AGE_RANGE = re.compile(
    romanian(r"(?:\b")
    + AGE_LABEL
    + romanian(r"\s*:?\s*(?:of\s+|from\s+|between\s+|de\s+|între\s+|de la\s+)?|\b")
    + AUDIENCE
    + romanian(r"\s+(?:of|from|aged|between|de|între|de la|in the age of|cu vârsta (?:de|între))\s+")
    + romanian(r"|\bde la\s+vârsta\s*,?\s*(?:de\s+)?|(?P<weak>\bfor|\bpentru|\bîntre|\bde la)\s+)")
    + rf"{num('low')}(?P<years_low>\s*{YEARS})?(?:{RANGE_SEPARATOR}|{BETWEEN_SEPARATOR}){num('high')}"
    + rf"(?!\s*(?:{PEOPLE}|{PAIRS}|{MINUTE_UNIT}|{HOUR_UNIT}))(?P<years>\s*{YEARS})?",
    re.I,
)
AGE_YEARS_RANGE = re.compile(
    rf"{num('low')}{RANGE_SEPARATOR}{num('high')}\s*-?\s*(?P<years>{YEARS})(?!\w)",
    re.I,
)
AGE_FROM = re.compile(
    romanian(
        r"\b(?:from|over|above|older than|peste|de peste|mai mari de|de la)\s+(?:the\s+age\s+of\s+|vârsta\s+de\s+)?"
    )
    + rf"{num('low')}\s*{YEARS}(?!\w)"
    + romanian(r"|\bfrom\s+(?:the\s+)?age\s+(?:of\s+)?")
    + rf"{num('low2')}\b"
    + romanian(r"|\bde la vârsta de\s+")
    + rf"{num('low3')}\b"
    + rf"|{num('low4')}\s*-?\s*{YEARS}(?P<open>{AGE_OPEN})",
    re.I,
)
AGE_LABELLED = re.compile(
    rf"\b{AGE_LABEL}\s*:?\s*{num('low')}(?:\s*{YEARS})?(?P<open>{AGE_OPEN})?(?!\s*(?:{PEOPLE}|{MINUTE_UNIT}))",
    re.I,
)
AGE_UNDER = re.compile(
    romanian(r"\b(?:(?:children|kids|pupils|copii)\s+)?(?:under|below|younger than|sub)\s+(?:the\s+age\s+of\s+)?")
    + rf"{num('high')}(?P<years>\s*{YEARS})?(?!\s*(?:{PEOPLE}|{MINUTE_UNIT}))",
    re.I,
)
# "up to the age of six or seven", "pînă la vîrsta de șase, de șapte — mult de opt ani": the last age named.
AGE_UNTIL = re.compile(
    romanian(r"\b(?:up to the age of|up to age|până la vârsta de)\s+")
    + rf"(?:{NUM}\s*(?:,|-|or|sau)\s*(?:de\s+|mult de\s+|cel mult\s+)?)*{num('high')}",
    re.I,
)
AGE_PLUS_ALONE = re.compile(rf"(?:^|(?<=[\n(;,]))\s*{num('low')}\s*\+\s*(?=[\n);,.]|$)", re.I)
# "for ten-year-olds", "10-year-olds"; "one year old" alone is said of someone, not of the players.
AGE_OLDS = re.compile(
    rf"(?:\b(?:for|pentru)\s+(?:\w+\s+)?{num('low')}\s*-?\s*(?:year|yr)[- ]olds?"
    rf"|{num('low2')}\s*-?\s*(?:year|yr)[- ]olds)\b(?P<open>{AGE_OPEN})?",
    re.I,
)

# School years as ages, by the usual age of entry (a class spans its entry age to one year older):
# US grade N: age N+5..N+6 (first grade at six); British secondary form N: age N+10..N+11 (first form at
# eleven); Romanian clasa N: age N+6..N+7 (clasa I at seven, after clasa pregătitoare at six).
# Named levels span their usual entry and leaving ages.
GRADE_OFFSET = {"grade": 5, "form": 10, "clasa": 6}
SCHOOL_LEVEL_AGES = {
    "kindergarten": (4, 6),
    "kindergarden": (4, 6),
    "preschool": (3, 5),
    "preschool age": (3, 5),
    "pre-school": (3, 5),
    "nursery school": (3, 5),
    "primary school": (6, 11),
    "primary grades": (6, 9),
    "primary pupils": (6, 11),
    "primary children": (6, 11),
    "primary classes": (6, 11),
    "elementary school": (6, 11),
    "elementary grades": (6, 11),
    "middle school": (11, 14),
    "junior high": (12, 14),
    "high school": (14, 18),
    "secondary school": (11, 18),
    "grădiniță": (3, 6),
    "grădinița": (3, 6),
    "preșcolari": (3, 6),
    "preșcolară": (3, 6),
    "preșcolar": (3, 6),
    "clasa pregătitoare": (6, 7),
    "ciclul primar": (6, 11),
    "învățământul primar": (6, 11),
    "școala primară": (6, 11),
    "gimnaziu": (11, 15),
    "gimnaziului": (11, 15),
    "liceu": (15, 19),
    "liceului": (15, 19),
    "liceeni": (15, 19),
}
LEVEL_NAME = "|".join(romanian(re.escape(level)) for level in sorted(SCHOOL_LEVEL_AGES, key=len, reverse=True))
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                 "eleventh", "twelfth")  # fmt: skip
ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
ORDINAL = r"(?:\d{1,2}(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS) + ")"
# "K" is the kindergarten year in a range of US grades ("Grades K-2").
YEAR_NUMBER = r"(?:\d{1,2}|k|" + "|".join(reversed(ROMAN)) + r")(?:-a)?"
SCHOOL_YEAR = re.compile(
    rf"\b(?P<kind1>grades?|forms?)\s+(?P<a1>{YEAR_NUMBER})\b(?:{RANGE_SEPARATOR}|\s*(?:and|&)\s*)?(?:(?P<b1>{YEAR_NUMBER})\b)?"
    rf"|\b(?P<a2>{ORDINAL})(?:(?:{RANGE_SEPARATOR}|\s*(?:and|&|,)\s*)(?P<b2>{ORDINAL}))?\s+(?P<kind2>grades?|forms?)\b"
    + romanian(r"|\b(?P<kind3>clasa|clasele|clasei|clasele a)\s+(?:a\s+)?")
    + rf"(?P<a3>{YEAR_NUMBER})\b(?:\s*(?:-|–|și|la|până la)\s*(?:a\s+)?(?P<b3>{YEAR_NUMBER})\b)?"
    + rf"|(?P<level>\b(?:{LEVEL_NAME})\b)",
    re.I,
)


AUDIENCE_BEFORE = re.compile(
    romanian(
        r"\b(?:for|suitable for|designed for|pentru|potrivit pentru|(?:elevii|elevi|copii|copiii|pupils|children)"
        r" (?:de|din|of|in)|la)\s+(?:the\s+|\w+\s+)?$"
    ),
    re.I,
)
AUDIENCE_AFTER = re.compile(
    romanian(r"^\s*(?:pupils|children|students|classes|boys|girls|kids|elevi|elevii|copii|copiii|grades)\b"), re.I
)
SCHOOL_YEARS_JOINED = re.compile(romanian(r"\s*(?:-|to|through|thru|and|or|și|la|până la)\s*"), re.I)


def _school_number(token: str) -> int:
    token = token.lower().removesuffix("-a")
    if token == "k":
        return 0
    if token.isdigit():
        return int(token)
    if token in ROMAN:
        return ROMAN.index(token) + 1
    if token in ORDINAL_WORDS:
        return ORDINAL_WORDS.index(token) + 1
    return int(re.match(r"\d+", token).group())


def _school_ages(match: re.Match) -> tuple[int, int]:
    if match.group("level"):
        key = next(level for level in SCHOOL_LEVEL_AGES if phrase_key(level) == phrase_key(match.group("level")))
        return SCHOOL_LEVEL_AGES[key]
    for index in "123":
        if match.group(f"a{index}"):
            kind = (match.group(f"kind{index}") or "").lower()
            offset = next((GRADE_OFFSET[name] for name in ("form", "grade") if kind.startswith(name)), None)
            offset = GRADE_OFFSET["clasa"] if offset is None else offset
            first = _school_number(match.group(f"a{index}"))
            last = _school_number(match.group(f"b{index}")) if match.group(f"b{index}") else first
            low = SCHOOL_LEVEL_AGES["kindergarten"][0] if first == 0 else first + offset
            return low, last + offset + 1
    raise ValueError(match.group())


def _school_readings(text: str) -> list[Reading]:
    """School years and levels as ages; levels joined by "to"/"through" make one span."""
    readings: list[Reading] = []
    for match in SCHOOL_YEAR.finditer(text):
        low, high = _school_ages(match)
        previous = readings[-1] if readings else None
        if previous and SCHOOL_YEARS_JOINED.fullmatch(text[previous.end : match.start()]):
            readings[-1] = Reading(min(previous.low, low), max(previous.high, high), previous.start, match.end())
        else:
            readings.append(Reading(low, high, match.start(), match.end()))
    return [reading for reading in readings if _addressed(text, reading)]


def _addressed(text: str, reading: Reading) -> bool:
    """Whether a school year names the players ("for the third grade", "high school students", a label
    line), not a place in the book or a comparison ("see First Grade", "played in the third grade")."""
    before = text[max(0, reading.start - 30) : reading.start]
    after = text[reading.end : reading.end + 20]
    return bool(
        AUDIENCE_BEFORE.search(before) or AUDIENCE_AFTER.match(after) or _label_line(text, reading.start, reading.end)
    )


JOINED_BY_AND = re.compile(romanian(r"\b(?:and|și)\b"), re.I)
BETWEEN = re.compile(romanian(r"\b(?:between|între)\b"), re.I)


def _age_ranges(text: str) -> list[Reading]:
    found = []
    for pattern in (AGE_RANGE, AGE_YEARS_RANGE):
        for match in pattern.finditer(text):
            # After a bare "for", "între", "de la", only a unit of years makes the numbers ages.
            unit = pattern is AGE_YEARS_RANGE or match.group("years") or match.group("years_low")
            if pattern is AGE_RANGE and match.group("weak") and not unit:
                continue
            # "children of three and four can be included": "and" joins a range only after "between".
            joined = text[match.end("low") : match.start("high")]
            if JOINED_BY_AND.search(joined) and not BETWEEN.search(text[match.start() : match.start("low")]):
                continue
            found.append(Reading(number(match.group("low")), number(match.group("high")), match.start(), match.end()))
    return found


def _age_bounds(text: str) -> list[Reading]:
    found = []
    for match in AGE_FROM.finditer(text):
        if match.group("low4") and not match.group("open"):
            continue
        token = next(match.group(name) for name in ("low", "low2", "low3", "low4") if match.group(name))
        found.append(Reading(number(token), None, match.start(), match.end()))
    for match in AGE_UNDER.finditer(text):
        if match.group("years") or re.match(r"\s*(?:children|kids|pupils|copii)", match.group(), re.I):
            found.append(Reading(None, number(match.group("high")) - 1, match.start(), match.end()))
    for match in AGE_UNTIL.finditer(text):
        found.append(Reading(None, number(match.group("high")), match.start(), match.end()))
    for match in AGE_PLUS_ALONE.finditer(text):
        found.append(Reading(number(match.group("low")), None, match.start("low"), match.end()))
    return found


def _single_ages(text: str) -> list[Reading]:
    found = []
    for match in AGE_LABELLED.finditer(text):
        low = number(match.group("low"))
        found.append(Reading(low, None if match.group("open") else low, match.start(), match.end()))
    for match in AGE_OLDS.finditer(text):
        token = "low" if match.group("low") else "low2"
        low = number(match.group(token))
        found.append(Reading(low, None if match.group("open") else low, match.start(token), match.end()))
    return found


def _age_readings(text: str) -> list[Reading]:
    """Every age statement in years, in order of position (the longer first at one position)."""
    found = _age_ranges(text) + _age_bounds(text) + _single_ages(text)
    return sorted(found, key=lambda reading: (reading.start, -reading.end))


def read_ages(text: Plain) -> Reading | None:
    """The first age range the text states; school years only when no age is given in years."""
    readings = _age_readings(text.text) or _school_readings(text.text)
    if not readings:
        return None
    return _sound(readings[0], lowest=MIN_AGE, highest=MAX_AGE)


# ---------------------------------------------------------------- place and materials

INDOOR_OUTDOOR_WORDS = (
    "out of doors",
    "out-of-doors",
    "out-doors",
    "out-door",
    "in-doors",
    "in-door",
    "outdoors",
    "outdoor",
    "in the open air",
    "open air",
    "open-air",
    "indoors",
    "indoor",
    "in the house",
    "în aer liber",
    "afară",
    "în curte",
    "în casă",
    "înăuntru",
    "în interior",
    "în exterior",
)
SPACE_WORDS = (
    "playground",
    "gymnasium",
    "schoolroom",
    "school room",
    "classroom",
    "schoolyard",
    "school yard",
    "parlor",
    "parlour",
    "drawing-room",
    "drawing room",
    "sitting-room",
    "sitting room",
    "hall",
    "lawn",
    "field",
    "garden",
    "beach",
    "free space",
    "sală",
    "sala de sport",
    "sala de clasă",
    "curte",
    "grădină",
    "cameră",
)
PLACE_WORDS = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(word) for word in sorted(INDOOR_OUTDOOR_WORDS + SPACE_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.I,
)
MATERIAL_LINE = re.compile(
    romanian(r"^\W*(?:materials?(?: needed| required)?|equipment|you will need|materiale(?: necesare)?)")
    + r"\s*[:\-]\s*(?P<items>.+)$",
    re.I | re.M,
)
NOTHING = re.compile(romanian(r"^(?:none|nothing(?: special)?|no materials?|no equipment|nimic|fără)\b"), re.I)
NO_MATERIALS = "none"


def read_place(text: Plain) -> tuple[list[str], Reading | None]:
    """The place words in order of appearance (each once), and the span from the first to the last."""
    words: list[str] = []
    first = last = None
    for match in PLACE_WORDS.finditer(text.text):
        word = match.group(1).lower()
        if word not in words:
            words.append(word)
        first = first if first is not None else match.start()
        last = match.end()
    if first is None:
        return [], None
    if last - first > EVIDENCE_MAX_CHARS:
        last = PLACE_WORDS.search(text.text, first).end()
    return words, Reading(None, None, first, last)


def read_materials(text: Plain) -> tuple[list[str], Reading | None]:
    """Items of a "Materials: ..." line; an explicit "none" is kept as the single item "none"."""
    match = MATERIAL_LINE.search(text.text)
    if not match:
        return [], None
    listed = match.group("items").strip().rstrip(".")
    reading = Reading(None, None, match.start(), match.end())
    if NOTHING.match(listed):
        return [NO_MATERIALS], reading
    items = re.split(romanian(r"\s*(?:,|;|\band\b|\bși\b)\s*"), listed)
    return [item.strip(" *_") for item in items if item.strip(" *_")], reading


# ---------------------------------------------------------------- the facts of a text


def _pair(reading: Reading | None) -> tuple[int | None, int | None]:
    return (reading.low, reading.high) if reading else (None, None)


def players(text: str) -> tuple[int | None, int | None]:
    """The group size the text states: "5 to 60 players", "10-30 people", "any number" (2, None)."""
    return _pair(read_players(plain(text)))


def duration(text: str) -> tuple[int | None, int | None]:
    """Minutes the text states as the game's length: "1 minute", "10-15 minutes", "half an hour"."""
    return _pair(read_duration(plain(text)))


def ages(text: str) -> tuple[int | None, int | None]:
    """Ages the text states: "for children of 6 to 10", "ages 8-12", "age 6+", "grades 3-5", "de la 6 la 10 ani"."""
    return _pair(read_ages(plain(text)))


def place(text: str) -> tuple[str | None, str | None]:
    """(indoor/outdoor words, space words) in the source's own words, e.g. ("playground; gymnasium", ...).

    Place nouns such as "playground" answer both questions, so they go to both
    fields; the rebuild's normalizers decide what each word means. Longer
    phrases win ("out of doors" over "doors", "în curte" over "curte").
    """
    words, _ = read_place(plain(text))
    spaces = [word for word in words if word in SPACE_WORDS]
    return "; ".join(words) or None, "; ".join(spaces) or None


def materials(text: str) -> list[str]:
    """Items of a "Materials: ..." line ("none" when the line says nothing is needed)."""
    return read_materials(plain(text))[0]


def stated_facts(text: str, *, numbers_text: str | None = None) -> dict:
    """Every filter field (None or [] when the text does not state it) and ``filter_evidence``: for each
    field filled, the phrase it was read from as it stands in the text (at most EVIDENCE_MAX_CHARS).

    Players, duration and ages are read from ``numbers_text`` when given (a game's opening, where its
    facts are stated), place and materials from the whole ``text``.
    """
    whole = plain(text)
    numbers = whole if numbers_text is None else plain(numbers_text)
    facts: dict = dict.fromkeys(FILTER_FIELDS)
    evidence: dict[str, str] = {}

    def record(fields: tuple[str, ...], values: tuple, source: Plain, reading: Reading | None) -> None:
        for field, value in zip(fields, values, strict=True):
            facts[field] = value
            if value not in (None, []) and reading is not None:
                evidence[field] = source.evidence(reading.start, reading.end)

    for fields, reader in (
        (("players_min", "players_max"), read_players),
        (("duration_min", "duration_max"), read_duration),
        (("age_min", "age_max"), read_ages),
    ):
        reading = reader(numbers)
        record(fields, _pair(reading), numbers, reading)
    words, where = read_place(whole)
    spaces = [word for word in words if word in SPACE_WORDS]
    record(("indoor_outdoor", "space"), ("; ".join(words) or None, "; ".join(spaces) or None), whole, where)
    items, listed = read_materials(whole)
    record(("materials",), (items,), whole, listed)
    facts["categories"] = []
    facts["filter_evidence"] = evidence
    return facts


def filter_origin(activity: dict) -> dict:
    """``stated`` for every filter value present (the rule extractor never estimates)."""
    return {field: "stated" for field in FILTER_FIELDS if activity.get(field) not in (None, "", [])}


# Words that name an age group instead of ages, as headings and titles use them ("Games for Little Children",
# "Party games for grown-ups"), with the ages they stand for (None: no upper bound). The spans follow school
# stages, not any one book: before school (kindergarten, "little"/"small" children) 3-6, the upper school years
# ("older boys and girls") 10-14, adolescents 12-17, high school 14-18, young men and women 16 up, adults 18 up.
AGE_GROUP_WORDS: tuple[tuple[str, tuple[int, int | None]], ...] = (
    (
        r"kindergarten|nursery|little (?:children|ones|folks?|people|boys and girls)|small children|"
        r"very young children|tiny tots|toddlers|pre-?school(?:ers)?|grădiniță|grădinița|preșcolari|copiii? mici|"
        r"cei mici",
        (3, 6),
    ),
    (r"older (?:boys and girls|girls and boys|children|boys|girls|pupils)|big (?:boys|girls)|copiii? mari", (10, 14)),
    (r"teen-?agers|teens|adolescents|adolescenți|adolescenții", (12, 17)),
    (r"high[- ]school|liceeni|liceenii", (14, 18)),
    (r"young (?:men|women|men and women|women and men)", (16, None)),
    (r"adults|grown-?ups|grown people|older people|adulți|adulții|oameni mari|oamenii mari", (18, None)),
)
AGE_GROUP_PATTERNS = tuple((re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.I), span) for words, span in AGE_GROUP_WORDS)


def age_words(text: str) -> tuple[int | None, int | None]:
    """Ages that age-group words stand for ("for little children" -> 3-6); several groups give their whole span."""
    spans = [span for pattern, span in AGE_GROUP_PATTERNS if pattern.search(text)]
    if not spans:
        return None, None
    highs = [high for _, high in spans]
    return min(low for low, _ in spans), None if None in highs else max(highs)
