"""The one JSON schema of an extraction file, ``data/extracted/<chunk_key>.json``.

``ACTIVITY_SCHEMA`` is also what the model is asked to fill (structured
output), so a stray quote inside Romanian text cannot break the JSON.
Filter values are free text or numbers as the source gives them; the rebuild
normalizes them onto the taxonomy. ``filter_origin`` says, for every filter
value that is present, whether the game's text stated it, its book or section
heading did (``context``), or it was estimated.
"""

import math
import re
from collections.abc import Callable

from jsonschema import Draft202012Validator

from activities.taxonomy import FILTER_FIELDS

SCHEMA_VERSION = 1

# Every integer and string is bounded, so a corrupt or hostile file is rejected with a reason instead of
# failing the publish: the largest integer every database's integer column holds, a name as long as the
# name column (paths and chunk keys likewise), and texts far longer than any chunk they are read from.
MAX_INTEGER = 2**31 - 1
NAME_CHARS = 300
SHORT_CHARS = 300
TEXT_CHARS = 50_000
QUOTE_CHARS = 2_000
PATH_CHARS = 500
CHUNK_KEY_CHARS = 200
LABEL_CHARS = 100

ORIGIN = {"type": "string", "enum": ["stated", "context", "estimated"]}
# ``anyOf`` rather than a list of types: the API's structured output accepts only this form.
NULLABLE_INT = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}, {"type": "null"}]}
NULLABLE_STRING = {"anyOf": [{"type": "string", "maxLength": SHORT_CHARS}, {"type": "null"}]}
STRING_LIST = {"type": "array", "items": {"type": "string", "maxLength": SHORT_CHARS}}
TEXT = {"type": "string", "maxLength": TEXT_CHARS}
EVIDENCE = {"type": "string", "maxLength": QUOTE_CHARS}
COUNT = {"type": "integer", "minimum": 0, "maximum": MAX_INTEGER}
LABEL = {"type": "string", "maxLength": LABEL_CHARS}


ACTIVITY_PROPERTIES = {
    "name": {"type": "string", "minLength": 1, "maxLength": NAME_CHARS},
    "aliases": STRING_LIST,
    "language": {"type": "string", "enum": ["ro", "en"]},
    "description": TEXT,
    "rules": TEXT,
    "variations": TEXT,
    "materials": STRING_LIST,
    "age_min": NULLABLE_INT,
    "age_max": NULLABLE_INT,
    "players_min": NULLABLE_INT,
    "players_max": NULLABLE_INT,
    "duration_min": NULLABLE_INT,
    "duration_max": NULLABLE_INT,
    "indoor_outdoor": NULLABLE_STRING,
    "space": NULLABLE_STRING,
    "categories": STRING_LIST,
    "page": NULLABLE_INT,
    "quote": {"type": "string", "minLength": 1, "maxLength": QUOTE_CHARS},
    "filter_origin": {
        "type": "object",
        "additionalProperties": False,
        "properties": {field: ORIGIN for field in FILTER_FIELDS},
    },
    # Optional: for each value, the words it was read from (a stated phrase, or the heading a context value
    # comes from), shown to readers beside the value.
    "filter_evidence": {
        "type": "object",
        "additionalProperties": False,
        "properties": {field: EVIDENCE for field in FILTER_FIELDS},
    },
}

OPTIONAL_FIELDS = ("filter_evidence",)
ACTIVITY_FIELDS: tuple[str, ...] = tuple(ACTIVITY_PROPERTIES)

ACTIVITY_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": [name for name in ACTIVITY_FIELDS if name not in OPTIONAL_FIELDS],
    "properties": ACTIVITY_PROPERTIES,
}

EXTRACTION_FILE_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["schema_version", "chunk_key", "status", "extractor", "usage", "activities"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "chunk_key": {"type": "string", "minLength": 1, "maxLength": CHUNK_KEY_CHARS},
        "source_path": {"type": "string", "maxLength": PATH_CHARS},
        # sha256 of the chunk text the file was extracted from: a re-cut chunk makes the file stale.
        "chunk_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "status": {"type": "string", "enum": ["extracted", "blocked"]},
        "blocked_reason": {"type": "string", "maxLength": QUOTE_CHARS},
        "extractor": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "version"],
            "properties": {
                "name": {"type": "string", "enum": ["rules", "anthropic"]},
                "version": LABEL,
                "model": LABEL,
                "prompt_version": LABEL,
            },
        },
        "usage": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {
                "input_tokens": COUNT,
                "output_tokens": COUNT,
            },
        },
        "extracted_at": LABEL,
        "activities": {"type": "array", "items": ACTIVITY_SCHEMA},
    },
}

FILE_VALIDATOR = Draft202012Validator(EXTRACTION_FILE_SCHEMA)
ACTIVITY_VALIDATOR = Draft202012Validator(ACTIVITY_SCHEMA)


