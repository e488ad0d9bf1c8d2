"""Only games in the library: how many published entries are games, and how many labelled games stay.

    .venv/bin/python bench/games_only.py

Builds the demo library in a temporary SQLite database (ingest, the rule
extractor into a temporary folder, rebuild: the not-a-game gate of
``activities.gameness`` runs in both), then finds each labelled entry among
the published versions (by content key, else by source path + name + the
first words of its quote) and prints two sets apart:

- tuning: ``tests/data/game_labels.json``, both its halves (a sample of a
  build without the gate), and ``tests/data/game_labels_heldout.json`` (a
  sample of the gated build of commit 50ca128 plus every entry its judge
  dropped; measured once as held-out, then tuned on);
  ``tests/data/game_labels_heldout2.json`` (a sample of the gated build of
  commit 9da5420 plus every entry its judge dropped; measured once as
  held-out, then tuned on);
  ``tests/data/game_labels_heldout3.json`` (a sample of the gated build of
  commit 6c400ff plus every entry its judge dropped; measured once as
  held-out, then tuned on);
  ``tests/data/game_labels_heldout4.json`` (a sample of the gated build of
  commit 3409666 plus every entry its judge dropped; measured once before and
  once after the fourth round, then tuned on);
  ``tests/data/game_labels_heldout5.json`` (a sample of the gated build of
  commit aa99684 plus every entry its judge dropped; measured once, no judge
  change since);
- held-out: ``tests/data/game_labels_heldout6.json``, a sample of the gated
  build of commit 106abba (the same judge) drawn and labelled after the fifth
  was measured, plus every entry that build's judge dropped (none it had not
  labelled already). It holds 150 of the 182 published entries no earlier set
  holds: the demo corpus has few unlabelled entries left.

For each: the share of the published sampled entries that are not games, and
the share of the labelled games still published (the held-out set counts the
games among the dropped entries too, so games the extractor loses count).
"unsure" labels count on neither side. Also the curators' reading list: the share of
the published sampled entries kept with a doubt (``Activity.play_doubt``, the
admin's "check it is a game" filter) and how many of the non-games still
published it holds. And the judge's cost per entry.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LABELS = ROOT / "tests" / "data" / "game_labels.json"
FIRST_HELD_OUT = ROOT / "tests" / "data" / "game_labels_heldout.json"
SECOND_HELD_OUT = ROOT / "tests" / "data" / "game_labels_heldout2.json"
THIRD_HELD_OUT = ROOT / "tests" / "data" / "game_labels_heldout3.json"
FOURTH_HELD_OUT = ROOT / "tests" / "data" / "game_labels_heldout4.json"
FIFTH_HELD_OUT = ROOT / "tests" / "data" / "game_labels_heldout5.json"
HELD_OUT = ROOT / "tests" / "data" / "game_labels_heldout6.json"


def setup_django(workdir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamelibrary.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["EXTRACTED_DIR"] = f"{workdir}/extracted"
    Path(workdir, "extracted").mkdir()
    import django

    django.setup()
    from django.core.management import call_command

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0)
    call_command("ingest_sources", stdout=quiet)
    call_command("extract_chunks", extractor="rules", stdout=quiet, stderr=quiet)


def published_versions() -> tuple[set[str], set[tuple[str, str]], list[tuple[str, str, str]]]:
    """Content keys, (source path, name) pairs and (source path, name, quote) of every published version."""
    from activities.models import ActivitySource

    rows = list(ActivitySource.objects.values_list("member_content_key", "source__path", "name", "quote"))
    keys = {key for key, _path, _name, _quote in rows}
    return keys, {(path, name) for _key, path, name, _quote in rows}, [(p, n, q) for _k, p, n, q in rows]


def doubtful_versions() -> set[str]:
    """Content keys of the published versions whose game the rebuild kept with a doubt."""
    from activities.models import ActivitySource

    return set(ActivitySource.objects.exclude(activity__play_doubt="").values_list("member_content_key", flat=True))


def is_published(item: dict, keys: set[str], versions: list[tuple[str, str, str]]) -> bool:
    if item["content_key"] in keys:
        return True
    return any(
        path == item["source_path"] and name == item["name"] and quote.startswith(item["quote_start"])
        for path, name, quote in versions
    )


def figures(
    sampled: list[dict], dropped: list[dict], keys: set[str], versions: list[tuple[str, str, str]], doubtful: set[str]
) -> dict:
    """The non-game share among the published ``sampled`` entries, the share of the labelled games of both
    lists still published, and what the curators' reading list (``doubtful``) holds of the published ones."""
    sampled = [item for item in sampled if item["label"] != "unsure"]
    published = [item for item in sampled if is_published(item, keys, versions)]
    games = [item for item in sampled + dropped if item["label"] == "game"]
    kept = [item for item in games if is_published(item, keys, versions)]
    non_games = [item for item in published if item["label"] == "not_game"]
    return {
        "doubtful_share": sum(item["content_key"] in doubtful for item in published) / len(published),
        "non_games_doubtful": sum(item["content_key"] in doubtful for item in non_games),
        "non_games_published": len(non_games),
        "labelled": len(sampled),
        "games": len(games),
        "published": len(published),
        "non_game_share": sum(item["label"] == "not_game" for item in published) / len(published),
        "games_kept": len(kept) / len(games),
        "non_games_still_published": [item["name"] for item in published if item["label"] == "not_game"],
        "games_lost": [item["name"] for item in games if item not in kept],
    }


