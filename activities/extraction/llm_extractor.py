"""The Anthropic extractor: one structured call per chunk (split in two when the reply runs out of room).

The reply must match ``REPLY_SCHEMA`` (structured output), so a stray ``"``
inside Romanian text (``„Unu"``) cannot break the JSON. ``stop_reason`` is
handled by ``gamelibrary.llm`` before any parsing: a refusal blocks the chunk,
``max_tokens`` splits it at a paragraph boundary (bounded depth). Every
activity must be grounded: its quote is located in the chunk text (spacing
and quote characters may differ, the stored quote is the chunk's own text)
and its page is computed from where the quote is, not taken from the model.
"""

from dataclasses import dataclass, field

from activities.extraction import files
from activities.extraction.schema import ACTIVITY_SCHEMA, activity_errors
from activities.taxonomy import FILTER_FIELDS
from gamelibrary import llm

VERSION = "anthropic-1"
PROMPT_VERSION = "extract-v2"
MAX_SPLIT_DEPTH = 3

# Why the prompt says what it says: the rebuild normalizes filter values onto
# the taxonomy, so the model reports them in the source's words; anything it
# infers must be marked "estimated" so curators and filters can tell; the
# quote is how every activity is traced back to the book.
SYSTEM_PROMPT = """You extract group games and youth-work activities (icebreakers, energizers, team-building, \
cooperation, trust, playground, party and camp games) from one chunk of a source document.

Rules:
- Extract EVERY game or activity described in the chunk, and nothing that is not one. An activity is something \
a group leader can run with a group: it tells the players what to do (who takes part, roles or turns) and how a \
round is won or ends, in directions ("the players stand in a circle", "form two teams"). Not activities, even \
when a game book holds them or calls them games: stories and anecdotes told in the past tense, poems, verses and \
recitations, dialogues to learn, staged acts and tableaux shown to an audience, essays, sermons and moral lessons, \
advice to a hostess or a leader, party menus, decorations and costumes, fortunes, charms and omens (even when each \
guest takes a turn at them), conjuring tricks, puzzles and experiments one person shows or solves, riddles and \
their answers, forfeits lists, book blurbs and advertisements, prefaces and chapter introductions, programmes and \
outlines, camp chores, tables of contents, indexes and section headings.
- Be faithful: keep each activity in the language of the source ("ro" or "en"); never translate; copy the \
name as the source gives it; description, rules and variations restate only what the text says.
- "quote": the activity's opening words copied EXACTLY from the chunk text (10 to 25 words, same spelling \
and punctuation), so it can be found in the chunk.
- Filter fields (age_min, age_max, players_min, players_max, duration_min, duration_max in minutes, \
indoor_outdoor, space, materials, categories): fill a value only when the text states it, or when it is \
obvious from the description; use the source's own words for indoor_outdoor and space. For every value you \
fill, set filter_origin[field] to "stated" if the text says it, or "estimated" if you inferred it. Leave \
unknown values null (or empty lists) — never invent numbers.
- "page": the page the activity starts on (pages are separated by form feeds; the first page number is given).
- An activity that continues past the end of the chunk is still extracted with what is there."""

REPLY_SCHEMA = llm.activities_reply_schema(ACTIVITY_SCHEMA)

QUOTE_NOT_GROUNDED = "activity {index} ({name!r}): quote not found in the chunk text"
ACTIVITY_INVALID = "activity {index}: {errors}"
TOO_LONG = "the reply reached max_tokens even after splitting the chunk {depth} times"


class InvalidExtraction(Exception):
    """The reply parsed but is not a faithful extraction (schema or grounding)."""

    def __init__(self, message: str, *, usage: llm.Usage):
        super().__init__(message)
        self.usage = usage


@dataclass
class LLMExtraction:
    activities: list[dict]
    usage: llm.Usage = field(default_factory=llm.Usage)
    model: str = ""


def user_content(*, text: str, page_start: int, language: str, title: str) -> str:
    return (
        f"Source: {title or 'untitled'}\nSource language: {language or 'unknown'}\n"
        f"First page of this chunk: {page_start}\n\n<chunk>\n{text}\n</chunk>"
    )


def split_in_two(text: str) -> tuple[str, str]:
    """The text cut at the paragraph boundary nearest its middle (a line break, else a space, else the middle)."""
    middle = len(text) // 2
    for separator in ("\n\n", "\f", "\n", " "):
        before = text.rfind(separator, 0, middle)
        after = text.find(separator, middle)
        candidates = [position for position in (before, after) if position > 0]
        if candidates:
            cut = min(candidates, key=lambda position: abs(position - middle)) + len(separator)
            return text[:cut], text[cut:]
    return text[:middle], text[middle:]


def grounded(*, activities: list[dict], text: str, page_start: int, usage: llm.Usage) -> list[dict]:
    """Activities checked against the schema, with verbatim quotes and pages computed from them."""
    result = []
    for index, activity in enumerate(activities):
        errors = activity_errors(activity)
        if errors:
            raise InvalidExtraction(ACTIVITY_INVALID.format(index=index, errors="; ".join(errors)), usage=usage)
        found = files.ground_quote(quote=activity["quote"], text=text)
        if found is None:
            raise InvalidExtraction(QUOTE_NOT_GROUNDED.format(index=index, name=activity["name"]), usage=usage)
        quote, position = found
        result.append(
            {
                **activity,
                "quote": quote,
                "page": page_start + text.count("\f", 0, position),
                "filter_origin": origins(activity),
            }
        )
    return result


def origins(activity: dict) -> dict:
    """An origin for every filter value present, and none for absent ones; a value the model did not
    say it read in the text counts as estimated."""
    given = activity.get("filter_origin") or {}
    return {
        field: given.get(field, "estimated") for field in FILTER_FIELDS if activity.get(field) not in (None, "", [])
    }


def extract(
    *, text: str, page_start: int, language: str, title: str = "", depth: int = 0, model: str | None = None
) -> LLMExtraction:
    """Activities of one chunk from the model.

    Raises ``llm.Refused`` (the chunk is blocked), ``InvalidExtraction`` or
    ``llm.InvalidReply``/``llm.RequestRejected`` (the chunk is invalid),
    ``llm.ServiceUnavailable`` (stop the run). Usage of failed calls is carried
    on the exception.
    """
    try:
        reply = llm.structured_message(
            system=SYSTEM_PROMPT,
            content=user_content(text=text, page_start=page_start, language=language, title=title),
            schema=REPLY_SCHEMA,
            model=model,
        )
    except llm.Truncated as error:
        if depth >= MAX_SPLIT_DEPTH:
            raise InvalidExtraction(TOO_LONG.format(depth=depth), usage=error.usage) from error
        usage = llm.Usage()
        usage.add(error.usage)
        first, second = split_in_two(text)
        halves = []
        for half, half_page in ((first, page_start), (second, page_start + first.count("\f"))):
            try:
                part = extract(
                    text=half, page_start=half_page, language=language, title=title, depth=depth + 1, model=model
                )
            except (llm.LLMError, InvalidExtraction) as failure:
                failure.usage.add(usage)
                raise
            usage.add(part.usage)
            halves.append(part)
        return LLMExtraction(
            activities=[activity for part in halves for activity in part.activities],
            usage=usage,
            model=next((part.model for part in halves if part.model), ""),
        )
    return LLMExtraction(
        activities=grounded(
            activities=reply.data.get("activities", []), text=text, page_start=page_start, usage=reply.usage
        ),
        usage=reply.usage,
        model=reply.model,
    )