def validation_errors(document: object) -> list[str]:
    """Every schema violation in an extraction file, as readable messages (none when the fast check passes it)."""
    if FILE_CHECK(document):
        return []
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '<root>'}: {error.message}"
        for error in sorted(FILE_VALIDATOR.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def activity_errors(activity: object) -> list[str]:
    """Every schema violation in one activity, as readable messages (none when the fast check passes it)."""
    if ACTIVITY_CHECK(activity):
        return []
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '<activity>'}: {error.message}"
        for error in ACTIVITY_VALIDATOR.iter_errors(activity)
    ]


def blank_activity() -> dict:
    """Every field an activity must give, each empty or unknown (null, "", [] or {} as its schema allows): a
    starting point that is schema-valid once a name, a language and a quote are filled in."""
    return {name: _blank(ACTIVITY_PROPERTIES[name]) for name in ACTIVITY_SCHEMA["required"]}


def _blank(schema: dict):
    options = schema.get("anyOf", [schema])
    types = {option.get("type") for option in options}
    if "null" in types:
        return None
    return {"array": [], "object": {}, "string": ""}[types.pop()]


_TYPES = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}
# "$schema" only names the draft.
_KEYWORDS = {
    "$schema",
    "anyOf",
    "type",
    "enum",
    "const",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "pattern",
    "items",
    "required",
    "properties",
    "additionalProperties",
}
Check = Callable[[object], bool]


def fast_check(schema: dict) -> Check:
    """A check that is true only when a value surely satisfies ``schema``: the JSON Schema keywords the extraction
    schema uses, read once, a check of each keyword present run in turn (jsonschema takes ~2 ms an activity). False
    means "ask jsonschema", which has the last word and the error message; any other keyword also defers to it."""
    if not _KEYWORDS.issuperset(schema):
        return lambda _value: False
    keywords = schema.keys()
    checks = []
    if "anyOf" in keywords:
        checks.append(_any_of(schema))
    if "type" in keywords:
        checks.append(_type(schema))
    if "enum" in keywords:
        checks.append(_one_of_values(schema["enum"]))
    if "const" in keywords:
        checks.append(_one_of_values([schema["const"]]))
    if keywords & {"minLength", "maxLength"}:
        checks.append(_length(schema))
    if keywords & {"minimum", "maximum"}:
        checks.append(_bounds(schema))
    if "pattern" in keywords:
        checks.append(_pattern(schema))
    if "items" in keywords:
        checks.append(_items(schema))
    if keywords & {"required", "properties", "additionalProperties"}:
        checks.append(_object(schema))
    combined = checks[0] if checks else lambda _value: True
    for check in checks[1:]:
        combined = _both(combined, check)
    return combined


def _both(first: Check, second: Check) -> Check:
    return lambda value: first(value) and second(value)


def _any_of(schema: dict) -> Check:
    options = [fast_check(option) for option in schema["anyOf"]]
    return lambda value: any(option(value) for option in options)


def _type(schema: dict) -> Check:
    names = schema["type"]
    tests = [_TYPES[name] for name in ([names] if isinstance(names, str) else names)]
    return tests[0] if len(tests) == 1 else lambda value: any(test(value) for test in tests)


def _one_of_values(options: list) -> Check:
    # As jsonschema compares: true is not 1.
    return lambda value: any(
        value == option and isinstance(value, bool) == isinstance(option, bool) for option in options
    )


def _length(schema: dict) -> Check:
    low, high = schema.get("minLength", 0), schema.get("maxLength", math.inf)
    return lambda value: not isinstance(value, str) or low <= len(value) <= high


def _bounds(schema: dict) -> Check:
    low, high = schema.get("minimum", -math.inf), schema.get("maximum", math.inf)
    return lambda value: not _TYPES["number"](value) or low <= value <= high


def _pattern(schema: dict) -> Check:
    pattern = re.compile(schema["pattern"])
    return lambda value: not isinstance(value, str) or pattern.search(value) is not None


def _items(schema: dict) -> Check:
    item = fast_check(schema["items"])
    return lambda value: not isinstance(value, list) or all(map(item, value))


def _object(schema: dict) -> Check:
    if not isinstance(schema.get("additionalProperties", True), bool):
        return lambda _value: False
    properties = {name: fast_check(option) for name, option in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    closed = schema.get("additionalProperties") is False

    def check(value) -> bool:
        if not isinstance(value, dict):
            return True
        if any(name not in value for name in required) or (closed and not properties.keys() >= value.keys()):
            return False
        return all(properties[name](item) for name, item in value.items() if name in properties)

    return check


ACTIVITY_CHECK = fast_check(ACTIVITY_SCHEMA)
FILE_CHECK = fast_check(EXTRACTION_FILE_SCHEMA)
