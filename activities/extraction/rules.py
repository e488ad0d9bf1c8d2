"""The offline rule extractor: heading-structured text in, activities out.

``extract(text, page_start=, language=)`` is a pure function on a chunk's
text (pages separated by form feeds). Plain text is cut at game titles (see
``headings``); pages with Markdown headings or YAML front matter go through
``markdown``. A title starts an activity when its section has a prose body
that reads as a game (``activities.gameness``: not a story, verse or advice);
a title followed directly by another title is a section heading, which gives
stated context (place, category) to the games under it, or marks them as not
games (riddles, puzzles). Every filter value comes from the text and is
marked stated — the rule extractor never estimates.
"""

import re
from dataclasses import dataclass, field

from activities import gameness
from activities.extraction import facts, headings, markdown

VERSION = "rules-1"
QUOTE_MAX_CHARS = 120
# A game's body must read as prose: a sentence of at least this many characters.
MIN_BODY_CHARS = 60
SENTENCE = re.compile(r"[a-zăâîșțşţ]{2,}[^.!?\n]*(?:\n[^.!?\n]+)*[.!?]", re.I)
VARIATION_START = re.compile(r"^\W*(?:variations?|another way|variant[ăe]?|varianta)\b", re.I)
# Category words a section heading or label may state, in the source's words.
CATEGORY_WORDS = re.compile(
    r"\b(ice[- ]?breakers?|energi[sz]ers?|relays?|racing games|races|ball games|singing games|circle games|"
    r"trick games|stunts|guessing games|word games|team[- ]?building|trust games|party games|motion games?|"
    r"story plays?|forfeit games|jocuri de societate|jocuri de mișcare)\b",
    re.I,
)
CONTEXT_DEPTH = 3
NOTE_MAX_LINES = 6
# In text without blank lines, a line shorter than this share of the longest one ends its paragraph.
SHORT_LINE_SHARE = 0.8
# Text is dense (from a PDF) when fewer than one line in DENSE_BLANK_SHARE is blank.
DENSE_BLANK_SHARE = 20
# Words of play. In a source where fewer than half the titled sections use them
# (a camp manual that talks *about* games), only sections that read like a game
# are kept; a games book is not filtered.
PLAY_WORDS = re.compile(
    r"\b(players?|play|plays|played|playing|game|games|child|children|pupils?|guests?|partners?|teams?|sides|"
    r"circle|ring|turn|wins?|winner|forfeit|blindfold(?:ed)?|tag|tagged|catch|caught|leader|participants?|"
    r"joc|jocul|jocuri|copii|copiii|copilul|jucători|jucătorii|participanții|participanți)\b",
    re.I,
)
GAME_WORDS = re.compile(r"\b(players?|play(?:s|ed|ing)?|games?|joc|jocul|jocuri|jucători|jucătorii)\b", re.I)
PLAY_WORDS_PER_100 = 1
GAMES_SOURCE_SHARE = 0.5
GAMES_SOURCE_SAMPLE = 5


@dataclass
class Line:
    start: int
    text: str


@dataclass
class Section:
    title_line: Line
    body: list[Line] = field(default_factory=list)
    # The text before the chunk's first title: the rest of a game that began in the previous chunk.
    continuation: bool = False

    @property
    def title(self) -> str:
        return headings.title_text(self.title_line.text)

    def prose(self) -> list[Line]:
        """Body lines that are text: blank lines and bracketed notes ("[Illustration: ...]") left out."""
        return [line for line in without_notes(self.body) if not headings.is_blank(line.text)]


def without_notes(lines: list[Line]) -> list[Line]:
    """The lines minus bracketed notes ("[Illustration: ...]", "[Plate 2]"); a note left open (a stage
    direction) ends after NOTE_MAX_LINES lines of text."""
    kept = []
    note_lines = 0
    for line in lines:
        stripped = line.text.strip()
        if note_lines and stripped:
            note_lines = 0 if "]" in stripped or note_lines >= NOTE_MAX_LINES else note_lines + 1
            continue
        if stripped.startswith("["):
            note_lines = 0 if "]" in stripped else 1
            continue
        kept.append(line)
    return kept


def split_lines(text: str) -> list[Line]:
    """Lines with their offsets; a form feed ends a line like a newline does."""
    lines = []
    start = 0
    for match in re.finditer(r"[\n\f]", text):
        lines.append(Line(start, text[start : match.start()]))
        start = match.end()
    if start < len(text):
        lines.append(Line(start, text[start:]))
    return lines


def page_of(text: str, offset: int, page_start: int) -> int:
    return page_start + text.count("\f", 0, offset)


