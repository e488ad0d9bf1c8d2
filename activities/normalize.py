"""Normalizers: map what a source says onto the taxonomy, and compute content keys.

Every normalizer returns None (or an empty list) for anything it does not
recognise — never a fabricated default: an unknown value is shown as unknown
and can be filled by enrichment as an *estimated* value later.

``content_key`` is the identity of one source's version of a game. Overlays
and curator decisions hang on it, so its recipe is versioned: changing
``fold`` or ``clean_name`` changes keys and orphans overlays (the rebuild then
refuses to publish without ``--allow-orphans``).
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from activities import taxonomy

CONTENT_KEY_VERSION = "1"

_NON_WORD = re.compile(r"[^\w]+")
# Marks that NFKD splits off Latin letters (ă â î ș ț é ü ...).
_COMBINING_MARKS = re.compile("[\u0300-\u036f]+")
_UNDERSCORE = re.compile(r"_+")
# "42. ", "III. ", "7) " before a title; a roman numeral needs its dot so "I spy" survives.
_LEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}[.)]|[IVXLC]{1,6}\.)\s+")
_MARKUP = re.compile(r"[_*#`]+")
_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def unaccent(text: str) -> str:
    """Lower case without diacritics, every other character kept: "Ştafetă-joc" → "stafeta-joc". Search folds
    queries and highlights this way. Removing diacritics also unifies the Romanian cedilla and comma letters
    (ş/ș, ţ/ț)."""
    text = text or ""
    stripped = text if text.isascii() else _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return stripped.casefold()


def fold(text: str) -> str:
    """``unaccent`` without punctuation or repeated spaces: "Ştafetă-joc" → "stafeta joc", the form content keys
    and matching use."""
    return " ".join(_UNDERSCORE.sub(" ", _NON_WORD.sub(" ", unaccent(text))).split())


def clean_name(name: str) -> str:
    """The display form of a title: markup, numbering and a trailing stop removed, shouting turned to title case."""
    text = _MARKUP.sub(" ", name or "")
    text = _LEADING_NUMBER.sub("", " ".join(text.split()))
    text = text.strip(" .:;,-—–\"'“”„")
    letters = [char for char in text if char.isalpha()]
    if len(letters) > 3 and all(char.isupper() for char in letters):
        words = text.lower().split()
        text = " ".join(
            word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:] for index, word in enumerate(words)
        )
    return text


def name_key(name: str) -> str:
    return fold(clean_name(name))


def content_key(*, name: str, language: str, description: str) -> str:
    """sha256 hex of the normalized name, language and normalized description (deterministic everywhere)."""
    payload = "\x1f".join((CONTENT_KEY_VERSION, name_key(name), language.strip().lower(), fold(description)))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _has_phrase(folded: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {folded} "
    return any(f" {phrase} " in padded for phrase in phrases)


def _term_lookup(terms) -> dict[str, str]:
    """Codes and both labels of a vocabulary, folded, so a source that already uses them maps directly."""
    lookup = {}
    for term in terms:
        for spelling in (term.code, term.label_en, term.label_ro):
            lookup[fold(spelling)] = term.code
    return lookup


_INDOOR_OUTDOOR_TERMS = _term_lookup(taxonomy.INDOOR_OUTDOOR)
_BOTH_WORDS = (
    "both", "either", "anywhere", "any place", "indoor or outdoor", "indoors or out", "in or out of doors",
    "oriunde", "ambele",
)  # fmt: skip
_INDOOR_WORDS = (
    "indoor", "indoors", "inside", "in doors", "within doors", "parlor", "parlour", "drawing room", "living room",
    "sitting room", "schoolroom", "school room", "classroom", "room", "house", "home", "hall", "gymnasium", "gym",
    "church", "interior", "in interior", "inauntru", "in casa", "camera", "sala", "clasa", "in door",
)  # fmt: skip
_OUTDOOR_WORDS = (
    "outdoor", "outdoors", "outside", "out of doors", "open air", "playground", "schoolyard", "school yard", "yard",
    "field", "lawn", "garden", "park", "beach", "woods", "forest", "camp", "campfire", "street", "exterior", "afara",
    "aer liber", "in aer liber", "curte", "teren", "parc", "padure", "gradina", "tabara", "strada", "out door",
    "out doors",
)  # fmt: skip


def normalize_indoor_outdoor(value: str | None) -> str | None:
    """ "parlor", "schoolroom" → indoor; "playground", "out of doors" → outdoor; else None.

    A list of places that spans indoor and outdoor ones ("Playground; gymnasium; schoolroom") is both:
    the source says the game is played in either kind of place, so no single kind may win.
    """
    folded = fold(value or "")
    if not folded:
        return None
    if folded in _INDOOR_OUTDOOR_TERMS:
        return _INDOOR_OUTDOOR_TERMS[folded]
    if _has_phrase(folded, _BOTH_WORDS):
        return "both"
    indoor = _has_phrase(folded, _INDOOR_WORDS)
    outdoor = _has_phrase(folded, _OUTDOOR_WORDS)
    if indoor and outdoor:
        return "both"
    if indoor:
        return "indoor"
    if outdoor:
        return "outdoor"
    return None


_SPACE_TERMS = _term_lookup(taxonomy.SPACE)
# Checked in this order: a "large room" is not a small room, an "open field" not a hall.
_SPACE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "open-field",
        ("open field", "field", "open space", "playground", "schoolyard", "yard", "lawn", "park", "outdoors",
         "outdoor", "out of doors", "open air", "beach", "camp", "teren", "camp deschis", "aer liber", "curte",
         "spatiu deschis"),
    ),
    (
        "large-room",
        ("large room", "big room", "large space", "big space", "lots of space", "plenty of space", "spacious",
         "hall", "gymnasium", "gym", "sala mare", "camera mare", "spatiu mare", "sala de sport"),
    ),
    (
        "small-room",
        ("small room", "small space", "little space", "little room", "any room", "ordinary room", "parlor",
         "parlour", "table", "seated", "classroom", "camera mica", "spatiu mic", "sala de clasa", "masa"),
    ),
)  # fmt: skip


def normalize_space(value: str | None) -> str | None:
    folded = fold(value or "")
    if not folded:
        return None
    if folded in _SPACE_TERMS:
        return _SPACE_TERMS[folded]
    for code, phrases in _SPACE_WORDS:
        if _has_phrase(folded, phrases):
            return code
    return None


_CATEGORY_TERMS = _term_lookup(taxonomy.CATEGORIES)
# Short codes some structured collections use as whole values (e.g. "ice", "ener", "gtk").
_CATEGORY_EXACT = {
    "ice": "icebreaker",
    "gtk": "icebreaker",
    "name": "icebreaker",
    "ener": "energizer",
    "prob": "cooperation",
    "brain": "word",
    "song": "singing",
    "race": "relay",
}
_CATEGORY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("icebreaker", ("icebreaker", "icebreakers", "ice breaker", "ice breakers", "getting to know", "get to know",
                    "name game", "name games", "mixer", "mixers", "spargerea ghetii", "spargere a ghetii",
                    "cunoastere", "intro", "introductions")),
    ("energizer", ("energizer", "energizers", "energiser", "energisers", "warm up", "warmup", "energizant",
                   "energizante", "incalzire")),
    ("team-building", ("team building", "teambuilding", "team builder", "team work", "teamwork", "echipa",
                       "consolidarea echipei")),
    ("cooperation", ("cooperation", "cooperative", "co operative", "co operation", "collaboration",
                     "problem solving", "cooperare", "colaborare")),
    ("trust", ("trust", "incredere")),
    ("communication", ("communication", "listening", "comunicare")),
    ("tag", ("tag", "chase", "chasing", "catch", "catching", "prinsea", "prinselea", "de a prinsa", "urmarire",
             "leapfrog")),
    ("circle", ("circle", "circle game", "ring", "ring game", "cerc", "in cerc", "hora")),
    ("ball", ("ball", "ball game", "ball games", "minge", "mingea", "cu mingea")),
    ("relay", ("relay", "relays", "relay race", "races", "racing games", "stafeta", "stafete")),
    ("word", ("word", "word game", "words", "guessing", "guess", "riddle", "riddles", "spelling", "cuvinte",
              "ghicit", "ghicitoare", "ghicitori", "quiz")),
    ("drama", ("drama", "improv", "improvisation", "acting", "charades", "pantomime", "mime", "theatre", "theater",
               "role play", "roleplay", "teatru", "improvizatie", "pantomima")),
    ("singing", ("singing", "song", "songs", "dance", "dancing", "music", "musical", "cantec", "cantece", "dans",
                 "muzica")),
    ("party", ("party", "parlor", "parlour", "parlor game", "quiet", "quiet game", "forfeit", "forfeits",
               "sedentary", "sociable", "social", "table game", "petrecere", "linistit", "de societate")),
    ("outdoor-camp", ("outdoor", "outdoors", "camp", "camping", "campfire", "scout", "scouting", "nature", "hiking",
                      "tabara", "aer liber", "drumetie")),
    ("reflection", ("reflection", "debrief", "debriefing", "evaluation", "feedback", "reflectie", "evaluare")),
)  # fmt: skip
_CATEGORY_ORDER = {term.code: position for position, term in enumerate(taxonomy.CATEGORIES)}


def normalize_category(value: str | None) -> list[str]:
    """All category codes one source phrase names ("ring game with a ball" → circle, ball); [] when none."""
    folded = fold(value or "")
    if not folded:
        return []
    if folded in _CATEGORY_TERMS:
        return [_CATEGORY_TERMS[folded]]
    if folded in _CATEGORY_EXACT:
        return [_CATEGORY_EXACT[folded]]
    return [code for code, phrases in _CATEGORY_WORDS if _has_phrase(folded, phrases)]


def normalize_categories(values: list[str] | None) -> list[str]:
    """Category codes in taxonomy order, each once; unknown values are dropped."""
    found = {code for value in values or () for code in normalize_category(value)}
    return sorted(found, key=_CATEGORY_ORDER.__getitem__)


_NO_MATERIALS = (
    "none", "no materials", "no material", "nothing", "no equipment", "none needed", "not needed", "no props",
    "n a", "nimic", "fara materiale", "fara", "niciun material", "nu sunt necesare", "nu e nevoie",
)  # fmt: skip


def normalize_materials(items: list[str] | None, *, origin: str | None) -> tuple[list[str], bool | None]:
    """(materials, materials_needed): listed items → True; "none"/"no materials" or an empty list that the
    source states (``origin`` given) → False; nothing said → None."""
    cleaned = [" ".join(item.split()) for item in items or () if item and item.strip()]
    listed = [item for item in cleaned if fold(item) not in _NO_MATERIALS]
    if listed:
        return listed, True
    if cleaned or origin:
        return [], False
    return [], None


def checked_range(kind: str, low: int | None, high: int | None) -> tuple[int | None, int | None, list[str]]:
    """(low, high, reasons): a range of ``kind`` ("age", "players", "duration") with each implausible end dropped,
    and both dropped when the maximum is below the minimum; each rejection says why."""
    floor, ceiling, unit = taxonomy.PLAUSIBLE[kind]
    reasons = []
    kept = []
    for end, value in (("minimum", low), ("maximum", high)):
        if value is not None and not floor <= value <= ceiling:
            reasons.append(f"{kind} {end} outside {floor}–{ceiling} {unit}")
            value = None
        kept.append(value)
    low, high = kept
    if low is not None and high is not None and low > high:
        reasons.append(f"{kind} maximum below the minimum")
        low = high = None
    return low, high, reasons


@dataclass(slots=True)
class NormalizedActivity:
    """One source's version of a game, ready for dedup and publishing."""

    content_key: str
    name: str
    name_key: str
    aliases: list[str]
    language: str
    description: str
    rules: str
    variations: str
    chunk_key: str
    source_path: str
    page: int | None
    quote: str
    materials: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    origins: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    rejected_values: list[str] = field(default_factory=list)
    # Set by the rebuild's not-a-game judge: why a curator should check this version is a game, or "".
    play_doubt: str = ""


