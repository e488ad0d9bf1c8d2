"""Reads for the curator's admin of the library: the games a content key names, the duplicate candidates with the
decision in force on each pair, and the corrections in force on a game.

A content key names either a version (an ``ActivitySource.member_content_key``: one occurrence of a game in a
book, merged or not) or a published ``Activity``. The admin lists pairs of such keys, so the reads here take many
keys at once: a page of candidates costs the same few queries whatever its length.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery

from activities.corrections import corrections_in_force
from activities.decisions import decisions_in_force
from activities.models import Activity, ActivitySource


@dataclass(frozen=True)
class GameVersion:
    """What a curator needs to recognise the game a content key names; empty when nothing published has that key."""

    name: str = ""
    description: str = ""
    places: list[str] = field(default_factory=list)


NOT_PUBLISHED = GameVersion()


def _place(link: ActivitySource) -> str:
    return f"{link.source or link.chunk_key}" + (f", p. {link.page}" if link.page else "")


def game_versions(keys: Iterable[str]) -> dict[str, GameVersion]:
    """{key: its game version} for every key given, in at most two queries.

    A version's own name and text come from its first occurrence, with the places of all its occurrences; a key
    that is no version's but a published game's gives that game's name and text with the places of its versions."""
    keys = set(keys)
    links = list(
        ActivitySource.objects.filter(Q(member_content_key__in=keys) | Q(activity__content_key__in=keys))
        .select_related("source", "activity")
        .order_by("pk")
    )
    by_member: dict[str, list[ActivitySource]] = {}
    by_activity: dict[str, list[ActivitySource]] = {}
    for link in links:
        by_member.setdefault(link.member_content_key, []).append(link)
        by_activity.setdefault(link.activity.content_key, []).append(link)
    versions = {}
    for key, own in by_member.items():
        if key in keys:
            versions[key] = GameVersion(own[0].name, own[0].description, [_place(link) for link in own])
    for key, members in by_activity.items():
        if key in keys and key not in versions:
            activity = members[0].activity
            versions[key] = GameVersion(activity.name, activity.description, [_place(link) for link in members])
    without_versions = keys - versions.keys()
    if without_versions:
        for activity in Activity.objects.filter(content_key__in=without_versions).only(
            "content_key", "name", "description"
        ):
            versions.setdefault(activity.content_key, GameVersion(activity.name, activity.description))
    return {key: versions.get(key, NOT_PUBLISHED) for key in keys}


def pairs_with_versions(pairs: Iterable) -> list:
    """The pairs (anything with ``key_a`` and ``key_b``: candidates, decisions), each given ``version_a`` and
    ``version_b``, read together."""
    pairs = list(pairs)
    versions = game_versions(key for pair in pairs for key in (pair.key_a, pair.key_b))
    for pair in pairs:
        pair.version_a, pair.version_b = versions[pair.key_a], versions[pair.key_b]
    return pairs


def with_decision_in_force(candidates: QuerySet) -> QuerySet:
    """The candidates annotated ``decision_in_force``: the verdict in force on the pair, in either key order."""
    in_force = decisions_in_force().filter(
        Q(key_a=OuterRef("key_a"), key_b=OuterRef("key_b")) | Q(key_a=OuterRef("key_b"), key_b=OuterRef("key_a"))
    )
    return candidates.annotate(decision_in_force=Subquery(in_force.values("decision")[:1]))


def candidate_side(key: str, fallback_name: str) -> dict:
    """One side of a candidate pair: the version's own occurrences (source, page, quote) and the published game
    it belongs to, with its full text."""
    links = list(
        ActivitySource.objects.filter(member_content_key=key).select_related("source", "activity").order_by("pk")
    )
    activity = links[0].activity if links else Activity.objects.filter(content_key=key).first()
    return {
        "key": key,
        "name": links[0].name if links else fallback_name,
        "description": links[0].description if links else "",
        "links": links,
        "activity": activity,
    }


def published_games_of(keys: Iterable[str]) -> dict[str, Activity]:
    """{key: the published game it names}, its own or the one one of its versions belongs to; keys naming no
    published game are left out. Two queries at most."""
    keys = set(keys)
    games = {activity.content_key: activity for activity in Activity.objects.filter(content_key__in=keys)}
    versions_only = keys - games.keys()
    if versions_only:
        for link in ActivitySource.objects.filter(member_content_key__in=versions_only).select_related("activity"):
            games.setdefault(link.member_content_key, link.activity)
    return games


def published_game_of(key: str) -> Activity | None:
    return published_games_of([key]).get(key)


def corrections_with_games(corrections: Iterable) -> list:
    """The corrections, each given ``published_game``: the game its content key names, or None."""
    corrections = list(corrections)
    games = published_games_of(correction.content_key for correction in corrections)
    for correction in corrections:
        correction.published_game = games.get(correction.content_key)
    return corrections


def corrections_of(activity: Activity) -> QuerySet:
    """The corrections in force on the game's own key or on one of its versions' keys."""
    keys = {activity.content_key, *activity.sources.values_list("member_content_key", flat=True)}
    return corrections_in_force().filter(content_key__in=keys).select_related("decided_by").order_by("field")