def paragraphs(lines: list[Line]) -> list[str]:
    """Paragraphs, each with its lines joined by single spaces. They end at blank lines; text without
    any (from a PDF) also ends a paragraph at a short line that finishes a sentence."""
    texts = [line.text for line in lines]
    dense = not any(headings.is_blank(text) for text in texts)
    width = max((len(text.rstrip()) for text in texts), default=0)
    result: list[list[str]] = [[]]
    for text in texts:
        if headings.is_blank(text):
            if result[-1]:
                result.append([])
            continue
        result[-1].append(text.strip())
        stripped = text.rstrip()
        if dense and stripped.endswith(tuple(".!?:”’\"'")) and len(stripped) < width * SHORT_LINE_SHARE:
            result.append([])
    return [" ".join(group) for group in result if group]


def quote_from(text: str, lines: list[Line]) -> str:
    """The opening words of the section's text, verbatim from the chunk text (cut at a word boundary)."""
    first = next(line for line in without_notes(lines) if not headings.is_blank(line.text))
    stripped_start = first.start + len(first.text) - len(first.text.lstrip())
    opening = text[stripped_start : stripped_start + len(first.text.strip())]
    if len(opening) <= QUOTE_MAX_CHARS:
        return opening
    cut = opening.rfind(" ", 0, QUOTE_MAX_CHARS)
    return opening[: cut if cut > 20 else QUOTE_MAX_CHARS]


def is_prose(body: list[Line]) -> bool:
    """Whether a section's text reads as running prose, not a contents list, an index or a title page."""
    if not body:
        return False
    listed = sum(
        bool(headings.PAGE_REFERENCE.search(line.text.rstrip()))
        or (headings.word_count(line.text) <= 8 and headings.is_title_case(headings.strip_decoration(line.text)))
        for line in body
    )
    if len(body) > 2 and listed * 10 >= len(body) * 7:
        return False
    joined = "\n".join(line.text for line in body)
    return sum(len(match.group()) for match in SENTENCE.finditer(joined)) >= MIN_BODY_CHARS


def segment(lines: list[Line]) -> list[Section | None]:
    """Sections in order; None stands for a separator (it ends the section before it). The first is
    always the untitled ``continuation`` section (the text before the first title, often empty)."""
    current: Section | None = Section(Line(0, ""), continuation=True)
    sections: list[Section | None] = [current]
    previous_text = ""
    in_note, note_lines = False, 0
    # Text from a PDF reader has (almost) no blank lines.
    dense = sum(headings.is_blank(line.text) for line in lines) * DENSE_BLANK_SHARE < len(lines)
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        # A bracketed note ("[Illustration: ...]") may span a few lines; nothing inside it is a title.
        # An unclosed "[" (a stage direction) ends at a blank line or after NOTE_MAX_LINES.
        if in_note:
            note_lines += 1
            in_note = bool(stripped) and note_lines <= NOTE_MAX_LINES and "]" not in stripped
            if stripped and note_lines <= NOTE_MAX_LINES:
                if current is not None:
                    current.body.append(line)
                continue
        if stripped.startswith("[") or headings.is_blank(line.text):
            in_note, note_lines = stripped.startswith("[") and "]" not in stripped, 0
            if current is not None:
                current.body.append(line)
            continue
        blank_before = index == 0 or headings.is_blank(lines[index - 1].text)
        blank_after = index + 1 >= len(lines) or headings.is_blank(lines[index + 1].text)
        following = next((other.text for other in lines[index + 1 : index + 3] if other.text.strip()), "")
        kind = headings.classify(
            line.text,
            blank_before=blank_before,
            blank_after=blank_after,
            previous=previous_text,
            following=following,
            dense=dense,
        )
        # A title or a separator ends what came before it, like a full stop.
        previous_text = "" if kind else line.text
        if kind == "separator":
            sections.append(None)
            current = None
        elif kind == "title":
            current = Section(line)
            sections.append(current)
        elif current is not None:
            current.body.append(line)
    return sections


def games_style_of(sections: list[Section | None], *, counts: dict[str, int]) -> str | None:
    """The title style of the source's games: the commonest style of titled prose sections, counted in
    ``counts`` (carried over from earlier chunks of the source and updated here)."""
    for section in sections:
        if section is not None and is_prose(section.prose()) and not headings.is_not_an_activity(section.title):
            kind = headings.style(section.title_line.text)
            counts[kind] = counts.get(kind, 0) + 1
    # Numbering is deliberate, capitals and Title Case also mark speakers, notes and diagrams: a numbered
    # title counts double.
    weight = {"numbered": 2, "caps": 1, "title-case": 1}
    commonest = max(weight, key=lambda kind: (counts.get(kind, 0) * weight[kind], headings.STYLE_RANK[kind]))
    return commonest if counts.get(commonest, 0) >= 2 else None


