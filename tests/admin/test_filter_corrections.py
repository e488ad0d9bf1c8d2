"""The "Correct filter values" screen of a game: set, clear, refuse bad values, revoke; who may use it."""

import pytest
from django.urls import reverse

from activities.models import Activity, FilterCorrection
from activities.rebuild import corpus_rebuild
from tests.activities.test_corrections import write_wink
from tests.admin.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def wink(settings):
    write_wink(settings.EXTRACTED_DIR)
    corpus_rebuild()
    return Activity.objects.get()


def correct_url(activity) -> str:
    return reverse("admin:activities_activity_correct_filters", args=[activity.pk])


def form_data(activity, **changes) -> dict:
    """The form as the page fills it for ``activity`` (its published values), with ``changes``."""
    data = {
        name: "" if getattr(activity, name) is None else getattr(activity, name)
        for name in ("age_min", "age_max", "players_min", "players_max", "duration_min", "duration_max")
    }
    data |= {"indoor_outdoor": activity.indoor_outdoor, "space": activity.space, "note": ""}
    data["materials"] = {True: "yes", False: "no"}.get(activity.materials_needed, "")
    data["categories"] = list(activity.categories.values_list("code", flat=True))
    return data | changes


def test_activity_page_links_a_curator_to_the_correction_screen(curator_client, wink):
    response = curator_client.get(reverse("admin:activities_activity_change", args=[wink.pk]))
    assert correct_url(wink) in response.content.decode()


def test_correction_screen_shows_each_value_and_where_it_came_from(curator_client, wink):
    page = curator_client.get(correct_url(wink)).content.decode()
    assert 'name="players_min" value="10"' in page
    assert "10 to 30 players" in page


def test_saved_correction_is_on_the_public_page_as_checked_by_a_curator(curator_client, wink, client):
    response = curator_client.post(correct_url(wink), form_data(wink, players_min=4, note="Played with four at camp"))
    assert response.status_code == 302
    wink.refresh_from_db()
    assert wink.players_min == 4
    page = client.get(reverse("activities:detail", args=[wink.pk])).content.decode()
    assert "verificat de un curator" in page
    assert "Played with four at camp" in page


def test_emptying_a_field_records_a_clear(curator_client, wink):
    curator_client.post(correct_url(wink), form_data(wink, indoor_outdoor=""))
    correction = FilterCorrection.objects.get()
    assert (correction.field, correction.value) == ("indoor_outdoor", None)
    wink.refresh_from_db()
    assert wink.indoor_outdoor == ""


def test_unchanged_form_records_nothing(curator_client, wink):
    curator_client.post(correct_url(wink), form_data(wink))
    assert not FilterCorrection.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"age_min": 130}, "age_min"), ({"age_min": 12, "age_max": 8}, "age_max"), ({"space": "garden"}, "space")],
)
def test_bad_value_gets_a_form_error_and_records_nothing(curator_client, wink, changes, field):
    response = curator_client.post(correct_url(wink), form_data(wink, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert str(errors[field][0]) in response.content.decode()
    assert not FilterCorrection.objects.exists()


def test_revoke_button_restores_the_published_value(curator_client, wink):
    curator_client.post(correct_url(wink), form_data(wink, players_min=4))
    correction = FilterCorrection.objects.get(field="players_min")
    response = curator_client.post(
        reverse("admin:activities_filtercorrection_revoke", args=[correction.pk]), {"back": correct_url(wink)}
    )
    assert response["Location"] == correct_url(wink)
    correction.refresh_from_db()
    assert correction.revoked_at is not None
    wink.refresh_from_db()
    assert wink.players_min == 10


def test_correction_list_shows_the_game_and_the_value(curator_client, wink):
    other_space = next(code for code in ("small-room", "large-room") if code != wink.space)
    curator_client.post(correct_url(wink), form_data(wink, space=other_space))
    page = curator_client.get(reverse("admin:activities_filtercorrection_changelist")).content.decode()
    assert "Wink" in page
    assert other_space in page


def test_staff_without_the_group_can_neither_correct_nor_revoke(client, wink):
    correction = FilterCorrection.objects.create(content_key=wink.content_key, field="space", value="small-room")
    client.force_login(make_user("staff"))
    assert client.get(correct_url(wink)).status_code == 403
    assert client.post(correct_url(wink), form_data(wink, players_min=4)).status_code == 403
    revoke = reverse("admin:activities_filtercorrection_revoke", args=[correction.pk])
    assert client.post(revoke).status_code == 403
    correction.refresh_from_db()
    assert correction.revoked_at is None
    assert FilterCorrection.objects.count() == 1


def test_anonymous_is_sent_to_the_login_page_and_changes_nothing(client, wink):
    response = client.post(correct_url(wink), form_data(wink, players_min=4))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not FilterCorrection.objects.exists()


def test_a_doubtful_value_left_as_it_is_does_not_block_correcting_another(curator_client, wink):
    Activity.objects.filter(pk=wink.pk).update(age_min=12, age_max=8)
    wink.refresh_from_db()
    response = curator_client.post(correct_url(wink), form_data(wink, space="open-field"))
    assert response.status_code == 302
    assert FilterCorrection.objects.get().value == "open-field"
