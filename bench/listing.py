"""How fast the public listing answers at 100k activities.

Builds a temporary SQLite library of N synthetic activities (bulk_create, then
``activities.search.reindex()``), then times the listing page through Django's
test client — a search query, two filters (players, indoor/outdoor), the facet
counts and the first page, i.e. everything the page does — over R requests,
and the same requests with the naive substring search (``icontains`` on every
indexed column, the fallback backend) in the same run. Prints p50 / p95 and the
ratio of the medians.

Run: .venv/bin/python bench/listing.py [--activities 100000] [--requests 200] [--runs 1]
Targets: p95 <= 50 ms, >= 20x faster than the naive search. Printed after them,
for information: the same filters without a search (a large matched set).
"""

import argparse
import itertools
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-listing-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["GAMELIBRARY_VAR_DIR"] = str(WORK)
os.environ["DJANGO_SETTINGS_MODULE"] = "gamelibrary.settings_test"
# DEBUG off: Django would otherwise keep every SQL statement in memory.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")
# The test client's host; setup_test_environment() is not used because it
# instruments template rendering, which would be timed too.
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from activities import search, taxonomy  # noqa: E402
from activities.models import Activity, ActivitySource, Category  # noqa: E402
from activities.search.base import FallbackBackend  # noqa: E402
from sources.models import Source  # noqa: E402

# Romanian and English game vocabulary, with and without diacritics.
GAME_WORDS_TEXT = (
    "joc jucători cerc minge echipă ștafetă sărituri alergare prinsea leapșa ascunselea nume mâini ochi legați "
    "semnal fluier linie teren sală cameră perechi grup lider conducător rând șir coloană pătrat colț centru "
    "strigă aplaudă bate palme cântă dansează ghicește întrebare răspuns poveste cuvânt literă număr culoare "
    "game players circle ball team relay jump run tag hide seek name hands eyes blindfold whistle line field "
    "hall room pairs group leader row square corner centre shout clap sing dance guess question answer story "
    "word letter number colour chase catch throw pass rope chair balloon paper pencil scarf bottle sack"
)
GAME_WORDS = GAME_WORDS_TEXT.split()
# Filler words make term frequencies realistic: a query word is in a few
# percent of the games, not in all of them.
SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru", "sa", "te", "vi", "zo", "tră", "ște"]
GAME_WORD_SHARE = 0.03
QUERIES = ["minge", "ștafetă", "stafeta", "sarituri", "cerc nume", "ball", "relay", "leapsa", "blindfold", "echipa"]


def build_library(count: int) -> None:
    rng = random.Random(20261124)
    sources = Source.objects.bulk_create(
        Source(path=f"book-{number}.txt", title=f"Book {number}", kind="text", language="ro") for number in range(40)
    )
    categories = list(Category.objects.all())

    filler = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20_000)]
    vocabulary = GAME_WORDS + filler
    weights = [GAME_WORD_SHARE / len(GAME_WORDS)] * len(GAME_WORDS) + [(1 - GAME_WORD_SHARE) / len(filler)] * len(
        filler
    )
    cumulative = list(itertools.accumulate(weights))

    def text(words: int) -> str:
        return " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=words)).capitalize() + "."

    batch, picked = [], []
    for number in range(count):
        activity_categories = rng.sample(categories, rng.choice([1, 2]))
        picked.append(activity_categories)
        players_min = rng.choice([None, 2, 4, 6, 8, 10, 15, 20])
        duration_min = rng.choice([None, 5, 10, 15, 20, 30, 45])
        batch.append(
            Activity(
                content_key=f"{number:064x}",
                name=f"{rng.choice(GAME_WORDS).capitalize()} {text(2)[:-1].lower()} {number}",
                language=rng.choice(["ro", "en"]),
                description=text(40),
                rules=text(80),
                variations=text(20) if rng.random() < 0.4 else "",
                name_ro=f"{rng.choice(GAME_WORDS).capitalize()} {text(2)[:-1].lower()}" if rng.random() < 0.3 else "",
                description_ro=text(40) if rng.random() < 0.3 else "",
                players_min=players_min,
                players_max=rng.choice([None, (players_min or 2) + rng.choice([4, 10, 30])]),
                duration_min=duration_min,
                duration_max=(duration_min + 10) if duration_min else None,
                age_min=rng.choice([None, 5, 8, 12]),
                indoor_outdoor=rng.choice(["", "indoor", "outdoor", "both"]),
                space=rng.choice(["", "small-room", "large-room", "open-field"]),
                materials_needed=rng.choice([None, True, False]),
                source_count=1,
                category_mask=taxonomy.category_mask(category.code for category in activity_categories),
            )
        )
    activities = Activity.objects.bulk_create(batch, batch_size=2000)
    through = Activity.categories.through
    through.objects.bulk_create(
        (
            through(activity_id=activity.pk, category_id=category.pk)
            for activity, activity_categories in zip(activities, picked, strict=True)
            for category in activity_categories
        ),
        batch_size=5000,
    )
    ActivitySource.objects.bulk_create(
        (
            ActivitySource(
                activity_id=activity.pk,
                source=rng.choice(sources),
                chunk_key="x.part01",
                page=rng.randint(1, 200),
                member_content_key=activity.content_key,
                name=activity.name,
            )
            for activity in activities
        ),
        batch_size=5000,
    )
    search.reindex()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # Timed as a web server sees the library: from its own connection, after the
    # build's write-ahead log is checkpointed into the database file.
    connection.close()


