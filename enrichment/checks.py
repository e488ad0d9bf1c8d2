"""Quality checks on a Romanian overlay against the original text.

In the spirit of Pontoon and Weblate: an ERROR blocks approval until the text
is fixed; a WARNING only draws the curator's eye and can be dismissed. Every
check is a pure function of strings, so it can run in the admin, in a
command, or in a test without a database.
"""

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _
from py3langid.langid import MODEL_FILE, LanguageIdentifier

ERROR = "error"
WARNING = "warning"

# The text fields of an overlay, each paired with the original field it renders.
FIELDS = ("name", "description", "rules", "variations")

MSG_NUMBER_MISSING = _("{field}: numbers of the original missing from the Romanian text: {numbers}.")
MSG_EMPTY = _("{field}: the Romanian text is empty but the original has text.")
MSG_ENGLISH_LEFT = _("{field}: English text left untranslated: “{sentence}”.")
MSG_LENGTH = _("{field}: the Romanian text is {ratio:.1f}× the length of the original.")

# A digit run, optionally with one decimal or thousands separator ("2.5", "2,5", "1,000").
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?;:])\s+|\n+")
WORD_RE = re.compile(r"[^\W\d_]+")

# Shorter sentences are mostly proper names of games ("Simon Says"), which a
# translator rightly keeps; the detector is also unreliable on them.
ENGLISH_MIN_WORDS = 5
# English function words that Romanian (even typed without diacritics) does not
# use as words: a sentence with none of them is not run through the detector,
# which keeps the checks of a well-translated overlay cheap.
ENGLISH_HINT_RE = re.compile(
    r"\b(?:the|and|of|to|is|it|on|at|by|or|you|with|each|who|which|when|then|they|this|that|from|for|his|her|their"
    r"|will|must|should|be|one|two|player|players)\b",
    re.IGNORECASE,
)
ENGLISH_MIN_PROBABILITY = 0.95
# Romanian runs ~10–30% longer than English; well outside that band a field
# was probably truncated or padded. Short originals vary too much to judge.
LENGTH_MIN_ORIGINAL_CHARS = 60
LENGTH_RATIO_LOW = 0.5
LENGTH_RATIO_HIGH = 2.0


@dataclass(frozen=True)
class CheckResult:
    code: str
    field: str
    severity: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _normalized_number(token: str) -> str:
    # English "2.5"/"1,000" and Romanian "2,5"/"1.000" must compare equal.
    return token.replace(",", ".")


def numbers_missing(*, original: str, translation: str) -> list[str]:
    """Numbers (including both ends of a range) of the original that the translation lacks, in order."""
    present = {_normalized_number(token) for token in NUMBER_RE.findall(translation)}
    missing: list[str] = []
    for token in NUMBER_RE.findall(original):
        if _normalized_number(token) not in present and token not in missing:
            missing.append(token)
    return missing


def is_missing_text(*, original: str, translation: str) -> bool:
    return bool(original.strip()) and not translation.strip()


@cache
def _identifier() -> LanguageIdentifier:
    # A private instance: restricting py3langid's global one would change it for every other caller.
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["ro", "en"])
    return identifier


def _english_candidates(text: str) -> Iterator[str]:
    for sentence in SENTENCE_SPLIT_RE.split(text):
        sentence = sentence.strip()
        if len(WORD_RE.findall(sentence)) < ENGLISH_MIN_WORDS or not ENGLISH_HINT_RE.search(sentence):
            continue
        language, probability = _identifier().classify(sentence)
        if language == "en" and probability >= ENGLISH_MIN_PROBABILITY:
            yield sentence


def english_sentences(text: str) -> list[str]:
    """Sentences of at least ENGLISH_MIN_WORDS words that the detector, choosing between ro and en, calls English."""
    return list(_english_candidates(text))


def first_english_sentence(text: str) -> str | None:
    """The first English sentence, without classifying the rest (one is enough to fail the check)."""
    return next(_english_candidates(text), None)


def length_ratio(*, original: str, translation: str) -> float | None:
    """Translation length over original length, or None when the original is too short to judge."""
    if len(original.strip()) < LENGTH_MIN_ORIGINAL_CHARS or not translation.strip():
        return None
    return len(translation.strip()) / len(original.strip())


def field_checks(*, field: str, original: str, translation: str) -> list[CheckResult]:
    """Every failing check of one field."""
    if is_missing_text(original=original, translation=translation):
        return [CheckResult(f"empty:{field}", field, ERROR, MSG_EMPTY.format(field=field))]
    results = []
    missing = numbers_missing(original=original, translation=translation)
    if missing:
        message = MSG_NUMBER_MISSING.format(field=field, numbers=", ".join(missing))
        results.append(CheckResult(f"numbers:{field}", field, ERROR, message))
    sentence = first_english_sentence(translation)
    if sentence is not None:
        results.append(
            CheckResult(f"english:{field}", field, ERROR, MSG_ENGLISH_LEFT.format(field=field, sentence=sentence))
        )
    ratio = length_ratio(original=original, translation=translation)
    if ratio is not None and not LENGTH_RATIO_LOW <= ratio <= LENGTH_RATIO_HIGH:
        results.append(CheckResult(f"length:{field}", field, WARNING, MSG_LENGTH.format(field=field, ratio=ratio)))
    return results


def overlay_checks(
    *, originals: Mapping[str, str], translations: Mapping[str, str], dismissed: Iterable[str] = ()
) -> list[CheckResult]:
    """Failing checks over all FIELDS; warnings whose code is in ``dismissed`` are left out (errors never are)."""
    dismissed = set(dismissed)
    results = []
    for field in FIELDS:
        for result in field_checks(
            field=field, original=originals.get(field) or "", translation=translations.get(field) or ""
        ):
            if result.is_error or result.code not in dismissed:
                results.append(result)
    return results
