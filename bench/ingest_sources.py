"""Time ``ingest_sources`` on the demo corpus: a first ingest and an unchanged re-run.

Run: .venv/bin/python bench/ingest_sources.py [runs]   (a temporary SQLite DB; var/ is not touched)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ["GAMELIBRARY_VAR_DIR"] = tmp
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gamelibrary.settings")
        import django

        django.setup()
        from django.core.management import call_command

        from sources.models import Chunk, Source
        from sources.services import sources_ingest

        call_command("migrate", verbosity=0)
        first, again = [], []
        for _ in range(runs):
            Source.objects.all().delete()
            started = time.perf_counter()
            summary = sources_ingest()
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            sources_ingest()
            again.append(time.perf_counter() - started)
        characters = sum(len(text) for text in Chunk.objects.values_list("text", flat=True))
        print(
            f"demo corpus: {summary.sources} sources, {summary.chunks} chunks, {characters:,} characters of chunk text"
        )
        print(f"first ingest:     median {statistics.median(first):.2f} s over {runs} runs (min {min(first):.2f})")
        print(f"unchanged re-run: median {statistics.median(again):.3f} s over {runs} runs (min {min(again):.3f})")
        per_source = {}
        from sources.manifest import manifest_load
        from sources.readers import document_read

        for entry in manifest_load(ROOT / "data" / "corpus" / "manifest.yaml"):
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                document_read(entry.location, files=entry.folder_files() if entry.is_folder else None)
                timings.append(time.perf_counter() - started)
            per_source[entry.location.relative_to(ROOT / "data" / "corpus").as_posix()] = statistics.median(timings)
        print("read time per source (median):")
        for path, seconds in sorted(per_source.items(), key=lambda item: -item[1]):
            print(f"  {seconds:6.3f} s  {path}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
