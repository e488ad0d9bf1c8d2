"""How fast the curator admin answers at corpus scale.

Builds a temporary SQLite library of N activities with overlays (English
paragraphs of a demo-corpus book as originals, Romanian paragraphs of the
Romanian demo source as "translations", so the language detector does real
work), then times, as medians of several runs:

- the checks of one overlay;
- the "failing checks" queue filter over every overlay (checks run in Python);
- one review-queue page (50 rows, each with its checks) and one change screen;
- the sources dashboard (chunk files read per chunk, the rest DB aggregates).

Run: .venv/bin/python bench/curator_admin.py [N]   (default 2000)
"""

import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-curator-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["EXTRACTED_DIR"] = str(WORK / "extracted")
os.environ["GAMELIBRARY_VAR_DIR"] = str(WORK)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gamelibrary.settings")
os.environ["DEBUG"] = "1"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from activities.extraction.schema import SCHEMA_VERSION  # noqa: E402
from activities.models import Activity, ActivitySource  # noqa: E402
from enrichment.dashboard import source_dashboard_rows  # noqa: E402
from enrichment.models import EnrichmentOverlay  # noqa: E402
from enrichment.review import overlay_check_results, overlays_with_failing_checks  # noqa: E402
from sources.models import Chunk, Source  # noqa: E402

RUNS = 5
SOURCES = 12
CHUNKS_PER_SOURCE = 40
ENGLISH_BOOK = ROOT / "data/corpus/gutenberg-08439-games-for-everybody/8439-8.txt"
ROMANIAN_DIR = ROOT / "data/corpus/ro-ispirescu-jucarii-si-jocuri-de-copii-excerpts"


def paragraphs(text: str, *, minimum: int = 120) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(" ".join(p.split())) >= minimum]


def median_seconds(function, runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def build(n: int) -> None:
    rng = random.Random(7)
    english = paragraphs(ENGLISH_BOOK.read_text(encoding="utf-8", errors="replace"))
    romanian = paragraphs("\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ROMANIAN_DIR.glob("*.txt"))))
    sources = Source.objects.bulk_create(
        Source(path=f"book-{i}.txt", title=f"Book {i}", kind=Source.Kind.TEXT) for i in range(SOURCES)
    )
    chunks = Chunk.objects.bulk_create(
        Chunk(source=source, key=f"{i:08x}_book.part{j:02d}", index=j, text="x", page_start=1, page_end=1)
        for i, source in enumerate(sources)
        for j in range(CHUNKS_PER_SOURCE)
    )
    settings.EXTRACTED_DIR.mkdir(parents=True, exist_ok=True)
    for chunk in chunks[: len(chunks) * 3 // 4]:
        document = {
            "schema_version": SCHEMA_VERSION,
            "chunk_key": chunk.key,
            "status": "extracted",
            "extractor": {"name": "rules", "version": "1"},
            "usage": None,
            "activities": [],
        }
        (settings.EXTRACTED_DIR / f"{chunk.key}.json").write_text(json.dumps(document), encoding="utf-8")
    activities = Activity.objects.bulk_create(
        Activity(
            content_key=f"{i:064x}",
            name=f"Game {i}",
            language="en",
            description=rng.choice(english),
            rules=rng.choice(english),
        )
        for i in range(n)
    )
    ActivitySource.objects.bulk_create(
        ActivitySource(
            activity=activity,
            source=chunk.source,
            chunk_key=chunk.key,
            member_content_key=activity.content_key,
            name=activity.name,
        )
        for activity, chunk in ((a, rng.choice(chunks)) for a in activities)
    )
    EnrichmentOverlay.objects.bulk_create(
        EnrichmentOverlay(
            content_key=activity.content_key,
            kind=EnrichmentOverlay.Kind.EN_TO_RO,
            name_ro=f"Jocul {i}",
            description_ro=rng.choice(romanian),
            rules_ro=rng.choice(romanian),
        )
        for i, activity in enumerate(activities)
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    call_command("migrate", verbosity=0)
    build(n)
    setup_test_environment()
    User.objects.create_superuser("bench", password="bench-password")
    client = Client()
    client.login(username="bench", password="bench-password")
    overlay = EnrichmentOverlay.objects.first()
    queue = reverse("admin:enrichment_enrichmentoverlay_changelist")
    change = reverse("admin:enrichment_enrichmentoverlay_change", args=[overlay.pk])
    dashboard = reverse("admin:enrichment_sources_dashboard")
    for url in (queue, change, dashboard):
        assert client.get(url).status_code == 200, url

    print(f"{n} overlays, {SOURCES} sources x {CHUNKS_PER_SOURCE} chunks; medians of {RUNS} runs")
    one = median_seconds(lambda: overlay_check_results(overlay=overlay))
    print(f"  checks of one overlay:           {1000 * one:8.1f} ms")
    all_overlays = EnrichmentOverlay.objects.all()
    failing = median_seconds(lambda: list(overlays_with_failing_checks(overlays=all_overlays, outcome="error")), 3)
    print(f"  'failing checks' filter, all:    {1000 * failing:8.1f} ms")
    print(f"  review queue page (50 rows):     {1000 * median_seconds(lambda: client.get(queue)):8.1f} ms")
    print(
        f"  queue page filtered by source:   {1000 * median_seconds(lambda: client.get(queue, {'source': 1})):8.1f} ms"
    )
    print(f"  change screen:                   {1000 * median_seconds(lambda: client.get(change)):8.1f} ms")
    print(f"  dashboard rows (service):        {1000 * median_seconds(source_dashboard_rows):8.1f} ms")
    print(f"  dashboard page:                  {1000 * median_seconds(lambda: client.get(dashboard)):8.1f} ms")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
