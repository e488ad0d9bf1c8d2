"""The curator's "not a game" action on the activity list, and the list of marks with its revoke action."""

import pytest
from django.urls import reverse

from activities import gameness
from activities.models import NotAGameMark
from activities.not_games import mark_record, marks_in_force
from tests.admin.factories import ActivityFactory, make_user

pytestmark = pytest.mark.django_db

ACTIVITIES = reverse("admin:activities_activity_changelist")
MARKS = reverse("admin:activities_notagamemark_changelist")


def mark_action(client, activities):
    return client.post(ACTIVITIES, {"action": "mark_not_a_game", "_selected_action": [a.pk for a in activities]})


def test_curator_marks_selected_activities_as_not_games(curator_client, curator):
    story, poem = ActivityFactory(name="A Brave Boy"), ActivityFactory(name="Recitation")
    mark_action(curator_client, [story, poem])
    recorded = set(marks_in_force().values_list("content_key", "name", "marked_by"))
    assert recorded == {(story.content_key, "A Brave Boy", curator.pk), (poem.content_key, "Recitation", curator.pk)}


def test_the_check_it_is_a_game_filter_lists_only_entries_kept_with_that_doubt(curator_client):
    ActivityFactory(name="Wink")
    ActivityFactory(name="Preliminary Ball", play_doubt=gameness.NO_GOAL_NAMED)
    ActivityFactory(name="Distinguishing Sounds", play_doubt=gameness.THIN_PLAY)
    response = curator_client.get(ACTIVITIES, {"play_doubt__exact": gameness.NO_GOAL_NAMED})
    assert [activity.name for activity in response.context["cl"].result_list] == ["Preliminary Ball"]


def test_curator_revokes_a_mark_from_the_list_of_marks(curator_client, curator):
    mark = mark_record(activity=ActivityFactory(), user=curator)
    curator_client.post(MARKS, {"action": "revoke_selected", "_selected_action": [mark.pk]})
    mark.refresh_from_db()
    assert mark.revoked_at is not None
    assert mark.history.latest().history_user == curator


def test_staff_without_the_curators_group_cannot_mark(client):
    client.force_login(make_user("staff"))
    response = mark_action(client, [ActivityFactory()])
    assert response.status_code == 403
    assert not NotAGameMark.objects.exists()


def test_anonymous_visitor_is_sent_to_the_login_page_and_marks_nothing(client):
    response = mark_action(client, [ActivityFactory()])
    assert response["Location"].startswith(reverse("admin:login"))
    assert not NotAGameMark.objects.exists()


def test_staff_without_the_curators_group_cannot_revoke(client, curator):
    mark = mark_record(activity=ActivityFactory(), user=curator)
    client.force_login(make_user("staff"))
    response = client.post(MARKS, {"action": "revoke_selected", "_selected_action": [mark.pk]})
    assert response.status_code == 403
    mark.refresh_from_db()
    assert mark.revoked_at is None