def demote_lesser_titles(sections: list[Section | None], games_style: str | None) -> list[Section | None]:
    """Keep one title style for games: a game book's titles share a typography.

    Numbered titles outrank ALL-CAPS lines, which outrank Title Case lines.
    Under the games' style, a weaker title line with prose under it is text of
    the game above it (a speaker's name in a dialogue, "NOTE:", a diagram
    label), not a game of its own; with no game above, it is dropped.
    """
    if games_style is None:
        return sections
    games_rank = headings.STYLE_RANK[games_style]
    result: list[Section | None] = []
    previous_is_game = False
    for section in sections:
        if section is None:
            result.append(None)
            previous_is_game = False
            continue
        rank = headings.STYLE_RANK[headings.style(section.title_line.text)]
        if rank < games_rank and is_prose(section.prose()) and not headings.is_structural(section.title):
            if previous_is_game:
                result[-1].body += [section.title_line, *section.body]
            continue
        result.append(section)
        previous_is_game = rank == games_rank and is_prose(section.prose())
    return result


def context_facts(context: list[str]) -> dict:
    """Place and category words stated by the enclosing section headings, nearest first."""
    result: dict = {"indoor_outdoor": None, "space": None, "categories": []}
    for title in reversed(context):
        indoor_outdoor, space = facts.place(title)
        if indoor_outdoor and result["indoor_outdoor"] is None:
            result["indoor_outdoor"], result["space"] = indoor_outdoor, space
        if not result["categories"]:
            result["categories"] = [match.group(1).lower() for match in CATEGORY_WORDS.finditer(title)]
    return result


def build_activity(
    *,
    text: str,
    name: str,
    aliases: list[str],
    body: list[Line],
    start: int,
    page_start: int,
    language: str,
    context: dict,
) -> dict:
    """One activity in the extraction schema from a titled section of the chunk."""
    body_text = "\n".join(line.text for line in body)
    parts = paragraphs(without_notes(body))
    main = [part for part in parts if not VARIATION_START.match(part)]
    variations = [part for part in parts if VARIATION_START.match(part)]
    stated = facts.stated_facts(body_text)
    for key in ("indoor_outdoor", "space"):
        stated[key] = stated[key] or context.get(key)
    label_categories = [match.group(1).lower() for match in CATEGORY_WORDS.finditer(" ".join(parts[:1]))]
    stated["categories"] = sorted(set(context.get("categories", []) + label_categories))
    activity = {
        "name": name,
        "aliases": aliases,
        "language": activity_language(body_text, language),
        "description": main[0] if main else "",
        "rules": "\n\n".join(main[1:]),
        "variations": "\n\n".join(variations),
        **stated,
        "page": page_of(text, start, page_start),
        "quote": quote_from(text, body),
    }
    activity["filter_origin"] = facts.filter_origin(activity)
    return activity


def play_text(activity: dict) -> str:
    """An extracted activity's description, rules and variations: the text the not-a-game gate reads."""
    return gameness.activity_text(activity["description"], activity["rules"], activity["variations"])


def games_only(activities: list[dict]) -> list[dict]:
    """The titled sections that read as games (``activities.gameness``): not a story, a poem, advice..."""
    return [activity for activity in activities if gameness.judge(play_text(activity))]


ROMANIAN_LETTERS = re.compile(r"[ăâîșțşţ]", re.I)


def activity_language(body: str, source_language: str) -> str:
    """The source's language when it is one the library knows; otherwise Romanian diacritics decide."""
    if source_language in ("ro", "en"):
        return source_language
    return "ro" if len(ROMANIAN_LETTERS.findall(body)) > len(body) / 200 else "en"


def _may_be_a_game(title: str, rank: int, context: "SectionContext") -> bool:
    games_rank = headings.STYLE_RANK.get(context.games_style, rank)
    return rank == games_rank and not headings.is_structural(title) and not headings.is_not_an_activity(title)


def _next_is_game_title(sections: list[Section | None], position: int, games_rank: int) -> bool:
    following = sections[position + 1] if position + 1 < len(sections) else None
    return following is not None and headings.STYLE_RANK[headings.style(following.title_line.text)] == games_rank


@dataclass
class SectionContext:
    """What is in force where a chunk starts: the enclosing section headings, whether they hold no
    games (the rank of the riddles/answers heading), and the title style of the book's games.
    Carried from one chunk of a source to the next, so a chunk cut mid-section reads like the book."""

    headings: list[str] = field(default_factory=list)
    skipping_rank: int = 0
    games_style: str | None = None
    style_counts: dict[str, int] = field(default_factory=dict)
    sections: int = 0
    playful_sections: int = 0
    # A game title that ended the previous chunk with no text under it yet.
    pending: markdown.Pending | None = None

    def mostly_games(self) -> bool:
        """Whether the source so far reads as a games book (too few sections yet counts as yes)."""
        return self.sections < GAMES_SOURCE_SAMPLE or self.playful_sections >= self.sections * GAMES_SOURCE_SHARE


