"""The library served by gunicorn under load, at 100k activities.

Builds a library of N synthetic activities (``bench/library.py``, as bench/listing.py does) in a temporary
SQLite file, or, when ``DATABASE_URL`` points at PostgreSQL, in a database created beside the one it names
(``<name>_bench_load``, dropped at the end; the named database is never touched). Then starts gunicorn with the
project's own configuration (``gamelibrary/gunicorn_conf.py``, ``DEBUG=0``) on a free loopback port and drives it
from ``--concurrency`` client threads for ``--seconds``, ``--runs`` times, over a bounded mix:

- listing (35 %): players x indoor/outdoor x page 1-3, no search, sorted by name;
- search (25 %): one of ten queries, with or without a players filter, by relevance;
- facets (10 %): a category with a language, or with "no materials";
- detail (20 %): an activity page, any of the N;
- API (10 %): a filtered list page (JSON), or one activity.

Each run prints requests/s, p50/p95/p99 (ms, every request) and the errors (a status other than 200, or no
answer), the share of answers the page cache served (``X-Page-Cache: hit``; activities/page_cache.py), overall and
per kind, with the load average of the machine before and after; then the medians over the runs, and with
``--json`` their figures as the last line. The page cache starts empty with every server; ``--page-cache-seconds
0`` serves every request rendered, for the figures without it. ``--library FILE`` keeps the SQLite library built
there and reuses it on the next run (the build takes minutes).

Run: .venv/bin/python bench/load.py [--activities 100000] [--concurrency 16] [--seconds 20] [--runs 3]
     [--workers N (default: GUNICORN_WORKERS / WEB_CONCURRENCY / 2 x CPUs + 1)] [--page-cache-seconds S]
     [--library FILE] [--json]
Targets (2 cores, SQLite): >= 300 requests/s at concurrency 16, p95 <= 100 ms, 0 errors.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gamelibrary.serving import worker_count  # noqa: E402

# The share of each kind of request in the mix.
MIX = (("listing", 35), ("search", 25), ("facets", 10), ("detail", 20), ("api", 10))
WARM_UP_SECONDS = 3
STARTUP_TIMEOUT_SECONDS = 60
REQUEST_TIMEOUT_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_database_url(work: Path) -> tuple[str, str | None]:
    """(the bench library's DATABASE_URL, the PostgreSQL database to create and drop, or None for SQLite)."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(given)
        name = f"{parts.path.lstrip('/')}_bench_load"
        return urlunsplit(parts._replace(path=f"/{name}")), name
    return f"sqlite:///{work / 'bench.sqlite3'}", None


def postgres_database(admin_url: str, name: str, *, create: bool) -> None:
    """Create (after dropping any leftover) or drop the bench database, from a connection to the given one."""
    import psycopg

    with psycopg.connect(admin_url.replace("postgres://", "postgresql://", 1), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def library_build(count: int, *, reuse: bool = False) -> dict:
    """Migrate and fill the bench database (in this process), unless ``reuse`` (a library built before);
    returns what the request mix draws from."""
    import django

    django.setup()
    from django.core.management import call_command

    from activities import taxonomy
    from activities.models import Activity
    from bench.library import QUERIES, build_library

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if reuse:
        print(f"reusing the library of {Activity.objects.count()} activities", flush=True)
    else:
        started = time.perf_counter()
        build_library(count)
        print(f"built {count} activities + search index in {time.perf_counter() - started:.1f} s", flush=True)
    ids = list(Activity.objects.order_by("id").values_list("id", flat=True))
    return {"ids": ids, "queries": QUERIES, "categories": [term.code for term in taxonomy.CATEGORIES]}


def request_mix(rng: random.Random, library: dict) -> tuple[str, str]:
    """(kind, path) of the next request."""
    kind = rng.choices([kind for kind, _share in MIX], weights=[share for _kind, share in MIX])[0]
    players = rng.choice([None, 4, 8, 12, 20])
    params: dict = {}
    if kind == "listing":
        params = {"players": players, "setting": rng.choice([None, "indoor", "outdoor"]), "page": rng.choice([1, 2, 3])}
        path = "/"
    elif kind == "search":
        params = {"q": rng.choice(library["queries"]), "players": rng.choice([None, 8, 12])}
        path = "/"
    elif kind == "facets":
        params = {"category": rng.choice(library["categories"])}
        params.update(rng.choice([{"language": rng.choice(["ro", "en"])}, {"no_materials": "true"}]))
        path = "/"
    elif kind == "detail":
        path = f"/activity/{rng.choice(library['ids'])}/"
    elif rng.random() < 0.5:
        params = {"players": players, "page": rng.choice([1, 2])}
        path = "/api/activities/"
    else:
        path = f"/api/activities/{rng.choice(library['ids'])}/"
    query = urlencode({name: value for name, value in params.items() if value is not None})
    return kind, f"{path}?{query}" if query else path


@dataclass
class Tally:
    timings: list[float] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    cache_hits: list[bool] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def client(port: int, library: dict, seed: int, until: float, tally: Tally) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        kind, path = request_mix(rng, library)
        started = time.perf_counter()
        error = ""
        hit = False
        try:
            # gunicorn's sync workers close the connection after each answer: one connection per request.
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_SECONDS)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            hit = response.getheader("X-Page-Cache") == "hit"
            connection.close()
            if response.status != 200:
                error = f"{response.status} {path}"
        except OSError as failure:
            error = f"{failure!r} {path}"
        elapsed = (time.perf_counter() - started) * 1000
        with tally.lock:
            tally.timings.append(elapsed)
            tally.kinds.append(kind)
            tally.cache_hits.append(hit)
            if error:
                tally.errors.append(error)


def drive(port: int, library: dict, *, concurrency: int, seconds: float, seed: int) -> dict:
    tally = Tally()
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    threads = [
        threading.Thread(target=client, args=(port, library, seed * 1000 + number, started + seconds, tally))
        for number in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(tally.timings),
        "requests_per_second": round(len(tally.timings) / elapsed, 1),
        "p50_ms": round(percentile(tally.timings, 0.50), 1),
        "p95_ms": round(percentile(tally.timings, 0.95), 1),
        "p99_ms": round(percentile(tally.timings, 0.99), 1),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:5],
        "p95_ms_by_kind": {
            kind: round(percentile([t for t, k in zip(tally.timings, tally.kinds, strict=True) if k == kind], 0.95), 1)
            for kind, _share in MIX
            if kind in tally.kinds
        },
        "page_cache_hit_rate": hit_rate(tally.cache_hits),
        "page_cache_hit_rate_by_kind": {
            kind: hit_rate([hit for hit, k in zip(tally.cache_hits, tally.kinds, strict=True) if k == kind])
            for kind, _share in MIX
            if kind in tally.kinds
        },
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }


