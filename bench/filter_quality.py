"""How well the filters find the games: stated facts, offline estimates, and the published library's coverage.

    .venv/bin/python bench/filter_quality.py [--tune] [--json]

(a) Stated facts: the exact-match rate of ``activities.extraction.facts.stated_facts`` on
    ``tests/data/fact_phrasings.json`` (``[{"text", "expect": {field: value}, "half"}]``), per half; a field
    matches when its value equals the expected one as written or once normalized onto the taxonomy.
(b) Estimates, leave one book out: every game version of ``data/extracted/`` with its stated values hidden is
    estimated from its name and text (``activities.estimation``), and the estimate is compared with what the
    book states. The estimator is rules only — nothing is fitted on any book — so each book is estimated
    exactly as if it had been left out. Games are split in two halves by their content key: the thresholds
    were tuned on the *tune* half (``--tune`` prints the tuning table); precision and coverage are reported on
    the *test* half. Precision = share of the estimates that match the stated value; coverage = share of the
    book's games that get an estimate. Ground truth per field: the values the books state, normalized
    (setting: "both" stated accepts either; ranges: ``bands.band_matches``; categories: at least one estimated
    code among the stated ones, and strictly all of them). The demo books state almost no ages and no "no
    materials" and only a few categories, so age, materials and categories are also measured on
    ``tests/data/age_labels.json``: games drawn with a fixed seed and labelled by reading them (the age groups a
    game plausibly suits, given its text and the book's stated audience; whether anything must be brought; the
    categories a curator could give it); an age estimate matches when every age group its band spans is
    plausible, a categories estimate when every code it gives is one of the labelled ones.
(c) The published library: a rebuild of the committed extraction files into a temporary database, then the
    share of games carrying each filter, by origin (stated / estimated / missing), and the facet sizes the
    issue named ("no materials", tag, ball, circle).

``--json`` prints one JSON object as the last line.
"""

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PHRASINGS = ROOT / "tests" / "data" / "fact_phrasings.json"
AGE_LABELS = ROOT / "tests" / "data" / "age_labels.json"
TUNE_STEPS = [round(0.05 * step, 2) for step in range(2, 19)]
KINDS = ("setting", "space", "players", "age", "duration", "materials", "categories")
# The targets: held-out precision of the estimates (age on the labels read), and the share of the
# published games carrying a value from any origin.
PRECISION_TARGETS = {"setting": ("precision", 0.85), "players": ("precision", 0.75), "age": ("label_precision", 0.70)}
COVERAGE_TARGETS = {"setting": 0.9, "players": 0.9, "age": 0.9, "duration": 0.9, "categories": 0.9}


