"""Draw a held-out sample of the not-a-game judge (labels are then written by reading).

    .venv/bin/python bench/draw_heldout.py OUT.json [--ungated] [SEED SIZE]

Builds the demo library in a temporary SQLite database (as ``bench/games_only.py`` does) and writes every
published version (content key, source path, name, quote start, language, text). With ``--ungated`` the
not-a-game judge passes everything, in the extractor and in the rebuild, so the entries the judge drops can be
listed by comparing the two outputs. The sample: the published versions whose content key is in no
``tests/data/game_labels*.json``, sorted by content key, ``random.Random(SEED).sample(..., SIZE)`` (by default
the draw of ``game_labels_heldout.json``; ``game_labels_heldout2.json`` was drawn with 20261201 150 after the
first held-out set had been measured and become tuning data, ``game_labels_heldout3.json`` with 20261202 150 after
the second, ``game_labels_heldout4.json`` with 20261203 150 after the third, ``game_labels_heldout5.json`` with
20261204 150 after the fourth and ``game_labels_heldout6.json`` with 20261205 150 after the fifth).
"""

import json
import random
import sys
import tempfile

from games_only import LABELS, ROOT, setup_django

SEED = 20261130
SIZE = 200
LABEL_FILES = sorted(LABELS.parent.glob("game_labels*.json"))


def published_entries(workdir: str) -> list[dict]:
    """Every published source version, with its text as the judge reads it."""
    from pathlib import Path

    from activities import gameness
    from activities.models import ActivitySource
    from activities.rebuild import extraction_files_load

    published = set(ActivitySource.objects.values_list("member_content_key", flat=True))
    versions = extraction_files_load(directory=Path(workdir, "extracted")).activities
    return [
        {
            "content_key": version.content_key,
            "source_path": version.source_path,
            "name": version.name,
            "quote_start": " ".join(version.quote.split()[:8]),
            "language": version.language,
            "text": gameness.activity_text(version.description, version.rules, version.variations),
        }
        for version in versions
        if version.content_key in published
    ]


def main() -> None:
    out, ungated = sys.argv[1], "--ungated" in sys.argv
    numbers = [int(arg) for arg in sys.argv[2:] if arg.isdigit()]
    seed, size = numbers or (SEED, SIZE)
    with tempfile.TemporaryDirectory() as workdir:
        if ungated:
            from activities import gameness

            gameness.judge = lambda raw: gameness.Verdict(True, "")
        setup_django(workdir)
        from activities.rebuild import corpus_rebuild

        corpus_rebuild()
        entries = published_entries(workdir)
    labelled = {
        item["content_key"] for path in LABEL_FILES for item in json.loads(path.read_text(encoding="utf-8"))["items"]
    }
    fresh = sorted((entry for entry in entries if entry["content_key"] not in labelled), key=lambda e: e["content_key"])
    sample = random.Random(seed).sample(fresh, size) if not ungated else []
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"entries": entries, "sample": sample}, handle, ensure_ascii=False, indent=1)
    print(f"{len(entries)} published, {len(fresh)} unlabelled, sample {len(sample)} -> {out} ({ROOT})")


if __name__ == "__main__":
    main()