def activity_normalize(*, raw: dict, chunk_key: str, source_path: str) -> NormalizedActivity:
    """Normalize one schema-valid extracted activity.

    ``values`` holds every filter field (None/[] when unknown); ``origins`` maps each field that has a value
    to "stated", "context" or "estimated" (a value without a recorded origin counts as stated: it came from the
    source); ``evidence`` keeps, for those fields, the words the value was read from when the file gives them.
    """
    declared = raw.get("filter_origin") or {}
    rejected: list[str] = []
    numbers = {}
    for kind in taxonomy.PLAUSIBLE:
        low, high, reasons = checked_range(kind, raw[f"{kind}_min"], raw[f"{kind}_max"])
        numbers[f"{kind}_min"], numbers[f"{kind}_max"] = low, high
        rejected += reasons
    materials, materials_needed = normalize_materials(raw["materials"], origin=declared.get("materials"))
    values = {
        **numbers,
        "indoor_outdoor": normalize_indoor_outdoor(raw["indoor_outdoor"]),
        "space": normalize_space(raw["space"]),
        "materials": materials_needed,
        "categories": normalize_categories(raw["categories"]),
    }
    for name in ("indoor_outdoor", "space", "categories"):
        if raw[name] and not values[name]:
            rejected.append(f"{name} not recognised")
    origins = {
        name: declared.get(name, "stated") for name, value in values.items() if value is not None and value != []
    }
    given_evidence = raw.get("filter_evidence") or {}
    evidence = {name: " ".join(given_evidence[name].split()) for name in origins if given_evidence.get(name)}
    name = clean_name(raw["name"])
    aliases = []
    for alias in raw["aliases"]:
        cleaned = clean_name(alias)
        if cleaned and fold(cleaned) != fold(name) and cleaned not in aliases:
            aliases.append(cleaned)
    language = raw["language"]
    return NormalizedActivity(
        content_key=content_key(name=name, language=language, description=raw["description"]),
        name=name,
        name_key=fold(name),
        aliases=aliases,
        language=language,
        description=raw["description"].strip(),
        rules=raw["rules"].strip(),
        variations=raw["variations"].strip(),
        chunk_key=chunk_key,
        source_path=source_path,
        page=raw["page"],
        quote=raw["quote"],
        materials=materials,
        values=values,
        origins=origins,
        evidence=evidence,
        rejected_values=rejected,
    )
