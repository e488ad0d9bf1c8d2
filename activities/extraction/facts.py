"""Filter facts a text states in so many words: players, duration, ages, place, materials.

Every function returns only what the text says (numbers as written, place
words as the source's own words); the rebuild normalizes them onto the
taxonomy. Nothing is guessed: a text that does not state a fact yields None.
English and Romanian phrasings are both recognised.
"""

import re

from activities.taxonomy import FILTER_FIELDS

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "unu": 1,
    "doi": 2,
    "două": 2,
    "trei": 3,
    "patru": 4,
    "cinci": 5,
    "șase": 6,
    "șapte": 7,
    "opt": 8,
    "nouă": 9,
    "zece": 10,
}
# "twenty-five" is one number, not the range twenty to five.
NUMBER_WORDS.update(
    {
        f"{tens}-{unit}": NUMBER_WORDS[tens] + NUMBER_WORDS[unit]
        for tens in ("twenty", "thirty", "forty", "fifty")
        for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    }
)
UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)\b"
NUM = r"(\d{1,3}|(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + rf")(?!-{UNITS}))"
DASH = r"\s*(?:-|–|—|to|or|și|la|pînă la|până la)\s*"

PEOPLE_EN = r"(?:players|people|persons|participants|children|pupils|boys|girls|guests|couples|members|persons)"
PEOPLE_RO = r"(?:jucători|copii|participanți|persoane|oameni|elevi|băieți|fete)"
PEOPLE = rf"(?:{PEOPLE_EN}|{PEOPLE_RO})"

PLAYER_RANGE = re.compile(rf"\b(?:between\s+|from\s+|între\s+|de la\s+)?{NUM}{DASH}{NUM}\s+{PEOPLE}\b", re.I)
PLAYER_LABEL = re.compile(
    rf"\b(?:group size|players|participants|jucători|participanți)\s*:?\s*{NUM}{DASH}{NUM}\b", re.I
)
PLAYER_OR_MORE = re.compile(rf"\b{NUM}\s+(?:or more|and upwards|and over|sau mai mulți)\s+{PEOPLE}\b", re.I)
PLAYER_EXACT = re.compile(rf"\b(?:played by|for|by|de)\s+{NUM}\s+{PEOPLE}\b", re.I)

MINUTES = r"(?:minutes?|mins?\.?|minute|minut)"
DURATION_RANGE = re.compile(rf"\b{NUM}{DASH}{NUM}\s*-?\s*{MINUTES}", re.I)
DURATION_SINGLE = re.compile(rf"\b{NUM}\s*-?\s*{MINUTES}", re.I)
DURATION_HOURS = re.compile(
    r"\b(half an hour|an hour|one hour|o oră|jumătate de oră|(\d{1,2})\s*(?:hours?|ore))\b", re.I
)

AGE_RANGE = re.compile(
    r"(?:\b(?:children|boys|girls|pupils|players|copii|copiii)\s+(?:of|from|aged|between|de|între)\s+"
    r"|\b(?:ages?|aged)\s*:?\s*(?:of\s+|from\s+)?|\bde la\s+(?:vîrsta|vârsta)?[\s,]*(?:de\s+)?)"
    rf"{NUM}\b(?:\s*(?:years|ani))?{DASH}{NUM}\b(?!\s*{PEOPLE})(?:\s*(?:years|ani))?",
    re.I,
)
AGE_YEARS = re.compile(rf"\b{NUM}{DASH}{NUM}\s*(?:years(?: of age| old)?|ani)\b", re.I)
AGE_PLUS = re.compile(rf"\b(?:ages?|aged|vârsta|vîrsta)\s*:?\s*{NUM}\s*\+", re.I)
AGE_ABOVE = re.compile(rf"\b(?:over|above|peste)\s+{NUM}\s*(?:years|ani)\b", re.I)

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
    "indoors",
    "indoor",
    "in the house",
    "în aer liber",
    "afară",
    "în curte",
    "în casă",
    "înăuntru",
)
SPACE_WORDS = (
    "playground",
    "gymnasium",
    "schoolroom",
    "school room",
    "schoolyard",
    "school yard",
    "parlor",
    "parlour",
    "drawing-room",
    "drawing room",
    "sitting-room",
    "hall",
    "lawn",
    "field",
    "garden",
    "beach",
    "free space",
    "sală",
    "curte",
    "grădină",
    "cameră",
)
MATERIAL_LINE = re.compile(
    r"^\W*(?:materials?(?: needed| required)?|equipment|you will need|materiale(?: necesare)?)\s*[:\-–]\s*(.+)$",
    re.I | re.M,
)
NOTHING = re.compile(r"^(?:none|nothing(?: special)?|no materials?|nimic|fără)\b", re.I)


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token.lower()]


