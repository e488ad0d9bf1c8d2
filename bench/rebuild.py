"""Benchmark of the freeze rebuild at 10k and 100k activities.

    .venv/bin/python bench/rebuild.py [--sizes 10000 100000] [--runs 3]

Synthetic extraction files are made by perturbing real extracted activities
(``--base``, default ``data/extracted/``, when it holds files, else the labelled demo-corpus games
in ``tests/data/dedup_labels.json``): names get extra or swapped words, word
order is shuffled within sentences, numbers change, and half of the
words are swapped for words of a large synthetic vocabulary so word
frequencies look like a big library's rather than a few books repeated.
Each source (a book) holds ``ACTIVITIES_PER_SOURCE`` versions of different
bases, as a book lists a game once.

Each size runs in its own process on a temporary SQLite database (never
var/db.sqlite3) and reports medians of: a rebuild into an empty library
("fresh"), the dedup step inside it, and a rebuild over an unchanged library
("again", nothing changed since the rebuild before it: its share of the fresh
rebuild's time is printed, target <= 25 %); plus the process's peak resident memory, and the dedup's pairwise
precision and recall against the generator's truth: two synthetic versions are the same game when they were made
from the same base activity. Bases that are one game told by several books (the demo corpus has such copies) count
as different games here, so precision is a lower bound. CPU time is reported
beside wall time because a shared machine inflates the latter. By default the
receivers other apps connect to ``library_published`` (enrichment applying
overlays) are disconnected, so the figures are the rebuild's own;
``--receivers`` keeps them, and gives 1% of the versions an enrichment overlay
(Romanian text and estimates) so that applying overlays is measured too.
"""

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACTIVITIES_PER_FILE = 10
# A book lists a game once: each source draws its bases from a shuffled deck, and repeats one only when the deck
# runs out (never with the demo corpus's bases, which outnumber a source's versions).
ACTIVITIES_PER_SOURCE = 1000
# Share of words replaced by synthetic ones: enough that most synthetic activities are distinct games.
SUBSTITUTED = 0.5
NUMBER = re.compile(r"\d+")
# With --receivers: share of the versions given an enrichment overlay.
OVERLAID = 0.01


def base_activities(directory: Path) -> list[dict]:
    extracted = sorted(directory.glob("*.json"))
    bases = []
    for path in extracted:
        document = json.loads(path.read_text(encoding="utf-8"))
        bases.extend(document.get("activities", []))
    if bases:
        return bases
    from activities.extraction.schema import blank_activity

    labels = json.loads((ROOT / "tests" / "data" / "dedup_labels.json").read_text(encoding="utf-8"))
    return [
        {
            **blank_activity(),
            "name": item["name"],
            "language": "en",
            "description": item["description"],
            "rules": item["rules"],
            "page": 1,
            "quote": item["description"][:80],
        }
        for item in labels["items"]
    ]


def _synthetic_word(rng: random.Random) -> str:
    # Zipf-like: a few synthetic words are common, most are rare.
    rank = int(rng.paretovariate(1.1)) % 60_000
    return f"zq{rank:x}"