def is_playful(body: list[Line]) -> bool:
    return len(PLAY_WORDS.findall("\n".join(line.text for line in body))) >= 2


def reads_like_a_game(body: list[Line]) -> bool:
    """Words of play, one of them "game" or "play", at least PLAY_WORDS_PER_100 in every hundred words."""
    joined = "\n".join(line.text for line in body)
    count = len(PLAY_WORDS.findall(joined))
    dense_enough = count * 100 >= PLAY_WORDS_PER_100 * len(joined.split())
    return count >= 2 and dense_enough and bool(GAME_WORDS.search(joined))


def extract_plain(text: str, *, page_start: int, language: str, context: SectionContext) -> list[dict]:
    """The games of plain text; ``context`` is updated to what is in force at the end of the text."""
    activities: list[dict] = []
    continuation, *sections = segment(split_lines(text))
    pending, context.pending = context.pending, None
    if pending and is_prose(continuation.prose()) and not context.skipping_rank:
        activities.append(
            build_activity(
                text=text,
                name=pending.name,
                aliases=pending.aliases,
                body=continuation.body,
                start=continuation.prose()[0].start,
                page_start=page_start,
                language=language,
                context=context_facts(context.headings),
            )
        )
    context.games_style = games_style_of(sections, counts=context.style_counts)
    sections = demote_lesser_titles(sections, context.games_style)
    candidates = [section.prose() for section in sections if section is not None and is_prose(section.prose())]
    context.sections += len(candidates)
    context.playful_sections += sum(is_playful(prose) for prose in candidates)
    strict = not context.mostly_games()
    games_rank = headings.STYLE_RANK.get(context.games_style, 0)
    for position, section in enumerate(sections):
        if section is None:
            context.skipping_rank = 0
            continue
        title = section.title
        prose = section.prose()
        rank = headings.STYLE_RANK[headings.style(section.title_line.text)]
        if headings.NON_GAME_SECTION.search(title) and headings.is_not_an_activity(title):
            context.skipping_rank = rank
            continue
        introduces_games = games_rank and rank > games_rank and _next_is_game_title(sections, position, games_rank)
        if not prose and position == len(sections) - 1 and _may_be_a_game(title, rank, context):
            # The chunk ends right after this title: its text, if any, opens the next chunk.
            name, aliases = headings.split_aliases(headings.display_name(title))
            context.pending = markdown.Pending(name=name, aliases=aliases)
        if headings.is_structural(title) or not prose or introduces_games:
            # A section heading (perhaps with an introduction): it sets the context of the games that follow it.
            context.headings = [*context.headings, title][-CONTEXT_DEPTH:]
            if rank >= context.skipping_rank:
                context.skipping_rank = rank if headings.NON_GAME_SECTION.search(title) else 0
            continue
        if context.skipping_rank and headings.style(section.title_line.text) == context.games_style:
            # A game-style title with prose under it: the riddles or answers are over.
            context.skipping_rank = 0 if is_prose(prose) and not headings.NON_GAME_SECTION.search(title) else rank
        if context.skipping_rank or headings.is_not_an_activity(title) or not is_prose(prose):
            continue
        if strict and not reads_like_a_game(prose):
            continue
        name, aliases = headings.split_aliases(headings.display_name(title))
        activities.append(
            build_activity(
                text=text,
                name=name,
                aliases=aliases,
                body=section.body,
                start=section.title_line.start,
                page_start=page_start,
                language=language,
                context=context_facts(context.headings),
            )
        )
    return activities


def extract(text: str, *, page_start: int, language: str, context: SectionContext | None = None) -> list[dict]:
    """Every activity the rules find in a chunk's text, in order, each valid against the schema.

    Pass the same ``context`` for consecutive chunks of one source to carry the
    section headings across chunk boundaries.
    """
    context = context if context is not None else SectionContext()
    pages = text.split("\f")
    if not any(markdown.is_markdown(page) for page in pages):
        return games_only(extract_plain(text, page_start=page_start, language=language, context=context))
    activities: list[dict] = []
    offset = 0
    for number, page in enumerate(pages):
        if markdown.is_markdown(page):
            # Only the chunk's first page can continue the previous chunk's last page.
            continued, context.pending = (context.pending if number == 0 else None), None
            found, context.pending = markdown.extract_page(
                text, offset=offset, page=page_start + number, language=language, continued=continued
            )
            activities += found
        else:
            activities += [
                {**activity, "page": page_start + number}
                for activity in extract_plain(page, page_start=page_start + number, language=language, context=context)
            ]
        offset += len(page) + 1
    return games_only(activities)
