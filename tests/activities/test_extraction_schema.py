"""The extraction schema as the one definition of an activity's fields."""

from activities.extraction.schema import ACTIVITY_SCHEMA, activity_errors, blank_activity
from activities.models import Activity
from activities.rebuild.rows import PUBLISHED_FIELDS


def test_a_blank_activity_given_a_name_a_language_and_a_quote_is_valid():
    filled = {**blank_activity(), "name": "Tag", "language": "en", "quote": "One player is It."}

    assert activity_errors(filled) == []


def test_a_blank_activity_gives_every_required_field_and_knows_no_value():
    blank = blank_activity()

    assert list(blank) == ACTIVITY_SCHEMA["required"]
    assert all(value in (None, "", [], {}) for value in blank.values())


def test_every_field_the_rebuild_publishes_is_an_activity_column():
    columns = {field.name for field in Activity._meta.concrete_fields}

    assert set(PUBLISHED_FIELDS) <= columns