def _perturb_text(text: str, rng: random.Random) -> str:
    sentences = [sentence.split() for sentence in re.split(r"(?<=[.!?])\s+", text) if sentence]
    out = []
    for words in sentences:
        words = [_synthetic_word(rng) if rng.random() < SUBSTITUTED else word for word in words]
        for _swap in range(len(words) // 6):
            i = rng.randrange(len(words) - 1) if len(words) > 1 else 0
            words[i : i + 2] = words[i : i + 2][::-1]
        out.append(" ".join(words))
    rng.shuffle(out)
    return NUMBER.sub(lambda _match: str(rng.randint(1, 40)), " ".join(out))


def perturb(base: dict, rng: random.Random) -> dict:
    activity = dict(base)
    words = base["name"].split()
    rng.shuffle(words)
    # A word of its own, so two perturbations of one game do not share a title.
    activity["name"] = " ".join([*words, f"zn{rng.randrange(10**7):x}"])[:300]
    activity["description"] = _perturb_text(base["description"], rng)
    activity["rules"] = _perturb_text(base["rules"], rng)
    activity["quote"] = activity["description"][:80] or activity["name"]
    if rng.random() < 0.5:
        low = rng.randint(2, 20)
        activity["players_min"], activity["players_max"] = low, low + rng.randint(0, 30)
        activity["filter_origin"] = {**base.get("filter_origin", {}), "players_min": "stated", "players_max": "stated"}
    return activity


def write_corpus(directory: Path, size: int, *, base: Path, seed: int = 1) -> dict[str, int]:
    """Write ``size`` synthetic versions; returns the truth: each version's content key and its base's index."""
    from activities.extraction.files import extraction_document
    from activities.normalize import activity_normalize

    rng = random.Random(seed)
    bases = base_activities(base)
    truth = {}
    deck: list[int] = []
    for number in range(0, size, ACTIVITIES_PER_FILE):
        source = number // ACTIVITIES_PER_SOURCE
        chunk_key = f"{number // 1000:08x}_bench-source-{source}.part{number:06d}"
        source_path = f"bench/source-{source}.txt"
        if number % ACTIVITIES_PER_SOURCE == 0:
            deck = []
        chosen = []
        for _ in range(min(ACTIVITIES_PER_FILE, size - number)):
            if not deck:
                deck = rng.sample(range(len(bases)), len(bases))
            chosen.append(deck.pop())
        activities = [perturb(bases[index], rng) for index in chosen]
        for index, activity in zip(chosen, activities, strict=True):
            normalized = activity_normalize(raw=activity, chunk_key=chunk_key, source_path=source_path)
            truth[normalized.content_key] = index
        document = extraction_document(
            chunk_key=chunk_key,
            source_path=source_path,
            extractor={"name": "rules", "version": "bench"},
            activities=activities,
            usage=None,
        )
        (directory / f"{chunk_key}.json").write_text(json.dumps(document), encoding="utf-8")
    return truth


def pairwise_quality(truth: dict[str, int], clusters: dict[int, list[str]]) -> tuple[float, float]:
    """(precision, recall) of the pairs of versions put in one game, against the pairs made from one base."""

    def pairs(count: int) -> int:
        return count * (count - 1) // 2

    found = sum(pairs(len(keys)) for keys in clusters.values())
    true = sum(pairs(count) for count in Counter(truth[key] for keys in clusters.values() for key in keys).values())
    correct = sum(pairs(count) for keys in clusters.values() for count in Counter(truth[key] for key in keys).values())
    return correct / found if found else 1.0, correct / true if true else 1.0


def overlays_create(extracted: Path, *, share: float, seed: int = 2) -> int:
    """Give ``share`` of the versions in ``extracted`` an overlay, as enrichment would; returns how many exist."""
    from activities.normalize import activity_normalize
    from enrichment.models import EnrichmentOverlay

    rng = random.Random(seed)
    overlays = []
    for path in sorted(extracted.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        for raw in document["activities"]:
            if rng.random() >= share:
                continue
            activity = activity_normalize(raw=raw, chunk_key=document["chunk_key"], source_path=document["source_path"])
            overlays.append(
                EnrichmentOverlay(
                    content_key=activity.content_key,
                    kind=EnrichmentOverlay.Kind.EN_TO_RO,
                    name_ro=f"Jocul {len(overlays)}",
                    description_ro="O descriere în română.",
                    estimated={"age_min": 6, "age_max": 12, "indoor_outdoor": "indoor", "categories": ["party"]},
                )
            )
    EnrichmentOverlay.objects.bulk_create(overlays, batch_size=500, ignore_conflicts=True)
    return EnrichmentOverlay.objects.count()


def child(size: int, runs: int, base: Path, receivers: bool) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"bench-rebuild-{size}-"))
    extracted = work / "extracted"
    extracted.mkdir()
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["EXTRACTED_DIR"] = str(extracted)
    os.environ["GAMELIBRARY_VAR_DIR"] = str(work / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gamelibrary.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from activities.models import Activity, ActivitySource
    from activities.rebuild import corpus_rebuild
    from activities.signals import library_published

    if not receivers:
        # The rebuild's own cost: what other apps do on library_published is measured with --receivers.
        library_published.receivers.clear()
        library_published.sender_receivers_cache.clear()

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    truth = write_corpus(extracted, size, base=base)
    generate_seconds = time.monotonic() - started
    overlays = overlays_create(extracted, share=OVERLAID) if receivers else 0
    fresh, fresh_cpu, dedup, again, again_cpu = [], [], [], [], []
    report = {}
    for _run in range(runs):
        ActivitySource.objects.all().delete()
        Activity.objects.all().delete()
        cpu_started = time.process_time()
        report = corpus_rebuild(allow_orphans=True)
        fresh_cpu.append(time.process_time() - cpu_started)
        fresh.append(report["seconds"])
        dedup.append(report["dedup_seconds"])
        cpu_started = time.process_time()
        again.append(corpus_rebuild(allow_orphans=True)["seconds"])
        again_cpu.append(time.process_time() - cpu_started)
    clusters: dict[int, list[str]] = defaultdict(list)
    for activity_id, key in ActivitySource.objects.values_list("activity_id", "member_content_key").distinct():
        clusters[activity_id].append(key)
    precision, recall = pairwise_quality(truth, clusters)
    return {
        "size": size,
        "receivers": receivers,
        "runs": runs,
        "generate_seconds": round(generate_seconds, 2),
        "fresh_seconds_median": round(statistics.median(fresh), 2),
        "fresh_cpu_seconds_median": round(statistics.median(fresh_cpu), 2),
        "dedup_seconds_median": round(statistics.median(dedup), 2),
        "again_seconds_median": round(statistics.median(again), 2),
        "again_cpu_seconds_median": round(statistics.median(again_cpu), 2),
        # Each run's unchanged rebuild over its own fresh one, then the median.
        "again_share_median": round(statistics.median(a / f for a, f in zip(again, fresh, strict=True)), 3),
        "fresh_seconds": fresh,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "published": report["activities"]["published"],
        "overlays": overlays,
        "showing_romanian": Activity.objects.exclude(name_ro="").count(),
        "clusters": report["clusters"]["count"],
        "pairs_compared": report["clusters"]["pairs_compared"],
        "precision": round(precision, 3),
        "recall": round(recall, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (100k and above: at least 1)")
    parser.add_argument("--base", type=Path, default=ROOT / "data" / "extracted", help="real extraction files")
    parser.add_argument(
        "--receivers", action="store_true", help="keep other apps' library_published receivers (enrichment) connected"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        print(json.dumps(child(arguments.child, arguments.runs, arguments.base, arguments.receivers)))
        return
    results = []
    for size in arguments.sizes:
        runs = arguments.runs if size <= 10_000 else max(1, arguments.runs - 2)
        output = subprocess.run(
            [
                sys.executable,
                __file__,
                *("--child", str(size), "--runs", str(runs), "--base", str(arguments.base)),
                *(["--receivers"] if arguments.receivers else []),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        results.append(result)
        print(
            f"{size:>7} activities: rebuild {result['fresh_seconds_median']:.1f} s "
            f"(CPU {result['fresh_cpu_seconds_median']:.1f} s) "
            f"(dedup {result['dedup_seconds_median']:.1f} s), "
            f"unchanged rebuild {result['again_seconds_median']:.1f} s "
            f"(CPU {result['again_cpu_seconds_median']:.1f} s, "
            f"{result['again_share_median']:.0%} of the rebuild), "
            f"peak RSS {result['peak_rss_mib']:.0f} MiB, {result['clusters']} games, "
            f"{result['pairs_compared']} pairs compared, precision {result['precision']:.3f} "
            f"recall {result['recall']:.3f}, median of {result['runs']} run(s)"
            + (f", {result['overlays']} overlays ({result['showing_romanian']} shown)" if arguments.receivers else "")
        )
    if len(results) >= 2:
        ratio = results[-1]["fresh_seconds_median"] / results[0]["fresh_seconds_median"]
        cpu_ratio = results[-1]["fresh_cpu_seconds_median"] / results[0]["fresh_cpu_seconds_median"]
        print(f"time ratio {results[-1]['size']}/{results[0]['size']}: {ratio:.1f} (CPU time {cpu_ratio:.1f})")
        first, last = results[0], results[-1]
        print(
            f"{last['size']} against {first['size']}: recall {last['recall'] - first['recall']:+.3f}, "
            f"precision {last['precision'] - first['precision']:+.3f}"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
