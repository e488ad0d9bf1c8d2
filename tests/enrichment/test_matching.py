"""The answer to ``library_will_publish``: matched and orphaned overlays, re-attach candidates."""

import re

import pytest

from activities.models import Activity
from activities.signals import library_will_publish
from enrichment.models import EnrichmentOverlay
from enrichment.overlays import REATTACH_TARGET_TAKEN, overlay_reattach, overlays_match


def published(activity, **changes) -> dict:
    entry = {
        "content_key": activity.content_key,
        "member_keys": [activity.content_key],
        "name": activity.name,
        "chunk_keys": [activity.sources.get().chunk_key],
    }
    return entry | changes


def overlay_of(activity, **fields) -> EnrichmentOverlay:
    return EnrichmentOverlay.objects.create(
        content_key=activity.content_key, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Ghicește petalele", **fields
    )


def test_overlays_of_published_keys_all_match(library):
    overlay_of(library[0])
    report = overlays_match(activities=[published(a) for a in library])
    assert report == {"entries": 1, "matched": 1, "orphaned": 0, "withheld": 0, "orphans": []}


def test_an_overlay_matching_a_member_key_is_matched(library):
    overlay_of(library[1])
    merged = published(library[0], member_keys=[library[0].content_key, library[1].content_key])
    assert overlays_match(activities=[merged])["matched"] == 1


def test_orphan_gets_same_chunk_similar_name_candidates(library):
    rose = library[0]
    overlay_of(rose)
    renamed = published(rose, content_key="f" * 64, member_keys=["f" * 64], name="Rose Guess!")
    others = [published(a) for a in library[1:]]
    report = overlays_match(activities=[renamed, *others])
    assert (report["entries"], report["matched"], report["orphaned"]) == (1, 0, 1)
    orphan = report["orphans"][0]
    assert (orphan["content_key"], orphan["name"]) == (rose.content_key, "Rose Guess")
    assert [c["content_key"] for c in orphan["candidates"]] == ["f" * 64]


def test_orphan_name_and_chunks_come_from_the_overlay_when_the_rows_are_gone(library):
    rose = library[0]
    overlay_of(rose, activity_name="Rose Guess", chunk_keys=[rose.sources.get().chunk_key])
    renamed = published(rose, content_key="e" * 64, member_keys=["e" * 64], name="Rose guess")
    Activity.objects.all().delete()
    candidates = overlays_match(activities=[renamed])["orphans"][0]["candidates"]
    assert [c["content_key"] for c in candidates] == ["e" * 64]


def test_a_different_game_in_the_same_chunk_is_no_candidate(library):
    overlay_of(library[0])
    report = overlays_match(activities=[published(a) for a in library[1:]])
    assert report["orphans"][0]["candidates"] == []


def test_an_activity_that_already_has_an_overlay_is_no_candidate(library):
    rose = library[0]
    overlay_of(rose, activity_name="Rose Guess")
    overlay_of(library[1], activity_name="Rose Guess 2")
    renamed = published(rose, content_key="f" * 64, member_keys=["f" * 64])
    taken = published(library[1], name="Rose Guess")
    assert overlays_match(activities=[renamed, taken])["orphans"][0]["candidates"] == [
        {"content_key": "f" * 64, "name": "Rose Guess", "score": 100.0}
    ]


def test_an_activity_whose_member_has_an_overlay_is_no_candidate(library):
    rose = library[0]
    overlay_of(rose, activity_name="Rose Guess")
    overlay_of(library[1])
    merged = published(library[2], name="Rose Guess", member_keys=[library[2].content_key, library[1].content_key])
    merged["chunk_keys"] = [rose.sources.get().chunk_key]
    assert overlays_match(activities=[merged])["orphans"][0]["candidates"] == []


def test_will_publish_signal_answers_the_report(library):
    overlay_of(library[0])
    answers = library_will_publish.send(sender=Activity, activities=[published(a) for a in library])
    assert {"entries": 1, "matched": 1, "orphaned": 0, "withheld": 0, "orphans": []} in [
        answer for _, answer in answers
    ]


def test_reattach_moves_the_overlay_to_the_confirmed_key_and_publishes_it(library):
    orphan = overlay_of(library[0], activity_name="Rose Guess")
    target = library[2]
    overlay_reattach(overlay=orphan, content_key=target.content_key)
    target.refresh_from_db()
    assert target.name_ro == "Ghicește petalele"
    assert orphan.history.count() == 2


def test_reattach_refuses_a_key_that_already_has_an_overlay(library):
    orphan = overlay_of(library[0])
    overlay_of(library[1])
    taken = library[1].content_key
    with pytest.raises(ValueError, match=re.escape(REATTACH_TARGET_TAKEN.format(key=taken))):
        overlay_reattach(overlay=orphan, content_key=taken)


def test_an_overlay_on_an_entry_withheld_as_not_a_game_is_no_orphan(library):
    overlay_of(library[0])
    report = overlays_match(activities=[published(a) for a in library[1:]], withheld_keys=[library[0].content_key])
    assert (report["orphaned"], report["withheld"], report["matched"]) == (0, 1, 0)
