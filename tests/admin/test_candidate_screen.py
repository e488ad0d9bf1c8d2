"""The duplicate candidate screen: both full texts side by side, the undecided filter, previous/next, deciding."""

import pytest
from django.urls import reverse

from activities.decisions import decision_record
from activities.models import ActivitySource, ReviewDecision
from tests.admin.factories import ActivityFactory, ActivitySourceFactory, DuplicateCandidateFactory, make_user

pytestmark = pytest.mark.django_db

CANDIDATES = reverse("admin:activities_duplicatecandidate_changelist")

# "Games for Everybody" (8439) and "Games for All Occasions" (24597) in data/corpus: two versions of one game.
JERUSALEM = {
    "name": "Going to Jerusalem",
    "description": "Chairs are placed in a row, back to back, one fewer than the number of players.",
    "rules": "When the music stops, each player tries to sit down; the one left standing is out.",
    "variations": "Instead of music, the leader may clap.",
}
MUSICAL_CHAIRS = {
    "name": "Musical Chairs",
    "description": "A row of chairs, every other one facing the opposite way, one chair fewer than the players.",
    "rules": "The players march around the chairs to music; whoever finds no seat when it stops leaves the game.",
    "variations": "",
}


def version(texts: dict, quote: str, page: int):
    return ActivitySourceFactory(activity=ActivityFactory(**texts), quote=quote, page=page)


@pytest.fixture
def pair():
    a = version(JERUSALEM, "Chairs are placed in a row", 12)
    b = version(MUSICAL_CHAIRS, "A row of chairs, every other one", 31)
    return DuplicateCandidateFactory(
        key_a=a.member_content_key, key_b=b.member_content_key, name_a=a.name, name_b=b.name, score=0.71
    )


def compare_url(candidate, query: str = "") -> str:
    url = reverse("admin:activities_duplicatecandidate_change", args=[candidate.pk])
    return f"{url}?{query}" if query else url


def test_screen_shows_both_full_texts_sources_quotes_and_public_links(curator_client, pair):
    page = curator_client.get(compare_url(pair)).content.decode()
    for texts in (JERUSALEM, MUSICAL_CHAIRS):
        for text in texts.values():
            assert text in page
    assert "Chairs are placed in a row" in page and "A row of chairs, every other one" in page
    assert "0.71" in page
    for key in (pair.key_a, pair.key_b):
        activity_id = ActivitySource.objects.get(member_content_key=key).activity_id
        assert reverse("activities:detail", args=[activity_id]) in page


def test_list_links_each_pair_to_its_screen(curator_client, pair):
    assert compare_url(pair) in curator_client.get(CANDIDATES).content.decode()


def test_undecided_filter_lists_only_pairs_without_a_decision_in_force(curator_client, pair):
    decided = DuplicateCandidateFactory(name_a="Cat and Mouse", name_b="Catching the Mouse")
    decision_record(key_a=decided.key_a, key_b=decided.key_b, decision="keep_apart", user=None)
    listed = curator_client.get(CANDIDATES, {"decision": "undecided"}).context["cl"].result_list
    assert list(listed) == [pair]


def test_a_revoked_decision_leaves_the_pair_undecided(curator_client, pair):
    decision = decision_record(key_a=pair.key_a, key_b=pair.key_b, decision="merge", user=None)
    decision.revoked_at = decision.decided_at
    decision.save()
    listed = curator_client.get(CANDIDATES, {"decision": "undecided"}).context["cl"].result_list
    assert list(listed) == [pair]


def test_previous_and_next_follow_the_list_order(curator_client):
    high, middle, low = (DuplicateCandidateFactory(score=score) for score in (0.9, 0.8, 0.7))
    page = curator_client.get(compare_url(middle)).context
    assert page["previous_url"] == compare_url(high)
    assert page["next_url"] == compare_url(low)
    assert (page["position"], page["count"]) == (2, 3)


def test_previous_and_next_stay_within_the_list_filters(curator_client):
    high, middle, low = (DuplicateCandidateFactory(score=score) for score in (0.9, 0.8, 0.7))
    decision_record(key_a=middle.key_a, key_b=middle.key_b, decision="merge", user=None)
    query = "_changelist_filters=decision%3Dundecided"
    page = curator_client.get(compare_url(high, query)).context
    assert page["previous_url"] is None
    assert page["next_url"] == compare_url(low, query)


def test_deciding_on_the_screen_records_the_decision_and_goes_to_the_next(curator_client, pair):
    following = DuplicateCandidateFactory(score=0.5)
    page = curator_client.get(compare_url(pair)).context
    response = curator_client.post(
        reverse("admin:activities_duplicatecandidate_decide", args=[pair.pk]),
        {"decision": "merge", "note": "same game", "next": page["next_url"]},
    )
    assert response["Location"] == compare_url(following)
    decision = ReviewDecision.objects.get()
    assert (decision.decision, decision.note) == ("merge", "same game")


def test_the_list_actions_still_record_decisions(curator_client, pair):
    curator_client.post(CANDIDATES, {"action": "mark_different_games", "_selected_action": [pair.pk]})
    assert ReviewDecision.objects.get().decision == "keep_apart"


def test_staff_without_the_group_can_neither_see_nor_decide(client, pair):
    client.force_login(make_user("staff"))
    assert client.get(compare_url(pair)).status_code == 403
    decide = reverse("admin:activities_duplicatecandidate_decide", args=[pair.pk])
    assert client.post(decide, {"decision": "merge"}).status_code == 403
    assert not ReviewDecision.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, pair):
    response = client.post(reverse("admin:activities_duplicatecandidate_decide", args=[pair.pk]), {"decision": "merge"})
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(compare_url(pair))["Location"].startswith(reverse("admin:login"))
    assert not ReviewDecision.objects.exists()
