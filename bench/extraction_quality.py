"""Precision and recall of the rule extractor's titles against each book's own contents page or index.

    .venv/bin/python bench/extraction_quality.py [--show-errors]

Ingests the demo corpus into a temporary SQLite database (the real reader and
chunker, so 37165 is read from its PDF and 13022 from its HTML), runs the
rule extractor over each book's chunks in order, and compares the titles
found (names and aliases) with ``bench/ground_truth/<book>.txt`` after
normalization (case, punctuation, diacritics, a leading article); a title
also matches when one is the other cut short at a word boundary (indexes
shorten long titles). The ground
truth lists and how they were cut from each book are in
``bench/ground_truth/README.md``. A second table runs the same books with
every blank line removed (what a PDF reader gives), to check that the rules
do not depend on the plain-text layout. Also prints the median extraction
time of several runs.
"""

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 3
# Book number -> text that identifies its Source.path in the demo corpus.
BOOKS = {
    "37165": "gutenberg-37165-",
    "8439": "gutenberg-08439-",
    "13022": "gutenberg-13022-",
    "16599": "gutenberg-16599-",
}


def setup_django(workdir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamelibrary.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["EXTRACTED_DIR"] = f"{workdir}/extracted"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("ingest_sources", stdout=open(os.devnull, "w"))  # noqa: SIM115


def same(title: str, entries: set[str]) -> bool:
    """Equal after normalization, or one is the other cut short at a word boundary (two words at least):
    an index shortens "Seat Tag, a School Room Game" to "Seat Tag"."""
    if title in entries:
        return True
    return any(
        min(len(title.split()), len(entry.split())) >= 2
        and (title.startswith(entry + " ") or entry.startswith(title + " "))
        for entry in entries
    )


def titles_found(path_part: str, *, dense: bool) -> tuple[list[list[str]], float]:
    """Per activity found, the titles it goes by (name, aliases, "name or alias"), and the median seconds."""
    from activities.extraction import rules
    from sources.models import Chunk

    chunks = list(Chunk.objects.filter(source__path__contains=path_part).select_related("source").order_by("index"))
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        context = rules.SectionContext()
        found = []
        for chunk in chunks:
            text = re.sub(r"\n\s*\n+", "\n", chunk.text) if dense else chunk.text
            for activity in rules.extract(
                text, page_start=chunk.page_start, language=chunk.source.language, context=context
            ):
                aliases = activity["aliases"]
                found.append([activity["name"], *aliases, *(f"{activity['name']} or {alias}" for alias in aliases)])
        timings.append(time.perf_counter() - started)
    return found, statistics.median(timings)


def report(*, show_errors: bool, dense: bool) -> None:
    from activities.extraction.headings import normalize_title

    print(f"{'book':>6} {'truth':>6} {'found':>6} {'precision':>10} {'recall':>7} {'median s':>9}")
    for book, path_part in BOOKS.items():
        lines = (ROOT / "bench" / "ground_truth" / f"{book}.txt").read_text(encoding="utf-8").splitlines()
        truth = {normalize_title(line) for line in lines if line.strip()}
        activities, seconds = titles_found(path_part, dense=dense)
        # One found title per distinct activity name; it is right when any title it goes by is in the truth.
        found = {normalize_title(titles[0]): {normalize_title(title) for title in titles} for titles in activities}
        right = {name for name, titles in found.items() if any(same(title, truth) for title in titles)}
        matched = {entry for entry in truth if any(same(title, {entry}) for ts in found.values() for title in ts)}
        precision = len(right) / len(found) if found else 0.0
        recall = len(matched) / len(truth)
        print(f"{book:>6} {len(truth):>6} {len(found):>6} {precision:>10.3f} {recall:>7.3f} {seconds:>9.3f}")
        if show_errors:
            print("   not in ground truth:", sorted(set(found) - right))
            print("   missed:", sorted(truth - matched))


def main() -> None:
    show_errors = "--show-errors" in sys.argv
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        print("as ingested:")
        report(show_errors=show_errors, dense=False)
        # A robustness check for unseen PDFs: the same books with no blank lines at all.
        print("\nwith every blank line removed (text as a PDF reader gives it):")
        report(show_errors=show_errors, dense=True)


if __name__ == "__main__":
    main()
