"""Benchmark: a 700-key enrichment wave against a fake Messages API on loopback.

Compares, in the same run, this project's design (one request per chunk
covering all its activities, the chunk sent once) with the seed's (one request
per activity, the chunk text repeated in each). The fake answers after a fixed
latency (1.5 s) and counts about one input token per four characters sent
(system prompt, messages and output schema), with no discount for prompt
caching — so the savings below are before caching.

    .venv/bin/python bench/enrichment.py [--keys 700] [--per-chunk 5] [--runs 3] [--latency 1.5]

Uses a temporary SQLite database, never var/db.sqlite3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(tmp: Path, concurrency: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamelibrary.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["GAMELIBRARY_VAR_DIR"] = str(tmp)
    os.environ["ANTHROPIC_API_KEY"] = "bench-key"
    os.environ["ENRICHMENT_CONCURRENCY"] = str(concurrency)
    os.environ["ENRICHMENT_WAVE_TOKEN_BUDGET"] = str(10**12)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def library_reset(*, keys: int, per_chunk: int) -> None:
    from activities.models import Activity
    from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome, PilotSignoff
    from sources.models import Source
    from tests.enrichment.synthetic import CHUNK_TEXT, library_create

    PilotSignoff.objects.all().delete()
    for model in (EnrichmentOverlay, KeyOutcome, Activity, Source, EnrichmentRun):
        model.objects.all().delete()
    # A chunk near CHUNK_MAX_CHARS (12,000): the demo excerpt six times over.
    library_create(chunks=keys // per_chunk, per_chunk=per_chunk, chunk_text=CHUNK_TEXT * 6)


def signoff() -> None:
    from django.utils import timezone

    from enrichment.gate import pilot_signoff
    from enrichment.models import EnrichmentRun

    pilot = EnrichmentRun.objects.create(kind="pilot", status="finished", finished_at=timezone.now())
    pilot_signoff(run=pilot, user=None, note="bench")


def run_ours(*, keys: int) -> tuple[float, int]:
    from enrichment.waves import wave_run

    started = time.perf_counter()
    run = wave_run(max_keys=keys)
    elapsed = time.perf_counter() - started
    assert run.keys_succeeded == keys, (run.keys_succeeded, run.stop_reason)
    return elapsed, run.keys_succeeded


def run_seed(*, keys: int, concurrency: int) -> tuple[float, int]:
    """The seed's design: one prompt per activity with its chunk text repeated."""
    from enrichment import prompts
    from enrichment.overlays import activities_needing_overlay
    from gamelibrary import llm
    from sources.models import Chunk

    works = activities_needing_overlay()[:keys]
    texts = dict(Chunk.objects.values_list("key", "text"))

    def one(work) -> int:
        reply = llm.structured_message(**prompts.request_params(chunk_text=texts[work.chunk_key], works=[work]))
        return len(reply.data["activities"])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        done = sum(pool.map(one, works))
    return time.perf_counter() - started, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=700)
    parser.add_argument("--per-chunk", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=1.5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp), args.concurrency)
        from tests.enrichment.loopback_api import LoopbackMessagesAPI

        api = LoopbackMessagesAPI(latency=args.latency).start()
        # The SDK client is created at the first call and reads the base URL then.
        os.environ["ANTHROPIC_BASE_URL"] = api.base_url
        results: dict[str, list[tuple[float, float, int]]] = {"ours": [], "seed": []}
        for _ in range(args.runs):
            for design in ("ours", "seed"):
                library_reset(keys=args.keys, per_chunk=args.per_chunk)
                signoff()
                api.reset()
                if design == "ours":
                    elapsed, done = run_ours(keys=args.keys)
                else:
                    elapsed, done = run_seed(keys=args.keys, concurrency=args.concurrency)
                results[design].append((done / elapsed * 60, api.input_tokens / done, api.requests))
                print(f"  {design}: {done} keys in {elapsed:.1f} s, {api.requests} requests", flush=True)
        api.stop()

    print(
        f"\n{args.keys}-key wave, {args.per_chunk} activities per chunk, concurrency {args.concurrency}, "
        f"latency {args.latency} s; medians of {args.runs} runs"
    )
    medians = {}
    for design, rows in results.items():
        keys_per_min = statistics.median(row[0] for row in rows)
        tokens = statistics.median(row[1] for row in rows)
        requests = statistics.median(row[2] for row in rows)
        medians[design] = (keys_per_min, tokens)
        print(
            f"{design:>5}: {keys_per_min:8.0f} keys/min  {tokens:8.0f} input tokens/activity  {requests:.0f} requests"
        )
    saving = 1 - medians["ours"][1] / medians["seed"][1]
    print(f"input tokens per activity: {saving:.0%} fewer than the seed (target >= 40%)")
    print(f"throughput: {medians['ours'][0]:.0f} keys/min (target >= 100)")


if __name__ == "__main__":
    main()
