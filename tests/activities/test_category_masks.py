"""Activity.category_mask follows the activity's categories, however they change."""

import pytest

from activities import taxonomy
from activities.models import Activity, Category
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def stored_mask(activity) -> int:
    return Activity.objects.values_list("category_mask", flat=True).get(pk=activity.pk)


def test_a_mask_names_its_categories_in_vocabulary_order():
    mask = taxonomy.category_mask(["ball", "icebreaker", "not-a-category"])
    assert [term.code for term in taxonomy.categories_in(mask)] == ["icebreaker", "ball"]


def test_setting_an_activitys_categories_updates_its_stored_and_in_memory_mask():
    activity = ActivityFactory(categories=[])
    activity.categories.set(Category.objects.filter(code__in=["tag", "relay"]))
    expected = taxonomy.category_mask(["tag", "relay"])
    assert (activity.category_mask, stored_mask(activity)) == (expected, expected)


def test_a_later_save_keeps_the_mask_the_relation_set():
    activity = ActivityFactory(categories=[])
    activity.categories.add(Category.objects.get(code="trust"))
    activity.save()
    assert stored_mask(activity) == taxonomy.category_mask(["trust"])


def test_changes_from_the_category_side_update_the_activities_concerned():
    tagged, other = ActivityFactory(categories=["tag"]), ActivityFactory(categories=["ball"])
    tag = Category.objects.get(code="tag")
    tag.activities.add(other)
    assert stored_mask(other) == taxonomy.category_mask(["tag", "ball"])
    tag.activities.clear()
    assert (stored_mask(tagged), stored_mask(other)) == (0, taxonomy.category_mask(["ball"]))
