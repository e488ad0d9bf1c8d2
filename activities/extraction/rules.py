"""The offline rule extractor: heading-structured text in, activities out.

``extract(text, page_start=, language=)`` is a pure function on a chunk's
text (pages separated by form feeds). Plain text is cut at game titles (see
``headings``); pages with Markdown headings or YAML front matter go through
``markdown``. A title starts an activity when its section has a prose body
that reads as a game (``activities.gameness``: not a story, verse or advice);
a title followed directly by another title is a section heading, which gives
context (place, ages, group size, category: see ``heading_context``) to the
games under it until the next heading of its rank or a higher one, or marks
them as not games (riddles, puzzles). Every filter value comes from the text:
the game's own words (stated) or its headings' (context) — the rule extractor
never estimates.
"""

import re
from dataclasses import dataclass, field

from activities import gameness
from activities.extraction import facts, heading_context, headings, markdown
from activities.extraction.heading_context import Heading

VERSION = "rules-1"
QUOTE_MAX_CHARS = 120
# A game's body must read as prose: a sentence of at least this many characters.
MIN_BODY_CHARS = 60
SENTENCE = re.compile(r"[a-zăâîșțşţ]{2,}[^.!?\n]*(?:\n[^.!?\n]+)*[.!?]", re.I)
VARIATION_START = re.compile(r"^\W*(?:variations?|another way|variant[ăe]?|varianta)\b", re.I)
# A game states its players, length and ages in its opening (label lines and first paragraphs); numbers
# further down belong to a variation, a turn or a story.
OPENING_PARAGRAPHS = 2
NOTE_MAX_LINES = 6
SUBTITLE_MAX_LINES = 2
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


def opening_text(body: list[Line]) -> str:
    """The section's first OPENING_PARAGRAPHS paragraphs with their line breaks (a label is told by where
    its line starts); text without blank lines (from a PDF) is cut into paragraphs at its short lines."""
    text = "\n".join(line.text for line in without_notes(body))
    blocks = [block for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    if len(blocks) > 1:
        return "\n\n".join(blocks[:OPENING_PARAGRAPHS])
    return "\n\n".join(paragraphs(without_notes(body))[:OPENING_PARAGRAPHS])


def build_activity(
    *,
    text: str,
    name: str,
    aliases: list[str],
    body: list[Line],
    start: int,
    page_start: int,
    language: str,
    context: heading_context.Context,
) -> dict:
    """One activity in the extraction schema from a titled section of the chunk; ``context`` fills what its
    text leaves unsaid."""
    body_text = "\n".join(line.text for line in body)
    parts = paragraphs(without_notes(body))
    main = [part for part in parts if not VARIATION_START.match(part)]
    variations = [part for part in parts if VARIATION_START.match(part)]
    stated = facts.stated_facts(body_text, numbers_text=opening_text(body))
    evidence = stated.pop("filter_evidence")
    stated["categories"] = sorted(set(heading_context.categories(" ".join(parts[:1]))))
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
    if evidence := {name: words for name, words in evidence.items() if name in activity["filter_origin"]}:
        activity["filter_evidence"] = evidence
    return heading_context.context_apply(activity, context)


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
    """What is in force where a chunk starts: the open section headings (outermost first), whether they
    hold no games (the rank of the riddles/answers heading), and the title style of the book's games.
    Carried from one chunk of a source to the next, so a chunk cut mid-section reads like the book."""

    open_headings: list[Heading] = field(default_factory=list)
    # The rank of a division heading that only numbers it ("CHAPTER V"): a heading right after it is its name.
    unnamed_division: int = 0
    skipping_rank: int = 0
    games_style: str | None = None
    style_counts: dict[str, int] = field(default_factory=dict)
    sections: int = 0
    playful_sections: int = 0
    # A game title that ended the previous chunk with no text under it yet, and the headings open before it
    # (it was entered as a heading in case it is one; if its text follows, it was a game after all).
    pending: markdown.Pending | None = None
    headings_before_pending: list[Heading] | None = None
    # The last page read: a chunk that starts on it continues that page.
    last_page: int | None = None

    def heading_enter(self, title: str, rank: int) -> None:
        """Open a section heading; a heading right after a bare division heading names that division."""
        if self.unnamed_division and not headings.is_structural(title):
            rank = max(rank, self.unnamed_division)
        self.open_headings = heading_context.enter(self.open_headings, Heading(title, rank))
        self.unnamed_division = rank if headings.is_bare_division(title) else 0

    def in_force(self) -> heading_context.Context:
        return heading_context.context_of(self.open_headings)

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
    before_pending, context.headings_before_pending = context.headings_before_pending, None
    if pending and is_prose(continuation.prose()) and not context.skipping_rank:
        if before_pending is not None:
            context.open_headings = before_pending
        activities.append(
            build_activity(
                text=text,
                name=pending.name,
                aliases=pending.aliases,
                body=continuation.body,
                start=continuation.prose()[0].start,
                page_start=page_start,
                language=language,
                context=context.in_force(),
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
            context.heading_enter(title, headings.rank(section.title_line.text))
            context.skipping_rank = rank
            continue
        introduces_games = games_rank and rank > games_rank and _next_is_game_title(sections, position, games_rank)
        if not prose and position == len(sections) - 1 and _may_be_a_game(title, rank, context):
            # The chunk ends right after this title: its text, if any, opens the next chunk.
            name, aliases = headings.split_aliases(headings.display_name(title))
            context.pending = markdown.Pending(name=name, aliases=aliases)
            context.headings_before_pending = list(context.open_headings)
        # A title above the games' rank over a line or two that are not prose ("Pentru copiii mici") heads a
        # section, as one with no text does; those lines are its subtitle.
        subtitled = not is_prose(prose) and rank > games_rank
        if headings.is_structural(title) or not prose or introduces_games or subtitled:
            # A section heading (perhaps with an introduction): it sets the context of the games that follow it.
            subtitle = " ".join(line.text.strip() for line in prose) if subtitled else ""
            heading = f"{title} — {subtitle}" if subtitle and len(prose) <= SUBTITLE_MAX_LINES else title
            context.heading_enter(heading, headings.rank(section.title_line.text))
            if rank >= context.skipping_rank:
                context.skipping_rank = rank if headings.NON_GAME_SECTION.search(title) else 0
            continue
        context.unnamed_division = 0
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
                context=context.in_force(),
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
    continues_page = context.last_page == page_start
    context.last_page = page_start + len(pages) - 1
    if not any(markdown.is_markdown(page) for page in pages):
        return games_only(extract_plain(text, page_start=page_start, language=language, context=context))
    activities: list[dict] = []
    offset = 0
    for number, page in enumerate(pages):
        if markdown.is_markdown(page):
            # Only the chunk's first page can continue the previous chunk's last page; a Markdown page's
            # headings are its own (each file of a collection is a page).
            continued, context.pending = (context.pending if number == 0 else None), None
            outer = context.open_headings if number == 0 and continues_page else []
            found, context.pending, context.open_headings = markdown.extract_page(
                text, offset=offset, page=page_start + number, language=language, continued=continued, outer=outer
            )
            activities += found
        else:
            activities += [
                {**activity, "page": page_start + number}
                for activity in extract_plain(page, page_start=page_start + number, language=language, context=context)
            ]
        offset += len(page) + 1
    return games_only(activities)
