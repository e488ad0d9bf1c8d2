"""How fast the public listing answers at 100k activities.

Builds a temporary SQLite library of N synthetic activities (bulk_create, then
``activities.search.reindex()``), then times the listing page through Django's
test client — a search query, two filters (players, indoor/outdoor), the facet
counts and the first page, i.e. everything the page does — over R requests,
and the same requests with the naive substring search (``icontains`` on every
indexed column, the fallback backend) in the same run. Prints p50 / p95 and the
ratio of the medians.

Run: .venv/bin/python bench/listing.py [--activities 100000] [--requests 200] [--runs 1]
Targets: p95 <= 50 ms, >= 20x faster than the naive search. Then the same filters
without a search (tens of thousands of matches), target p95 <= 30 ms: as served
(facet counts from the cache of the library version) and, for information, with
the facet cache emptied before every request (the first listing after a publish).
"""

import argparse
import os
import secrets
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
# DEBUG off refuses a short or placeholder key.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
# As served: the facet cache on (the test settings turn it off).
os.environ["FACET_CACHE_SECONDS"] = "3600"
# The test client's host; setup_test_environment() is not used because it
# instruments template rendering, which would be timed too.
os.environ["ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from activities import search  # noqa: E402
from activities.search.base import FallbackBackend  # noqa: E402
from bench.library import QUERIES, build_library  # noqa: E402


def time_requests(client: Client, requests: int, with_query: bool = True, cold: bool = False) -> list[float]:
    timings = []
    for number in range(requests):
        params = {"players": 12, "setting": "indoor"}
        if with_query:
            params["q"] = QUERIES[number % len(QUERIES)]
        if cold:
            caches["facets"].clear()
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
            # Counted every time, as before the facet cache: the searches compare the two backends.
            indexed = time_requests(client, args.requests, cold=True)
            search._backends[connection.vendor] = FallbackBackend()
            naive = time_requests(client, args.requests, cold=True)
            runs.append((indexed, naive))
            if args.runs > 1:
                print(f"run {run}: ", end="")
                report(indexed, naive, brief=True)
        if args.runs == 1:
            report(*runs[0])
        else:
            summarise(runs)
        search._backends[connection.vendor] = fast_backend
        unsearched_count = max(20, args.requests // 4)
        for label, cold in (("as served", False), ("facet cache emptied before each", True)):
            unsearched = time_requests(client, unsearched_count, with_query=False, cold=cold)
            print(
                f"the same two filters without a search, {label} ({len(unsearched)} requests, sorted by name, "
                f"tens of thousands of matches): p50 {statistics.median(unsearched):.1f} / "
                f"p95 {percentile(unsearched, 0.95):.1f} ms"
            )
    finally:
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
