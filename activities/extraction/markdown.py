"""Markdown pages (optionally with YAML front matter) into activities.

A heading is a game when its section has prose and no game headings under
it; headings such as "Instructions", "Process", "Variations", "Trainer's
Note" are parts of the game above them. A page whose headings are all such
parts is one game, named by its front matter ``title``. Front-matter labels
of a one-game page become stated fields through the general meanings below.
A heading with games under it is a section: it gives context to them (see
``heading_context``) until the next heading of its depth or a shallower one;
the page's ``title`` encloses every heading of the page.
"""

import re
from dataclasses import dataclass, field

import yaml

from activities.extraction import facts, heading_context, headings
from activities.extraction.heading_context import Heading

FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
LINK_ONLY = re.compile(r"^\[[^\]]+\]\([^)]*\)$")
# Headings that name a part of a game, not a game.
PART_LABEL = re.compile(
    r"^(?:description|instructions?|process|procedure|how to (?:play|run it)|rules?|variations?|variants?|"
    r"(?:trainer|facilitator|leader)['’]?s? notes?|notes?|tips?|things to (?:be aware of|watch)|materials?\b.*|"
    r"preparation|prior prep.*|running the \w+|debrief(?:ing)?|reflection|objectives?|goals?|aims?|set-?up|"
    r"purpose|outcomes?|resources?\b.*|examples?\b.*|part \d+\b.*|case \d+|step \d+\b.*|descriere|reguli|"
    r"variant[eă]|materiale|instrucțiuni|desfășurare)$",
    re.I,
)
VARIATION_LABEL = re.compile(r"^(?:variations?|variants?|variant[eă])$", re.I)
MATERIAL_LABEL = re.compile(r"^(?:materials?|materiale)\b", re.I)
NOT_A_GAME = re.compile(
    r"^(?:introduction|attribution|licen[cs]e|references|further reading|see also|credits|sources|about\b|summary|"
    r"conclusion|overview|background|why\b)",
    re.I,
)
LICENCE_PAGE = re.compile(r"\blicen[cs]e\b|\blicen[țţ]ă\b", re.I)
BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
FACTS_LINE = re.compile(r"^\*\*[^*]{1,80}\*\*$")

# General meanings of the labels game collections put in front matter (the
# short codes are those of the alele.io schema, documented in its
# CONTRIBUTING.md); values outside these tables are kept as written.
CATEGORY_LABELS = {
    "ice": "icebreaker",
    "ener": "energizer",
    "trust": "trust",
    "prob": "problem solving",
    "name": "name game",
    "brain": "brain teaser",
    "song": "song",
    "race": "race",
    "gtk": "getting to know each other",
}
LENGTH_MINUTES = {"short": (None, 10), "medium": (10, 30), "long": (30, 120)}
GROUP_SIZE_PLAYERS = {"small": (2, 7), "large": (13, 16), "multiple": (15, 40), "event": (50, 300)}
# A heading's rank from its depth ("#" ranks 6, "######" 1); the page's title outranks them all.
PAGE_TITLE_RANK = 7
FRONT_MATTER_KEYS = {
    "categories": ("game_types", "game_type", "types", "type", "categories", "category", "tags"),
    "duration": ("game_lengths", "game_length", "duration", "time", "length"),
    "players": ("group_sizes", "group_size", "players", "participants"),
    "materials": ("materials", "material"),
    "ages": ("ages", "age"),
}


@dataclass
class Pending:
    """A game whose title ended a chunk before its text: the next chunk's opening text is its body."""

    name: str
    aliases: list[str] = field(default_factory=list)
    labels: dict = field(default_factory=dict)


def is_markdown(page: str) -> bool:
    """Front matter, or ATX headings: two of them, or one opening the page (a stray "# " line in a
    plain-text book does not make it Markdown)."""
    if FRONT_MATTER.match(page):
        return True
    lines = [line for line in page.splitlines() if line.strip()]
    headed = [index for index, line in enumerate(lines) if ATX_HEADING.match(line)]
    return len(headed) >= 2 or headed == [0]


def front_matter(page: str) -> tuple[dict, int]:
    """The parsed front matter (empty when absent or unreadable) and where the body starts."""
    match = FRONT_MATTER.match(page)
    if not match:
        return {}, 0
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        data = None
    return (data if isinstance(data, dict) else {}), match.end()


