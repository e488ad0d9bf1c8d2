"""Duplicate decisions: the service, and the candidate list with its two actions."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize

from activities.decisions import (
    ALREADY_REVOKED,
    SAME_KEY,
    DecisionError,
    decided_pairs,
    decision_record,
    decision_revoke,
    decisions_in_force,
)
from activities.models import ReviewDecision
from tests.admin.factories import ActivitySourceFactory, DuplicateCandidateFactory, SourceFactory, make_user

pytestmark = pytest.mark.django_db

MERGE = ReviewDecision.Decision.MERGE
KEEP_APART = ReviewDecision.Decision.KEEP_APART
CANDIDATES = reverse("admin:activities_duplicatecandidate_changelist")


@pytest.fixture
def user(db):
    return make_user("decider", curator=True)


def test_decision_stores_keys_sorted_whatever_the_order_given(user):
    decision = decision_record(key_a="b" * 64, key_b="a" * 64, decision=MERGE, user=user)
    assert (decision.key_a, decision.key_b, decision.decided_by) == ("a" * 64, "b" * 64, user)


def test_database_refuses_unsorted_keys():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDecision.objects.create(key_a="b", key_b="a", decision=MERGE)


def test_decision_on_a_key_with_itself_is_refused(user):
    with pytest.raises(DecisionError, match=SAME_KEY.format(key="a")):
        decision_record(key_a="a", key_b="a", decision=MERGE, user=user)


def test_unknown_decision_is_refused(user):
    with pytest.raises(DecisionError):
        decision_record(key_a="a", key_b="b", decision="maybe", user=user)


def test_new_decision_on_a_pair_revokes_the_previous_one(user):
    first = decision_record(key_a="a", key_b="b", decision=MERGE, user=user)
    second = decision_record(key_a="b", key_b="a", decision=KEEP_APART, user=user)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(decisions_in_force()) == [second]


def test_decided_pairs_are_the_key_triples_in_force_in_key_order(user):
    decision_record(key_a="c", key_b="d", decision=MERGE, user=user)
    decision_record(key_a="a", key_b="b", decision=MERGE, user=user)
    decision_record(key_a="b", key_b="a", decision=KEEP_APART, user=user)
    assert decided_pairs() == [("a", "b", KEEP_APART), ("c", "d", MERGE)]


def test_same_decision_again_keeps_the_one_in_force(user):
    first = decision_record(key_a="a", key_b="b", decision=MERGE, user=user)
    again = decision_record(key_a="a", key_b="b", decision=MERGE, user=make_user("other", curator=True))
    assert again == first
    assert ReviewDecision.objects.count() == 1


def test_revoke_keeps_the_row_and_records_who(user):
    decision = decision_record(key_a="a", key_b="b", decision=MERGE, user=user)
    decision_revoke(decision=decision, user=user)
    decision.refresh_from_db()
    assert decision.revoked_at is not None
    assert decision.history.latest().history_user == user
    assert not decisions_in_force().exists()


def test_revoking_twice_is_refused(user):
    decision = decision_record(key_a="a", key_b="b", decision=MERGE, user=user)
    decision_revoke(decision=decision, user=user)
    with pytest.raises(DecisionError, match=ALREADY_REVOKED.split("{")[0]):
        decision_revoke(decision=decision, user=user)


def test_candidates_are_shown_side_by_side_with_descriptions_and_sources(curator_client):
    link_a = ActivitySourceFactory(source=SourceFactory(title="Games for Everybody"), page=41)
    link_b = ActivitySourceFactory(source=SourceFactory(title="My Book of Indoor Games"), page=7)
    link_b.activity.description = "A chair fewer than players; when the piano stops, sit."
    link_b.activity.save()
    ActivitySourceFactory._meta.model.objects.filter(pk=link_b.pk).update(description=link_b.activity.description)
    DuplicateCandidateFactory(key_a=link_a.member_content_key, key_b=link_b.member_content_key)
    page = curator_client.get(CANDIDATES).content.decode()
    assert "Games for Everybody, p. 41" in page
    assert "My Book of Indoor Games, p. 7" in page
    assert "when the piano stops, sit." in page


def test_candidate_list_shows_the_name_and_play_scores(curator_client):
    DuplicateCandidateFactory(name_score=0.375, play_score=0.625)
    response = curator_client.get(CANDIDATES)
    page = response.content.decode()
    with translation.override(response.headers["Content-Language"]):
        assert localize(0.375) in page
        assert localize(0.625) in page


def test_keep_apart_action_records_a_decision_for_each_selected_pair(curator_client, curator):
    pairs = [DuplicateCandidateFactory() for _ in range(2)]
    curator_client.post(CANDIDATES, {"action": "mark_different_games", "_selected_action": [pair.pk for pair in pairs]})
    recorded = set(decisions_in_force().values_list("key_a", "key_b", "decision", "decided_by"))
    assert recorded == {(pair.key_a, pair.key_b, KEEP_APART, curator.pk) for pair in pairs}


def test_merge_action_then_list_shows_the_decision_in_force(curator_client):
    pair = DuplicateCandidateFactory()
    curator_client.post(CANDIDATES, {"action": "mark_same_game", "_selected_action": [pair.pk]})
    response = curator_client.get(CANDIDATES)
    [row] = response.context["cl"].result_list
    assert row.decision_in_force == MERGE


def test_staff_without_permission_cannot_run_the_decision_actions(client):
    client.force_login(make_user("staff"))
    pair = DuplicateCandidateFactory()
    response = client.post(CANDIDATES, {"action": "mark_same_game", "_selected_action": [pair.pk]})
    assert response.status_code == 403
    assert not ReviewDecision.objects.exists()


def test_decision_added_in_the_admin_in_either_key_order_is_stored_sorted(curator_client, curator):
    response = curator_client.post(
        reverse("admin:activities_reviewdecision_add"),
        {"key_a": "f" * 64, "key_b": "0" * 64, "decision": KEEP_APART, "note": "different rules"},
    )
    assert response.status_code == 302
    decision = ReviewDecision.objects.get()
    assert (decision.key_a, decision.key_b, decision.decided_by, decision.note) == (
        "0" * 64,
        "f" * 64,
        curator,
        "different rules",
    )


def test_revoke_action_in_the_decision_list(curator_client, curator):
    decision = decision_record(key_a="a", key_b="b", decision=MERGE, user=curator)
    curator_client.post(
        reverse("admin:activities_reviewdecision_changelist"),
        {"action": "revoke_selected", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.revoked_at is not None


def test_revoke_action_warns_of_an_already_revoked_decision_and_counts_only_the_revoked(curator_client, curator):
    revoked = decision_record(key_a="a", key_b="b", decision=MERGE, user=curator)
    decision_revoke(decision=revoked, user=curator)
    in_force = decision_record(key_a="c", key_b="d", decision=MERGE, user=curator)
    response = curator_client.post(
        reverse("admin:activities_reviewdecision_changelist"),
        {"action": "revoke_selected", "_selected_action": [revoked.pk, in_force.pk]},
        follow=True,
    )
    shown = [(message.level_tag, str(message)) for message in response.context["messages"]]
    with translation.override(response.headers["Content-Language"]):
        assert shown == [
            ("warning", str(ALREADY_REVOKED).format(when=revoked.revoked_at)),
            ("info", translation.gettext("Revoked %d decision(s).") % 1),
        ]
    assert not decisions_in_force().exists()


def test_decision_history_is_listed_in_the_admin(curator_client, curator):
    decision = decision_record(key_a="a", key_b="b", decision=MERGE, user=curator)
    decision_revoke(decision=decision, user=curator)
    response = curator_client.get(reverse("admin:activities_reviewdecision_history", args=[decision.pk]))
    assert response.status_code == 200
    assert [record.history_change_reason for record in response.context["page_obj"].object_list] == [
        "revoked",
        "decided",
    ]


def test_reverting_a_revocation_from_history_puts_the_decision_back_in_force(curator_client, curator):
    decision = decision_record(key_a="a", key_b="b", decision=MERGE, user=curator, note="same rules")
    decision_revoke(decision=decision, user=curator)
    before_revoke = decision.history.earliest()
    url = reverse("admin:activities_reviewdecision_simple_history", args=[decision.pk, before_revoke.history_id])
    response = curator_client.post(url, {"note": "same rules"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.revoked_at is None
    assert decision.history.latest().history_user == curator