def hit_rate(hits: list[bool]) -> float:
    return round(sum(hits) / len(hits), 3) if hits else 0.0


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def server_start(port: int, workers: int, environ: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(ROOT / "gamelibrary" / "gunicorn_conf.py")],
        cwd=ROOT,
        env={
            **environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_ACCESS_LOG": "0",
        },
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer in time")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=worker_count(os.environ))
    parser.add_argument("--page-cache-seconds", type=int, default=3600, help="0: no page cache")
    parser.add_argument("--library", type=Path, help="SQLite: build the library in this file once and reuse it")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON on the last line")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    given_url = os.environ.get("DATABASE_URL", "")
    database_url, postgres_name = bench_database_url(work)
    reused = False
    if args.library and not postgres_name:
        database_url = f"sqlite:///{args.library.resolve()}"
        reused = args.library.exists()
    environ = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "gamelibrary.settings",
        "GAMELIBRARY_VAR_DIR": str(work),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PAGE_CACHE_SECONDS": str(args.page_cache_seconds),
    }
    os.environ.update(environ)
    server = None
    try:
        if postgres_name:
            postgres_database(given_url, postgres_name, create=True)
        library = library_build(args.activities, reuse=reused)
        from django.db import connection

        vendor = connection.vendor
        connection.close()
        port = free_port()
        server = server_start(port, args.workers, environ)
        drive(port, library, concurrency=args.concurrency, seconds=WARM_UP_SECONDS, seed=0)
        results = []
        for run in range(1, args.runs + 1):
            result = drive(port, library, concurrency=args.concurrency, seconds=args.seconds, seed=run)
            results.append(result)
            print(
                f"run {run}: {result['requests_per_second']:.0f} requests/s, p50 {result['p50_ms']:.1f} / "
                f"p95 {result['p95_ms']:.1f} / p99 {result['p99_ms']:.1f} ms, {result['errors']} errors "
                f"({result['requests']} requests; load average {result['load_average_before']:.2f} -> "
                f"{result['load_average_after']:.2f}; p95 by kind {result['p95_ms_by_kind']}; page cache hits "
                f"{result['page_cache_hit_rate']:.0%}, by kind {result['page_cache_hit_rate_by_kind']})",
                flush=True,
            )
            for example in result["error_examples"]:
                print(f"  error: {example}")
        summary = {
            "database": vendor,
            "activities": args.activities,
            "workers": args.workers,
            "concurrency": args.concurrency,
            "seconds": args.seconds,
            "runs": args.runs,
            "page_cache_seconds": args.page_cache_seconds,
            **{
                f"{name}_median": statistics.median(result[name] for result in results)
                for name in ("requests_per_second", "p50_ms", "p95_ms", "p99_ms", "errors", "page_cache_hit_rate")
            },
            "p95_ms_by_kind_median": {
                kind: statistics.median(result["p95_ms_by_kind"].get(kind, 0.0) for result in results)
                for kind, _share in MIX
            },
            "load_averages": [(result["load_average_before"], result["load_average_after"]) for result in results],
        }
        print(
            f"{vendor}, {args.activities} activities, {args.workers} workers, concurrency {args.concurrency}: "
            f"median of {args.runs} runs of {args.seconds:g} s: {summary['requests_per_second_median']:.0f} "
            f"requests/s, p50 {summary['p50_ms_median']:.1f} / p95 {summary['p95_ms_median']:.1f} / "
            f"p99 {summary['p99_ms_median']:.1f} ms, {summary['errors_median']:g} errors, page cache hits "
            f"{summary['page_cache_hit_rate_median']:.0%} (page cache {args.page_cache_seconds} s); p95 by kind "
            f"{summary['p95_ms_by_kind_median']}"
        )
        if args.json:
            print(json.dumps(summary))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if postgres_name:
            from django.db import connections

            connections.close_all()
            postgres_database(given_url, postgres_name, create=False)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
