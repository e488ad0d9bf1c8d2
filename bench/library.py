"""A synthetic library of N activities for the benchmarks (bench/listing.py, bench/load.py).

``build_library(count)`` fills the configured database (Django set up, migrations applied) with 40 sources and
``count`` activities of Romanian and English game words among filler words, their categories and source links,
then builds the search index and analyses the tables. Deterministic (a fixed seed).
"""

import itertools
import random

from django.db import connection

from activities import search, taxonomy
from activities.models import Activity, ActivitySource, Category
from sources.models import Source

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
