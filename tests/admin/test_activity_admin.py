"""The read-only activity list a curator consults."""

import pytest
from django.urls import reverse

from tests.admin.factories import ActivitySourceFactory, SourceFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:activities_activity_changelist")


def listed(response) -> set[int]:
    return {activity.pk for activity in response.context["cl"].result_list}


def test_activity_page_shows_its_sources_and_links_to_the_public_page(curator_client):
    link = ActivitySourceFactory(source=SourceFactory(title="Games for Everybody"), quote="Chairs in a row")
    response = curator_client.get(reverse("admin:activities_activity_change", args=[link.activity.pk]))
    page = response.content.decode()
    assert "Chairs in a row" in page
    assert f'href="{reverse("activities:detail", args=[link.activity.pk])}"' in page


def test_activity_list_filters_by_source(curator_client):
    book = SourceFactory()
    wanted = ActivitySourceFactory(source=book).activity
    ActivitySourceFactory()
    assert listed(curator_client.get(CHANGELIST, {"sources__source__id__exact": book.pk})) == {wanted.pk}


def test_activity_list_search_finds_a_name_given_by_one_source(curator_client):
    link = ActivitySourceFactory(name="Musical Chairs")
    ActivitySourceFactory()
    assert listed(curator_client.get(CHANGELIST, {"q": "Musical"})) == {link.activity.pk}
