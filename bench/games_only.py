"""Only games in the library: how many published entries are games, and how many labelled games stay.

    .venv/bin/python bench/games_only.py

Builds the demo library in a temporary SQLite database (ingest, the rule
extractor into a temporary folder, rebuild: the not-a-game gate of
``activities.gameness`` runs in both), then finds each entry of
``tests/data/game_labels.json`` among the published versions (by content key,
else by source path + name + the first words of its quote) and prints, for the
tuning half and the held-out test half: the share of the published labelled
entries that are not games (before the gate every labelled entry was
published, since the sample was drawn from that build), and the share of the
labelled games still published. "unsure" labels count on neither side. Also
prints the judge's cost per entry.
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


def is_published(item: dict, keys: set[str], versions: list[tuple[str, str, str]]) -> bool:
    if item["content_key"] in keys:
        return True
    return any(
        path == item["source_path"] and name == item["name"] and quote.startswith(item["quote_start"])
        for path, name, quote in versions
    )


def half_figures(items: list[dict], keys: set[str], versions: list[tuple[str, str, str]]) -> dict:
    labelled = [item for item in items if item["label"] != "unsure"]
    published = [item for item in labelled if is_published(item, keys, versions)]
    games = [item for item in labelled if item["label"] == "game"]
    non_games = len(labelled) - len(games)
    published_non_games = sum(item["label"] == "not_game" for item in published)
    return {
        "labelled": len(labelled),
        "games": len(games),
        "non_games": non_games,
        "non_game_share_before": non_games / len(labelled),
        "published": len(published),
        "non_game_share": published_non_games / len(published) if published else 0.0,
        "games_kept": sum(item["label"] == "game" for item in published) / len(games),
        "non_games_still_published": [item["name"] for item in published if item["label"] == "not_game"],
        "games_lost": [item["name"] for item in games if item not in published],
    }


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
        items = json.loads(LABELS.read_text(encoding="utf-8"))["items"]
        print(f"published: {report['activities']['published']} entries; not_games: {report['not_games']}")
        for half in ("tuning", "test"):
            figures = half_figures([item for item in items if item["half"] == half], keys, versions)
            print(
                f"{half:7s} labelled {figures['labelled']} ({figures['games']} games, {figures['non_games']} not): "
                f"non-games published {figures['non_game_share']:.1%} (before the gate "
                f"{figures['non_game_share_before']:.1%}), labelled games kept {figures['games_kept']:.1%}"
            )
            print(f"        still published: {figures['non_games_still_published']}")
            print(f"        games lost: {figures['games_lost']}")
        print(f"judge: {judge_cost([item['text'] for item in items]) * 1e6:.0f} µs per entry")


if __name__ == "__main__":
    main()