def setup_django(workdir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gamelibrary.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    import django

    django.setup()


def half_of(content_key: str) -> str:
    """The half a game version belongs to, fixed by its content key (a sha256: its bits are evenly spread)."""
    return "tune" if int(content_key[-4:], 16) % 2 == 0 else "test"


def book_of(activity) -> str:
    return (activity.source_path or activity.chunk_key).split("/")[0]


# (a) stated facts ------------------------------------------------------------------------------------------------


def _same_fact(field: str, found, expected) -> bool:
    from activities import normalize

    if found == expected:
        return True
    if field == "indoor_outdoor":
        return normalize.normalize_indoor_outdoor(found) == normalize.normalize_indoor_outdoor(expected)
    if field == "space":
        return normalize.normalize_space(found) == normalize.normalize_space(expected)
    if field == "materials" and isinstance(expected, list):
        return [normalize.fold(item) for item in found or []] == [normalize.fold(item) for item in expected]
    return False


def facts_quality() -> dict:
    if not PHRASINGS.exists():
        return {"missing": str(PHRASINGS.relative_to(ROOT))}
    from activities.extraction.facts import stated_facts

    results: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in json.loads(PHRASINGS.read_text(encoding="utf-8")):
        facts = stated_facts(case["text"])
        exact = all(_same_fact(field, facts.get(field), value) for field, value in case["expect"].items())
        results[case.get("half", "all")][0] += exact
        results[case.get("half", "all")][1] += 1
    return {half: {"cases": n, "exact": round(hits / n, 3)} for half, (hits, n) in sorted(results.items())}


# (b) estimates ---------------------------------------------------------------------------------------------------


def _stated_range(activity, kind: str):
    low, high = activity.values[f"{kind}_min"], activity.values[f"{kind}_max"]
    return None if low is None and high is None else (low, high)


def _truth(activity, kind: str):
    """What the book states for ``kind`` (None when it states nothing)."""
    if kind == "setting":
        return activity.values["indoor_outdoor"]
    if kind in ("players", "duration", "age"):
        return _stated_range(activity, kind)
    if kind == "categories":
        return activity.values["categories"] or None
    return activity.values[kind]


def _matches(kind: str, value, truth) -> bool:
    from activities.estimation.bands import band_matches

    if kind == "setting":
        return value == truth or truth == "both"
    if kind in ("players", "duration", "age"):
        return band_matches(value, *truth)
    if kind == "categories":
        return bool(set(value) & set(truth))
    return value == truth


def _label_matches(kind: str, value, label: dict) -> bool | None:
    from activities.taxonomy import age_groups_for

    if kind == "age" and label.get("age_groups"):
        return set(age_groups_for(value.low, value.high)) <= set(label["age_groups"])
    if kind == "materials" and label.get("materials") is not None:
        return value == label["materials"]
    if kind == "categories" and "categories" in label:
        return set(value) <= set(label["categories"])
    return None


def _kind_value(scored: dict, kind: str, threshold: float):
    """The value an estimate gives ``kind`` at ``threshold`` (None when it gives none)."""
    from activities.estimation import chosen_categories

    if kind == "categories":
        return chosen_categories(scored["categories"], threshold) or None
    estimate = scored[kind]
    return estimate.value if estimate is not None and estimate.confidence >= threshold else None


def load_games() -> list[dict]:
    """Every distinct game version of the committed extraction files, with its scored estimates."""
    from django.conf import settings

    from activities.estimation import estimates_scored
    from activities.rebuild import extraction_files_load

    loaded = extraction_files_load(directory=Path(settings.EXTRACTED_DIR))
    games, seen = [], set()
    for activity in loaded.activities:
        if activity.content_key in seen:
            continue
        seen.add(activity.content_key)
        text = "\n".join(part for part in (activity.description, activity.rules, activity.variations) if part)
        scored = estimates_scored(
            name=activity.name, text=text, language=activity.language, setting=activity.values["indoor_outdoor"] or ""
        )
        games.append(
            {"activity": activity, "book": book_of(activity), "half": half_of(activity.content_key), "scored": scored}
        )
    return games


def _tally(games: list[dict], kind: str, threshold: float, labels: dict) -> dict:
    """Precision against the stated values (and against the labels) and coverage, for one kind and threshold."""
    counts = defaultdict(int)
    for game in games:
        value = _kind_value(game["scored"], kind, threshold)
        counts["games"] += 1
        if value is None:
            continue
        counts["estimated"] += 1
        truth = _truth(game["activity"], kind)
        if truth is not None:
            counts["judged"] += 1
            counts["right"] += _matches(kind, value, truth)
            if kind == "categories":
                counts["right_strict"] += set(value) <= set(truth)
        label = labels.get(game["activity"].content_key)
        verdict = _label_matches(kind, value, label) if label else None
        if verdict is not None:
            counts["label_judged"] += 1
            counts["label_right"] += verdict
            if kind == "categories":
                counts["label_codes"] += len(value)
                counts["label_codes_right"] += len(set(value) & set(label["categories"]))
    for label in labels.values():
        if label["content_key"] in {game["activity"].content_key for game in games}:
            counts["labelled"] += 1
    return _rates(counts, strict=kind == "categories")


def _rates(counts: dict, *, strict: bool) -> dict:
    def rate(hits: str, total: str):
        return round(counts[hits] / counts[total], 3) if counts[total] else None

    result = {
        "games": counts["games"],
        "coverage": rate("estimated", "games"),
        "judged": counts["judged"],
        "precision": rate("right", "judged"),
        "label_judged": counts["label_judged"],
        "label_precision": rate("label_right", "label_judged"),
    }
    if strict:
        result["precision_strict"] = rate("right_strict", "judged")
        result["label_code_precision"] = rate("label_codes_right", "label_codes")
    return result


def load_labels() -> dict:
    if not AGE_LABELS.exists():
        return {}
    return {label["content_key"]: label for label in json.loads(AGE_LABELS.read_text(encoding="utf-8"))}


def estimates_quality(games: list[dict], labels: dict) -> dict:
    from activities.estimation import THRESHOLDS

    test = [game for game in games if game["half"] == "test"]
    pooled = {kind: _tally(test, kind, THRESHOLDS[kind], labels) for kind in KINDS}
    books = sorted({game["book"] for game in test})
    per_book = {
        book: {kind: _tally([g for g in test if g["book"] == book], kind, THRESHOLDS[kind], {}) for kind in KINDS}
        for book in books
    }
    targets = {kind: _target(pooled[kind][measure], least) for kind, (measure, least) in PRECISION_TARGETS.items()}
    return {"half": "test", "fields": pooled, "per_book": per_book, "targets": targets}


def _target(value, least: float) -> dict:
    return {"value": value, "target": least, "met": value is not None and value >= least}


def tuning_table(games: list[dict], labels: dict) -> dict:
    tune = [game for game in games if game["half"] == "tune"]
    return {kind: {str(step): _tally(tune, kind, step, labels) for step in TUNE_STEPS} for kind in KINDS}


# (c) the published library ---------------------------------------------------------------------------------------


def library_coverage() -> dict:
    from django.core.management import call_command

    from activities.models import Activity
    from activities.rebuild import corpus_rebuild

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as silent:
        call_command("ingest_sources", stdout=silent)
    report = corpus_rebuild()
    total = report["clusters"]["count"]
    carried = {
        "setting": Activity.objects.exclude(indoor_outdoor="").count(),
        "players": Activity.objects.exclude(players_min=None, players_max=None).count(),
        "age": Activity.objects.exclude(age_min=None, age_max=None).count(),
        "duration": Activity.objects.exclude(duration_min=None, duration_max=None).count(),
        "space": Activity.objects.exclude(space="").count(),
        "materials": Activity.objects.exclude(materials_needed=None).count(),
        "categories": Activity.objects.filter(categories__isnull=False).distinct().count(),
    }
    facets = {
        "no materials": Activity.objects.filter(materials_needed=False).count(),
        **{code: Activity.objects.filter(categories__code=code).count() for code in ("tag", "ball", "circle")},
    }
    shares = {kind: round(count / total, 3) for kind, count in carried.items()}
    return {
        "games": total,
        "carried": shares,
        "origins": report["fields"],
        "origin_shares": {
            field: {origin: round(count / total, 3) for origin, count in counts.items()}
            for field, counts in report["fields"].items()
        },
        "facets": facets,
        "targets": {kind: _target(shares[kind], least) for kind, least in COVERAGE_TARGETS.items()},
    }


# printing --------------------------------------------------------------------------------------------------------


def _cell(value) -> str:
    return "   -" if value is None else f"{value:.2f}"


def print_report(result: dict) -> None:
    facts = result["facts"]
    print("(a) stated facts on tests/data/fact_phrasings.json")
    if "missing" in facts:
        print(f"    {facts['missing']} is missing: nothing measured")
    for half, figures in facts.items():
        if half != "missing":
            print(f"    {half:<6} {figures['cases']:>4} cases, exact match {figures['exact']:.2f}")
    estimates = result["estimates"]
    print("\n(b) estimates, leave one book out (rules only: nothing fitted), test half")
    print(
        f"    {'field':<11} {'games':>6} {'coverage':>9} {'judged':>7} {'precision':>10} "
        f"{'labelled':>9} {'label prec':>11}"
    )
    for kind, row in estimates["fields"].items():
        print(
            f"    {kind:<11} {row['games']:>6} {_cell(row['coverage']):>9} {row['judged']:>7} "
            f"{_cell(row['precision']):>10} {row['label_judged']:>9} {_cell(row['label_precision']):>11}"
        )
    categories = estimates["fields"]["categories"]
    print(f"    categories, every estimated code among the stated ones: {_cell(categories['precision_strict'])}")
    print(
        f"    categories, share of the estimated codes among the labelled ones: "
        f"{_cell(categories['label_code_precision'])}"
    )
    print("\n    per book: precision (judged) / coverage")
    print(f"    {'book':<52}" + "".join(f"{kind[:10]:>17}" for kind in KINDS))
    for book, rows in estimates["per_book"].items():
        cells = "".join(
            f"{_cell(rows[kind]['precision']):>6} ({rows[kind]['judged']:>3}) {_cell(rows[kind]['coverage']):>5}"
            for kind in KINDS
        )
        print(f"    {book[:52]:<52}{cells}")
    if "tuning" in result:
        print("\n    tuning table (tune half): threshold precision/coverage [label precision]")
        for kind, steps in result["tuning"].items():
            cells = "  ".join(
                f"{step}:{_cell(row['precision'])}/{_cell(row['coverage'])}[{_cell(row['label_precision'])}"
                + (f" {_cell(row['label_code_precision'])}]" if "label_code_precision" in row else "]")
                for step, row in steps.items()
            )
            print(f"    {kind:<11} {cells}")
    library = result["library"]
    print(f"\n(c) the published demo library: {library['games']} games")
    origins = list(next(iter(library["origins"].values())))
    print(f"    {'field':<16}" + "".join(f"{origin:>11}" for origin in origins) + f"{'carried':>11}")
    for field, counts in library["origins"].items():
        carried = 1 - library["origin_shares"][field]["missing"]
        print(f"    {field:<16}" + "".join(f"{counts[origin]:>11}" for origin in origins) + f"{carried:>11.0%}")
    print(
        "    games carrying a value: " + ", ".join(f"{kind} {share:.0%}" for kind, share in library["carried"].items())
    )
    print("    facet sizes: " + ", ".join(f"{name} {count}" for name, count in library["facets"].items()))
    print("\ntargets")
    for part, targets in (("held-out precision", estimates["targets"]), ("library coverage", library["targets"])):
        for kind, target in targets.items():
            verdict = "met" if target["met"] else "NOT met"
            print(f"    {part:<19} {kind:<11} {_cell(target['value'])} >= {target['target']:.2f}: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tune", action="store_true", help="also print precision/coverage per threshold (tune half)")
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        setup_django(workdir)
        labels = load_labels()
        games = load_games()
        result = {"facts": facts_quality(), "estimates": estimates_quality(games, labels)}
        if arguments.tune:
            result["tuning"] = tuning_table(games, labels)
        result["library"] = library_coverage()
    print_report(result)
    if arguments.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
