"""Dedup: sub-quadratic candidates, a real similarity test, curator decisions on top."""

import json
import random
from itertools import combinations
from pathlib import Path

import pytest

from activities.dedup import KEEP_APART, MERGE, DedupItem, dedup_cluster
from tests.activities.test_rebuild import BLINDFOLD_BLAIN, BLINDFOLD_HOFMANN, BLINDFOLD_SQUAREMAN, RING_BLAIN, WINK

LABELS = Path(__file__).resolve().parents[1] / "data" / "dedup_labels.json"


def item(key: str, name: str, text: str, language: str = "en", source: str = "") -> DedupItem:
    return DedupItem(key=key, language=language, name=name, text=text, source=source or key)


def together(result, a: str, b: str) -> bool:
    return any(a in cluster and b in cluster for cluster in result.clusters)


def cat_and_mouse_items() -> list[DedupItem]:
    return [
        item("hofmann", "CAT AND MOUSE.", BLINDFOLD_HOFMANN),
        item("squareman", "CAT AND MOUSE", BLINDFOLD_SQUAREMAN),
        item("blain-blindfold", "CATCHING THE MOUSE", BLINDFOLD_BLAIN),
        item("blain-ring", "CAT AND MOUSE", RING_BLAIN),
        item("wink", "WINK", WINK),
    ]


def pairwise_precision_recall(result, labels: dict) -> tuple[float, float]:
    group_of = {member: index for index, group in enumerate(labels["groups"]) for member in group}
    cluster_of = {member: index for index, cluster in enumerate(result.clusters) for member in cluster}
    true_positive = false_positive = false_negative = 0
    for a, b in combinations([entry["id"] for entry in labels["items"]], 2):
        truth = a in group_of and group_of.get(a) == group_of.get(b)
        merged = cluster_of[a] == cluster_of[b]
        true_positive += truth and merged
        false_positive += merged and not truth
        false_negative += truth and not merged
    return true_positive / (true_positive + false_positive), true_positive / (true_positive + false_negative)


def test_labelled_demo_corpus_merge_precision_and_recall_are_at_least_0_9():
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    items = [item(e["id"], e["name"], f"{e['description']} {e['rules']}", source=e["source"]) for e in labels["items"]]
    precision, recall = pairwise_precision_recall(dedup_cluster(items=items), labels)
    assert precision >= 0.9
    assert recall >= 0.9


def test_labelled_same_name_different_games_stay_apart():
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    items = [item(e["id"], e["name"], f"{e['description']} {e['rules']}", source=e["source"]) for e in labels["items"]]
    result = dedup_cluster(items=items)
    wrongly_merged = [pair for pair in labels["apart"] if together(result, *pair)]
    assert len(wrongly_merged) <= 0.1 * len(labels["apart"])


def test_different_names_for_the_same_play_merge():
    result = dedup_cluster(items=cat_and_mouse_items())
    assert together(result, "hofmann", "blain-blindfold")
    assert together(result, "squareman", "blain-blindfold")


def test_same_name_with_a_different_play_stays_apart():
    result = dedup_cluster(items=cat_and_mouse_items())
    assert not together(result, "hofmann", "blain-ring")
    assert not together(result, "squareman", "blain-ring")


def test_versions_in_different_languages_are_not_merged_automatically():
    result = dedup_cluster(items=[item("en", "Wink", WINK), item("ro", "Wink", WINK, language="ro")])
    assert not together(result, "en", "ro")


def test_keep_apart_splits_a_chain_so_the_pair_ends_apart():
    decisions = [("hofmann", "squareman", KEEP_APART)]
    result = dedup_cluster(items=cat_and_mouse_items(), decisions=decisions)
    assert not together(result, "hofmann", "squareman")
    assert together(result, "squareman", "blain-blindfold") or together(result, "hofmann", "blain-blindfold")


def test_merge_decision_joins_games_that_look_different():
    result = dedup_cluster(items=cat_and_mouse_items(), decisions=[("blain-ring", "wink", MERGE)])
    assert together(result, "blain-ring", "wink")


def test_merge_decision_contradicting_keep_apart_is_refused():
    decisions = [("hofmann", "squareman", KEEP_APART), ("hofmann", "squareman", MERGE)]
    result = dedup_cluster(items=cat_and_mouse_items(), decisions=decisions)
    assert not together(result, "hofmann", "squareman")
    assert result.merges_refused == [("hofmann", "squareman")]


def test_decisions_naming_unknown_keys_are_ignored():
    result = dedup_cluster(items=cat_and_mouse_items(), decisions=[("gone", "wink", MERGE)])
    assert ["wink"] in result.clusters


def test_clusters_do_not_depend_on_input_order():
    items = cat_and_mouse_items()
    shuffled = items[:]
    random.Random(4).shuffle(shuffled)
    assert dedup_cluster(items=items).clusters == dedup_cluster(items=shuffled).clusters


def test_same_name_pair_with_little_shared_play_is_left_apart_as_a_candidate_for_curators():
    texts = [
        "The leader asks a player to repeat after him: boots without shoes. The victim repeats the whole sentence "
        "and is told he failed.",
        "All players leave the room. The leader calls one back, they sit down together and he tries to trick the "
        "newcomer with a riddle about footwear.",
    ]
    result = dedup_cluster(
        items=[item("a", "Boots without shoes", texts[0]), item("b", "BOOTS, WITHOUT SHOES.", texts[1])]
    )
    assert [(c.key_a, c.key_b, c.merged) for c in result.candidates] == [("a", "b", False)]
    assert result.clusters == [["a"], ["b"]]


@pytest.mark.slow
def test_candidate_generation_stays_far_below_all_pairs_when_every_text_shares_words():
    rng = random.Random(7)
    vocabulary = [f"w{index}" for index in range(3000)]
    items = [
        item(f"k{index:05d}", f"game {index}", "ball circle chase " + " ".join(rng.sample(vocabulary, 40)))
        for index in range(3000)
    ]
    result = dedup_cluster(items=items)
    assert result.compared < 10 * len(items)
    assert result.oversized_blocks > 0


BOILERPLATE = (
    "The pupils of each aisle constitute a team. At the signal to go the first pupil of each team runs forward to "
    "the distance line, turns, returns to his seat and touches off the next pupil, who does likewise."
)


NECK = " Two partners kneel facing each other with a strap looped behind both necks and pull backwards until one falls."
HAND = " Two players stand toe to toe, grasp right hands firmly and try to pull the opponent across a chalk mark."


def test_two_entries_of_one_source_sharing_boilerplate_stay_apart():
    result = dedup_cluster(
        items=[
            item("a", "Neck Tug of War", BOILERPLATE + NECK, source="book"),
            item("b", "Hand Tug of War", BOILERPLATE + HAND, source="book"),
        ]
    )
    assert result.clusters == [["a"], ["b"]]


def test_the_same_texts_from_two_sources_merge():
    result = dedup_cluster(
        items=[
            item("a", "Neck Tug of War", BOILERPLATE + NECK, source="book"),
            item("b", "Hand Tug of War", BOILERPLATE + HAND, source="other book"),
        ]
    )
    assert result.clusters == [["a", "b"]]