def parts(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the sampled entries, the dropped ones) of a held-out file."""
    return [item for item in items if item["part"] == "sample"], [item for item in items if item["part"] == "dropped"]


def judge_cost(texts: list[str]) -> float:
    from activities import gameness

    started = time.perf_counter()
    for text in texts:
        gameness.judge(text)
    return (time.perf_counter() - started) / max(len(texts), 1)


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        from activities.rebuild import corpus_rebuild

        report = corpus_rebuild()
        keys, _pairs, versions = published_versions()
        doubtful = doubtful_versions()
        tuning = json.loads(LABELS.read_text(encoding="utf-8"))["items"]
        first = json.loads(FIRST_HELD_OUT.read_text(encoding="utf-8"))["items"]
        second = json.loads(SECOND_HELD_OUT.read_text(encoding="utf-8"))["items"]
        third = json.loads(THIRD_HELD_OUT.read_text(encoding="utf-8"))["items"]
        fourth = json.loads(FOURTH_HELD_OUT.read_text(encoding="utf-8"))["items"]
        fifth = json.loads(FIFTH_HELD_OUT.read_text(encoding="utf-8"))["items"]
        held_out = json.loads(HELD_OUT.read_text(encoding="utf-8"))["items"]
        print(f"published: {report['activities']['published']} entries; not_games: {report['not_games']}")
        sets = {
            "tuning": (tuning, []),
            "tuning 2": parts(first),
            "tuning 3": parts(second),
            "tuning 4": parts(third),
            "tuning 5": parts(fourth),
            "tuning 6": parts(fifth),
            "held-out": parts(held_out),
        }
        for name, (sampled, dropped) in sets.items():
            found = figures(sampled, dropped, keys, versions, doubtful)
            print(
                f"{name:8s} sample {found['labelled']} labelled, {found['published']} published: non-games published "
                f"{found['non_game_share']:.1%}; labelled games kept {found['games_kept']:.1%} of {found['games']}"
            )
            print(
                f"         curators' reading list: {found['doubtful_share']:.1%} of the published, holding "
                f"{found['non_games_doubtful']} of the {found['non_games_published']} non-games published"
            )
            print(f"         still published: {found['non_games_still_published']}")
            print(f"         games lost: {found['games_lost']}")
        items = tuning + first + second + third + fourth + fifth + held_out
        print(f"judge: {judge_cost([item['text'] for item in items]) * 1e6:.0f} µs per entry")


if __name__ == "__main__":
    main()
