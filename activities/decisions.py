"""Curators' decisions on near-duplicate pairs: one game (merge) or two (keep apart).

Decisions are keyed by content keys, stored sorted (``key_a < key_b``), and
applied by the next rebuild. At most one decision per pair is in force: a new
one revokes the previous; a revoked one stays, for the record.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from activities.history import revoke_with_history, save_with_history
from activities.models import ReviewDecision

SAME_KEY = _("A pair of different content keys is needed; got “{key}” twice.")
UNKNOWN_DECISION = _("“{decision}” is not a decision; expected one of: {choices}.")
ALREADY_REVOKED = _("This decision was already revoked on {when:%Y-%m-%d %H:%M}.")


class DecisionError(Exception):
    pass


def decisions_in_force() -> QuerySet[ReviewDecision]:
    """The decisions not revoked: at most one per pair."""
    return ReviewDecision.objects.filter(revoked_at__isnull=True)


def decided_pairs() -> list[tuple[str, str, str]]:
    """(key_a, key_b, decision) of every decision in force, in key order: what the rebuild applies."""
    return list(
        decisions_in_force().order_by("key_a", "key_b", "-decided_at").values_list("key_a", "key_b", "decision")
    )


@transaction.atomic
def decision_record(*, key_a: str, key_b: str, decision: str, user, note: str = "") -> ReviewDecision:
    """Record a decision on the pair (in either order), revoking a different one previously in force."""
    if decision not in ReviewDecision.Decision.values:
        raise DecisionError(
            UNKNOWN_DECISION.format(decision=decision, choices=", ".join(ReviewDecision.Decision.values))
        )
    if key_a == key_b:
        raise DecisionError(SAME_KEY.format(key=key_a))
    key_a, key_b = sorted((key_a, key_b))
    for previous in decisions_in_force().select_for_update().filter(key_a=key_a, key_b=key_b):
        if previous.decision == decision:
            # The same verdict again (a double click, a bulk action over decided pairs): nothing changes.
            return previous
        revoke_with_history(previous, user=user, reason="superseded")
    new = ReviewDecision(key_a=key_a, key_b=key_b, decision=decision, note=note, decided_by=user)
    save_with_history(new, user=user, reason="decided")
    return new


@transaction.atomic
def decision_revoke(*, decision: ReviewDecision, user) -> ReviewDecision:
    if decision.revoked_at is not None:
        raise DecisionError(ALREADY_REVOKED.format(when=decision.revoked_at))
    revoke_with_history(decision, user=user)
    return decision