def _ordered(low: int, high: int) -> tuple[int, int]:
    return (low, high) if low <= high else (high, low)


def players(text: str) -> tuple[int | None, int | None]:
    """The group size the text states: "5 to 60 players", "10-30 people", "oricîți copii" (no number)."""
    if match := PLAYER_RANGE.search(text):
        return _ordered(_number(match.group(1)), _number(match.group(2)))
    if match := PLAYER_LABEL.search(text):
        return _ordered(_number(match.group(1)), _number(match.group(2)))
    if match := PLAYER_OR_MORE.search(text):
        return _number(match.group(1)), None
    if match := PLAYER_EXACT.search(text):
        count = _number(match.group(1))
        return count, count
    return None, None


def duration(text: str) -> tuple[int | None, int | None]:
    """Minutes the text states: "1 minute", "10-15 minutes", "half an hour"."""
    if match := DURATION_RANGE.search(text):
        return _ordered(_number(match.group(1)), _number(match.group(2)))
    if match := DURATION_SINGLE.search(text):
        minutes = _number(match.group(1))
        return minutes, minutes
    if match := DURATION_HOURS.search(text):
        phrase = match.group(1).lower()
        minutes = 30 if ("half" in phrase or "jumătate" in phrase) else 60 * int(match.group(2) or 1)
        return minutes, minutes
    return None, None


def ages(text: str) -> tuple[int | None, int | None]:
    """Ages the text states: "for children of 6 to 10", "ages 8-12", "age 6+", "de la 6 la 10 ani"."""
    for pattern in (AGE_RANGE, AGE_YEARS):
        if match := pattern.search(text):
            low, high = _ordered(_number(match.group(1)), _number(match.group(2)))
            if high <= 99:
                return low, high
    if match := AGE_PLUS.search(text) or AGE_ABOVE.search(text):
        return _number(match.group(1)), None
    return None, None


PLACE_WORDS = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(word) for word in sorted(INDOOR_OUTDOOR_WORDS + SPACE_WORDS, key=len, reverse=True))
    + r")(?!\w)",
    re.I,
)


def place(text: str) -> tuple[str | None, str | None]:
    """(indoor/outdoor words, space words) in the source's own words, e.g. ("playground; gymnasium", ...).

    Place nouns such as "playground" answer both questions, so they go to both
    fields; the rebuild's normalizers decide what each word means. Longer
    phrases win ("out of doors" over "doors", "în curte" over "curte").
    """
    found: list[str] = []
    for match in PLACE_WORDS.finditer(text):
        word = match.group(1).lower()
        if word not in found:
            found.append(word)
    spaces = [word for word in found if word in SPACE_WORDS]
    return "; ".join(found) or None, "; ".join(spaces) or None


def materials(text: str) -> list[str]:
    """Items of a "Materials: ..." line (an explicit "none" yields an empty list)."""
    match = MATERIAL_LINE.search(text)
    if not match:
        return []
    listed = match.group(1).strip().rstrip(".")
    if NOTHING.match(listed):
        return []
    items = re.split(r"\s*(?:,|;|\band\b|\bși\b)\s*", listed)
    return [item.strip(" *_") for item in items if item.strip(" *_")]


def stated_facts(text: str) -> dict:
    """Every filter fact the text states, with ``filter_origin`` marking each present value stated."""
    facts: dict = {}
    facts["players_min"], facts["players_max"] = players(text)
    facts["duration_min"], facts["duration_max"] = duration(text)
    facts["age_min"], facts["age_max"] = ages(text)
    facts["indoor_outdoor"], facts["space"] = place(text)
    facts["materials"] = materials(text)
    facts["categories"] = []
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
