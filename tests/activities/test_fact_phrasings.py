"""Stated filter facts read right from phrasings in many typographies (tests/data/fact_phrasings.json).

Each row gives a text, the values of the fields it states (every other field must come out
empty) and, for place rows, the taxonomy codes the normalizers must give. The rows are split
into a tuning half and a held-out half; each half must be read exactly at least
EXACT_SHARE of the time.
"""

import json
from pathlib import Path

import pytest

from activities.extraction import facts
from activities.normalize import normalize_indoor_outdoor, normalize_space
from activities.taxonomy import FILTER_FIELDS

ROWS = json.loads((Path(__file__).parents[1] / "data" / "fact_phrasings.json").read_text(encoding="utf-8"))
EXACT_SHARE = 0.95
LIST_FIELDS = ("materials", "categories")
NORMALIZERS = {"indoor_outdoor": normalize_indoor_outdoor, "space": normalize_space}


def expected_values(row: dict) -> dict:
    return {field: row["expect"].get(field, [] if field in LIST_FIELDS else None) for field in FILTER_FIELDS}


def read_values(row: dict) -> dict:
    stated = facts.stated_facts(row["text"])
    return {field: stated[field] for field in FILTER_FIELDS}


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['half']}-{index}" for index, row in enumerate(ROWS)])
def test_phrasing_is_read_exactly(row):
    assert read_values(row) == expected_values(row), row["text"]


@pytest.mark.parametrize("half", ["tune", "test"])
def test_each_half_is_read_exactly_often_enough(half):
    rows = [row for row in ROWS if row["half"] == half]
    exact = sum(read_values(row) == expected_values(row) for row in rows)
    assert exact / len(rows) >= EXACT_SHARE


def test_the_table_has_enough_phrasings_in_both_languages_and_halves():
    styles = {row["style"] for row in ROWS}
    assert len(ROWS) >= 150
    assert {row["half"] for row in ROWS} == {"tune", "test"}
    assert any(style.startswith("romanian") for style in styles)
    assert {"distractor", "pdf-line-break", "markdown", "html", "old-book"} <= styles


@pytest.mark.parametrize("row", [row for row in ROWS if "normalized" in row], ids=lambda row: row["text"][:40])
def test_place_words_normalize_to_the_stated_codes(row):
    stated = facts.stated_facts(row["text"])
    for field, code in row["normalized"].items():
        assert NORMALIZERS[field](stated[field]) == code


@pytest.mark.parametrize("row", ROWS, ids=[f"{row['half']}-{index}" for index, row in enumerate(ROWS)])
def test_every_filled_field_has_its_phrase_from_the_text(row):
    stated = facts.stated_facts(row["text"])
    filled = {field for field in FILTER_FIELDS if stated[field] not in (None, [])}
    evidence = stated["filter_evidence"]
    assert set(evidence) == filled
    for phrase in evidence.values():
        assert phrase and len(phrase) <= facts.EVIDENCE_MAX_CHARS
        assert phrase in row["text"]
