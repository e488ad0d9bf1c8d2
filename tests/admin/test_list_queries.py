"""The admin's lists (candidates, decisions, corrections, marks, runs, sign-offs, key outcomes) read what their
rows show for a whole page together: a page of fifty rows costs a fixed number of queries."""

import pytest
from django.urls import reverse

from activities.admin_selectors import NOT_PUBLISHED, game_versions
from activities.corrections import corrections_record
from activities.decisions import decision_record
from activities.models import RebuildRun, ReviewDecision
from activities.not_games import mark_record
from enrichment.models import KeyOutcome, PilotSignoff
from tests.admin.factories import (
    ActivityFactory,
    ActivitySourceFactory,
    DuplicateCandidateFactory,
    RunFactory,
    SourceFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

CANDIDATES = reverse("admin:activities_duplicatecandidate_changelist")
DECISIONS = reverse("admin:activities_reviewdecision_changelist")
CORRECTIONS = reverse("admin:activities_filtercorrection_changelist")
MARKS = reverse("admin:activities_notagamemark_changelist")
LISTED = 50
# Session, user, two counts, the page, and the two reads of the listed games.
PAGE_QUERIES = 9


def test_a_page_of_fifty_candidates_costs_a_fixed_number_of_queries(curator_client, django_assert_max_num_queries):
    for index in range(LISTED):
        version = ActivitySourceFactory(page=index + 1)
        published_only = ActivityFactory(name=f"Published game {index}")
        DuplicateCandidateFactory(key_a=version.member_content_key, key_b=published_only.content_key)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = curator_client.get(CANDIDATES).content.decode()
    assert page.count('class="duplicate-game"') == 2 * LISTED
    assert f"Published game {LISTED - 1}" in page


def test_a_version_key_names_its_own_text_and_occurrences():
    link = ActivitySourceFactory(source=SourceFactory(title="Games for Everybody"), page=41, name="Stage Coach")
    version = game_versions([link.member_content_key])[link.member_content_key]
    assert (version.name, version.places) == ("Stage Coach", ["Games for Everybody, p. 41"])


def test_a_game_key_names_the_game_with_the_places_of_its_versions():
    game = ActivityFactory(name="Going to Jerusalem", content_key="c" * 64)
    ActivitySourceFactory(activity=game, member_content_key="d" * 64, source=SourceFactory(title="Book A"), page=3)
    ActivitySourceFactory(activity=game, member_content_key="e" * 64, source=SourceFactory(title="Book B"), page=0)
    version = game_versions([game.content_key])[game.content_key]
    assert (version.name, version.places) == ("Going to Jerusalem", ["Book A, p. 3", "Book B"])


def test_an_unknown_key_names_nothing_published():
    assert game_versions(["f" * 64]) == {"f" * 64: NOT_PUBLISHED}


def test_the_decision_list_names_both_games(client):
    first = ActivitySourceFactory(name="Going to Jerusalem")
    second = ActivitySourceFactory(name="Musical Chairs")
    decision_record(
        key_a=first.member_content_key,
        key_b=second.member_content_key,
        decision=ReviewDecision.Decision.MERGE,
        user=make_user("decider"),
    )
    client.force_login(make_user("admin", superuser=True))
    page = client.get(DECISIONS).content.decode()
    assert "Going to Jerusalem / Musical Chairs" in page


def test_a_page_of_fifty_decisions_costs_a_fixed_number_of_queries(
    curator_client, curator, django_assert_max_num_queries
):
    for index in range(LISTED):
        first, second = ActivitySourceFactory(name=f"Game {index}"), ActivitySourceFactory(name=f"Other {index}")
        decision_record(
            key_a=first.member_content_key,
            key_b=second.member_content_key,
            decision=ReviewDecision.Decision.KEEP_APART,
            user=curator,
        )
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = curator_client.get(DECISIONS).content.decode()
    assert f"Game {LISTED - 1} / Other {LISTED - 1}" in page


def test_a_page_of_fifty_corrections_costs_a_fixed_number_of_queries(
    curator_client, curator, django_assert_max_num_queries
):
    for index in range(LISTED):
        game = ActivitySourceFactory(name=f"Game {index}").activity
        corrections_record(activity=game, values={"space": "large-room"}, user=curator)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = curator_client.get(CORRECTIONS).content.decode()
    assert page.count("/filters/") == LISTED


def test_a_page_of_fifty_marks_costs_a_fixed_number_of_queries(curator_client, curator, django_assert_max_num_queries):
    for index in range(LISTED):
        mark_record(activity=ActivityFactory(name=f"Index {index}"), user=curator)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = curator_client.get(MARKS).content.decode()
    assert f"Index {LISTED - 1}" in page


def _rebuild_run(index: int, user) -> None:
    RebuildRun.objects.create(requested_by=user)


def _signoff(index: int, user) -> None:
    PilotSignoff.objects.create(run=RunFactory(), signed_by=user, revoked_by=user)


def _key_outcome(index: int, user) -> None:
    KeyOutcome.objects.create(content_key=f"{index:064x}", outcome=KeyOutcome.Outcome.BLOCKED, run=RunFactory())


@pytest.mark.parametrize(
    ("url_name", "row"),
    [
        ("admin:activities_rebuildrun_changelist", _rebuild_run),
        ("admin:enrichment_pilotsignoff_changelist", _signoff),
        ("admin:enrichment_keyoutcome_changelist", _key_outcome),
    ],
)
def test_a_page_of_fifty_run_records_costs_a_fixed_number_of_queries(
    url_name, row, client, django_assert_max_num_queries
):
    admin = make_user("admin", superuser=True)
    for index in range(LISTED):
        row(index, admin)
    client.force_login(admin)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == LISTED