def time_requests(client: Client, requests: int, with_query: bool = True) -> list[float]:
    timings = []
    for number in range(requests):
        params = {"players": 12, "setting": "indoor"}
        if with_query:
            params["q"] = QUERIES[number % len(QUERIES)]
        started = time.perf_counter()
        response = client.get("/", params)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(indexed: list[float], naive: list[float], brief: bool = False) -> None:
    if brief:
        print(
            f"FTS5 p50 {statistics.median(indexed):.1f} / p95 {percentile(indexed, 0.95):.1f} ms, "
            f"naive p50 {statistics.median(naive):.1f} / p95 {percentile(naive, 0.95):.1f} ms, "
            f"{statistics.median(naive) / statistics.median(indexed):.1f}x"
        )
        return
    for label, timings in (("FTS5 listing", indexed), ("naive icontains", naive)):
        print(
            f"{label:16} p50 {statistics.median(timings):8.1f} ms   p95 {percentile(timings, 0.95):8.1f} ms"
            f"   ({len(timings)} requests: q + players + indoor/outdoor + facets + first page)"
        )
    print(f"speed-up (median): {statistics.median(naive) / statistics.median(indexed):.1f}x")


def summarise(runs: list[tuple[list[float], list[float]]]) -> None:
    """Medians over the runs of each run's p50, p95 and speed-up (each run times both, one after the other)."""
    rows = {
        "FTS5 listing": ([statistics.median(i) for i, _ in runs], [percentile(i, 0.95) for i, _ in runs]),
        "naive icontains": ([statistics.median(n) for _, n in runs], [percentile(n, 0.95) for _, n in runs]),
    }
    for label, (p50s, p95s) in rows.items():
        print(
            f"{label:16} p50 {statistics.median(p50s):8.1f} ms   p95 {statistics.median(p95s):8.1f} ms"
            f"   (medians of {len(runs)} runs of {len(runs[0][0])} requests)"
        )
    ratios = [statistics.median(n) / statistics.median(i) for i, n in runs]
    print(f"speed-up (median of the runs' median ratios): {statistics.median(ratios):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=1, help="repeat the timed requests; report medians over runs")
    args = parser.parse_args()
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        build_library(args.activities)
        print(f"built {args.activities} activities + search index in {time.perf_counter() - started:.1f} s")
        client = Client()
        time_requests(client, 10)  # warm caches and templates
        fast_backend = search.backend()
        runs = []
        for run in range(1, args.runs + 1):
            search._backends[connection.vendor] = fast_backend
            indexed = time_requests(client, args.requests)
            search._backends[connection.vendor] = FallbackBackend()
            naive = time_requests(client, args.requests)
            runs.append((indexed, naive))
            if args.runs > 1:
                print(f"run {run}: ", end="")
                report(indexed, naive, brief=True)
        if args.runs == 1:
            report(*runs[0])
        else:
            summarise(runs)
        search._backends[connection.vendor] = fast_backend
        unsearched = time_requests(client, max(20, args.requests // 4), with_query=False)
        print(
            f"for information, the same two filters without a search ({len(unsearched)} requests, sorted by name, "
            f"tens of thousands of matches): p50 {statistics.median(unsearched):.1f} / "
            f"p95 {percentile(unsearched, 0.95):.1f} ms"
        )
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
