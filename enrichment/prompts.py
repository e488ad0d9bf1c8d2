"""The versioned enrichment prompt, the reply schema, and how a reply is read.

One request covers all the activities of one chunk that still need an
overlay, the chunk text sent once. A cache write costs 1.25 times the input
price and only a later read pays it back, so the chunk block is marked for
prompt caching only when the same chunk text will be sent again (a chunk with
more activities than one request takes, the halves of a truncated request),
and the system prompt only when it reaches the model's minimum cacheable
length (``llm.MIN_CACHEABLE_TOKENS``). Bump ``PROMPT_VERSION`` whenever the
prompt or the schema changes; every overlay records it.
"""

from __future__ import annotations

import hashlib
import json

import jsonschema

from activities import taxonomy
from enrichment.overlays import ActivityWork
from gamelibrary import llm

PROMPT_VERSION = "enrich-2026-11-24.1"

SYSTEM_PROMPT = f"""\
You prepare the Romanian edition of a library of group games and youth-work activities
(icebreakers, energizers, team-building, trust, playground, party and camp games) used by
Romanian educators and youth workers.

You receive the text of one chunk of a source book and a list of activities extracted from
it. For EVERY activity in the list, return one entry with the same "index":
- name_ro, description_ro, rules_ro, variations_ro: for an English (or other non-Romanian)
  activity a faithful, natural Romanian translation; for a Romanian activity a light polish
  (spelling with diacritics ă â î ș ț, grammar, clarity) that keeps its meaning. Keep the
  activity's own structure; use Romanian typographic quotes („...”).
- The description may be expanded ONLY with facts that the chunk text states about this
  activity (purpose, set-up, how it ends). Never invent rules, materials or numbers.
- Leave a field empty ("") when the activity has nothing for it (e.g. no variations).
- estimated: filter values the activity's data ("stated") does not give, inferred from the
  activity and the chunk. Use null (or [] for categories) when you cannot tell. Never repeat
  or contradict a stated value. Codes only from these vocabularies:
  indoor_outdoor: {", ".join(taxonomy.codes(taxonomy.INDOOR_OUTDOOR))}
  space: {", ".join(taxonomy.codes(taxonomy.SPACE))}
  categories: {", ".join(taxonomy.codes(taxonomy.CATEGORIES))}
  age_min/age_max in years, players_min/players_max in people, duration_min/duration_max in minutes.
"""
# Omitted on purpose: the source title and licence (irrelevant to a translation,
# and they would break the cache prefix shared by all chunks of a book).


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


ESTIMATED_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [*taxonomy.RANGE_FIELDS, "indoor_outdoor", "space", "categories"],
    "properties": {
        **{name: _nullable({"type": "integer", "minimum": 0}) for name in taxonomy.RANGE_FIELDS},
        "indoor_outdoor": _nullable({"type": "string", "enum": taxonomy.codes(taxonomy.INDOOR_OUTDOOR)}),
        "space": _nullable({"type": "string", "enum": taxonomy.codes(taxonomy.SPACE)}),
        "categories": {"type": "array", "items": {"type": "string", "enum": taxonomy.codes(taxonomy.CATEGORIES)}},
    },
}

ITEM_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["index", "name_ro", "description_ro", "rules_ro", "variations_ro", "estimated"],
    "properties": {
        "index": {"type": "integer"},
        "name_ro": {"type": "string", "minLength": 1},
        "description_ro": {"type": "string"},
        "rules_ro": {"type": "string"},
        "variations_ro": {"type": "string"},
        "estimated": ESTIMATED_SCHEMA,
    },
}

REPLY_SCHEMA = llm.activities_reply_schema(ITEM_SCHEMA)

ITEM_MISSING = "the reply has no entry for this activity"
ITEM_INVALID = "the reply's entry does not match the schema: {error}"

_item_validator = jsonschema.Draft202012Validator(ITEM_SCHEMA)


def _activity_payload(index: int, work: ActivityWork) -> dict:
    payload = {"index": index, "name": work.name, "language": work.language, "description": work.description}
    if work.rules:
        payload["rules"] = work.rules
    if work.variations:
        payload["variations"] = work.variations
    payload["stated"] = work.stated
    return payload


def request_content(*, chunk_text: str, works: list[ActivityWork], cache_chunk: bool = False) -> list[dict]:
    """The user message: the chunk once (marked for caching when it will be sent again), then the activities."""
    activities = json.dumps([_activity_payload(i, w) for i, w in enumerate(works)], ensure_ascii=False)
    blocks = []
    if chunk_text:
        block = {"type": "text", "text": f"SOURCE CHUNK:\n{chunk_text}"}
        if cache_chunk:
            block["cache_control"] = llm.CACHE_EPHEMERAL
        blocks.append(block)
    blocks.append({"type": "text", "text": f"ACTIVITIES TO ENRICH (reply for every index):\n{activities}"})
    return blocks


def system_blocks() -> list[dict]:
    block = {"type": "text", "text": SYSTEM_PROMPT}
    if llm.cacheable(SYSTEM_PROMPT):
        block["cache_control"] = llm.CACHE_EPHEMERAL
    return [block]


def request_params(*, chunk_text: str, works: list[ActivityWork], cache_chunk: bool = False) -> dict:
    """Keyword arguments of ``llm.structured_message`` / ``llm.message_params``;
    ``cache_chunk`` when this chunk text will be sent in another request too."""
    return {
        "system": system_blocks(),
        "content": request_content(chunk_text=chunk_text, works=works, cache_chunk=cache_chunk),
        "schema": REPLY_SCHEMA,
    }


def input_hash(*, chunk_text: str, work: ActivityWork) -> str:
    """What one overlay was made from: prompt version, the activity, its chunk."""
    material = json.dumps([PROMPT_VERSION, _activity_payload(0, work), chunk_text], ensure_ascii=False)
    return hashlib.sha256(material.encode()).hexdigest()


def reply_items(*, data: dict, count: int) -> dict[int, dict | str]:
    """For each index sent (0..count-1): the entry's values, or why it is invalid."""
    entries = data.get("activities") if isinstance(data.get("activities"), list) else []
    found: dict[int, dict | str] = {}
    for entry in entries:
        index = entry.get("index") if isinstance(entry, dict) else None
        if not isinstance(index, int) or not 0 <= index < count or index in found:
            continue
        error = next(iter(_item_validator.iter_errors(entry)), None)
        found[index] = ITEM_INVALID.format(error=error.message) if error else entry
    return {index: found.get(index, ITEM_MISSING) for index in range(count)}