def clean_inline(text: str) -> str:
    """Markdown emphasis, links and HTML tags removed from running text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_]([^*_\n]+)[*_](?![\w*])", r"\1", text)
    return text.strip()


def _values(data: dict, kind: str) -> list[str]:
    for key in FRONT_MATTER_KEYS[kind]:
        value = data.get(key)
        if value not in (None, "", []):
            return [str(item) for item in value] if isinstance(value, list) else [str(value)]
    return []


def _span(ranges: list[tuple[int | None, int | None]]) -> tuple[int | None, int | None]:
    lows = [low for low, _ in ranges if low is not None]
    highs = [high for _, high in ranges if high is not None]
    unbounded_high = any(high is None for _, high in ranges)
    return (min(lows) if lows else None, None if unbounded_high or not highs else max(highs))


def front_matter_facts(data: dict) -> dict:
    """Stated fields from front-matter labels, through their general meanings or as numbers written there."""
    stated: dict = {}
    categories = [CATEGORY_LABELS.get(value.strip().lower(), value.strip()) for value in _values(data, "categories")]
    if categories:
        stated["categories"] = categories
    lengths = [LENGTH_MINUTES.get(value.lower()) or facts.duration(value) for value in _values(data, "duration")]
    if lengths:
        stated["duration_min"], stated["duration_max"] = _span(lengths)
    sizes = [GROUP_SIZE_PLAYERS.get(value.lower()) or _number_range(value) for value in _values(data, "players")]
    if sizes:
        stated["players_min"], stated["players_max"] = _span(sizes)
    materials = [value.strip() for value in _values(data, "materials") if value.strip()]
    if materials:
        stated["materials"] = materials
    ages = [_number_range(value) for value in _values(data, "ages")]
    if ages:
        stated["age_min"], stated["age_max"] = _span(ages)
    return {key: value for key, value in stated.items() if value not in (None, [], (None, None))}


def _number_range(value: str) -> tuple[int | None, int | None]:
    numbers = [int(number) for number in re.findall(r"\d+", value)]
    if not numbers:
        return None, None
    if "+" in value and len(numbers) == 1:
        return numbers[0], None
    return min(numbers), max(numbers)


def _headings(lines: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """(line index, level, title) of every ATX heading outside fenced code."""
    found = []
    fenced = False
    for index, (_, line) in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (match := ATX_HEADING.match(line)):
            found.append((index, len(match.group(1)), match.group(2).strip()))
    return found


def _is_game_heading(raw_title: str) -> bool:
    if LINK_ONLY.match(raw_title.strip("*_ ")):
        return False
    title = headings.strip_decoration(clean_inline(raw_title))
    return bool(title) and not (
        PART_LABEL.match(title) or NOT_A_GAME.match(title) or headings.is_not_an_activity(title)
    )


def _activity(
    *, chunk_text: str, lines: list[tuple[int, str]], name: str, page: int, language: str, extra: dict
) -> dict | None:
    """One game from its lines (headings included); None when there is no prose."""
    main: list[str] = []
    variations: list[str] = []
    materials: list[str] = []
    target = main
    paragraph: list[str] = []
    in_materials = False

    def flush() -> None:
        if paragraph:
            target.append(clean_inline(" ".join(paragraph)))
            paragraph.clear()

    for _, line in lines:
        if heading := ATX_HEADING.match(line):
            flush()
            label = headings.strip_decoration(clean_inline(heading.group(2)))
            target = variations if VARIATION_LABEL.match(label) else main
            in_materials = bool(MATERIAL_LABEL.match(label))
        elif not line.strip():
            flush()
        else:
            if in_materials and BULLET.match(line):
                materials.append(clean_inline(BULLET.sub("", line)))
            paragraph.append(line.strip())
    flush()
    body_text = "\n".join(line for _, line in lines if not ATX_HEADING.match(line))
    prose = [part for part in main if len(part) > 1]
    if sum(len(part) for part in prose) < 40:
        return None
    descriptive = [part for part in prose if not FACTS_LINE.match(part)] or prose
    stated = facts.stated_facts(body_text)
    evidence = stated.pop("filter_evidence")
    if materials:
        stated["materials"] = materials
    stated.update(extra)
    first = next((offset, line) for offset, line in lines if line.strip() and not ATX_HEADING.match(line))
    start = first[0] + len(first[1]) - len(first[1].lstrip())
    quote = chunk_text[start : start + min(len(first[1].strip()), 120)]
    activity = {
        "name": name,
        "aliases": [],
        "language": language if language in ("ro", "en") else "en",
        "description": descriptive[0],
        "rules": "\n\n".join(part for part in prose if part is not descriptive[0]),
        "variations": "\n\n".join(variations),
        **stated,
        "page": page,
        "quote": quote.rstrip(),
    }
    activity["filter_origin"] = facts.filter_origin(activity)
    # Front-matter labels (``extra``) are their own evidence; the text's phrases are kept for the rest.
    if evidence := {name: words for name, words in evidence.items() if name in activity["filter_origin"]}:
        activity["filter_evidence"] = evidence
    return activity


def extract_page(
    chunk_text: str,
    *,
    offset: int,
    page: int,
    language: str,
    continued: Pending | None = None,
    outer: list[Heading] | tuple = (),
) -> tuple[list[dict], Pending | None, list[Heading]]:
    """The games of one Markdown page that starts at ``offset`` in the chunk text, the game left
    pending when the page (the chunk) ends right under a game heading, and the section headings open
    where the page ends.

    ``continued`` is the game pending from the previous chunk: a page without
    front matter and without game headings of its own is the rest of it.
    ``outer`` are the section headings open where the page starts (the previous
    chunk's, when this one continues its page).
    """
    page_text = chunk_text[offset:].split("\f", 1)[0]
    data, body_start = front_matter(page_text)
    lines = []
    position = 0
    for line in page_text.split("\n"):
        if position >= body_start:
            lines.append((offset + position, line))
        position += len(line) + 1
    page_title = str(data.get("title") or "").strip()
    if LICENCE_PAGE.search(page_title):
        return [], None, []
    found = _headings(lines)
    games = [(index, level, title) for index, level, title in found if _is_game_heading(title)]
    open_headings = list(outer)
    if continued and not data and not games:
        activity = _activity(
            chunk_text=chunk_text, lines=lines, name=continued.name, page=page, language=language, extra={}
        )
        if activity:
            activity.update(aliases=continued.aliases, **continued.labels)
            activity["filter_origin"] = facts.filter_origin(activity)
            heading_context.context_apply(activity, heading_context.context_of(open_headings))
        return ([activity] if activity else []), None, open_headings
    if page_title and games:
        open_headings = heading_context.enter(open_headings, Heading(page_title, PAGE_TITLE_RANK))
    # Headings that are only a link point at a game described elsewhere: the heading above them is a list of games.
    listed = [index for index, _, title in found if LINK_ONLY.match(title.strip("*_ "))]
    game_indexes = {game[0] for game in games}
    found_games: list[tuple[dict, heading_context.Context]] = []
    pending = None
    for index, level, title in found:
        name = headings.strip_decoration(clean_inline(title))
        end = next((other for other, other_level, _ in found if other > index and other_level <= level), len(lines))
        enclosing = heading_context.enter(open_headings, Heading(name, PAGE_TITLE_RANK - level))
        if any(index < other < end for other in [*game_indexes, *listed]):
            open_headings = enclosing  # a section of games, not a game
            continue
        # A game or a part of one ends the sections of its depth, and opens none.
        open_headings = enclosing[:-1]
        if index not in game_indexes:
            continue
        activity = _activity(
            chunk_text=chunk_text, lines=lines[index + 1 : end], name=name, page=page, language=language, extra={}
        )
        if activity:
            found_games.append((activity, heading_context.context_of(open_headings)))
        elif end == len(lines):
            pending = Pending(name=name)
    if not found_games and page_title and not games and not headings.is_not_an_activity(page_title):
        activity = _activity(
            chunk_text=chunk_text, lines=lines, name=page_title, page=page, language=language, extra={}
        )
        found_games = [(activity, heading_context.context_of(open_headings))] if activity else []
    labels = front_matter_facts(data)
    if len(found_games) == 1 and labels:
        found_games[0][0].update(labels)
        found_games[0][0]["filter_origin"] = facts.filter_origin(found_games[0][0])
    if pending and not found_games and len(games) == 1:
        pending.labels = labels
    activities = [heading_context.context_apply(activity, context) for activity, context in found_games]
    return activities, pending, open_headings
