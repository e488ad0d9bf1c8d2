"""factory_boy factories for the published library. Texts are short excerpts in
the style of the demo corpus; tests override what they assert on."""

import factory

from activities.models import Activity, ActivitySource, Category
from sources.models import Chunk, Source


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    path = factory.Sequence(lambda n: f"book-{n}.txt")
    title = factory.Sequence(lambda n: f"Jocuri pentru grupuri, volumul {n}")
    language = "ro"
    kind = Source.Kind.TEXT
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    page_count = 40


class ChunkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Chunk

    source = factory.SubFactory(SourceFactory)
    index = factory.Sequence(lambda n: n)
    key = factory.LazyAttribute(lambda chunk: f"{chunk.source.sha256[:8]}_book.part{chunk.index:02d}")
    text = "Jucătorii stau în cerc. Unul dintre ei începe prin a-și spune numele."
    page_start = 1
    page_end = 3


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    content_key = factory.Sequence(lambda n: f"{n:064x}")
    name = factory.Sequence(lambda n: f"Joc {n}")
    language = "ro"
    description = "Jucătorii stau în cerc și își spun numele pe rând."
    rules = "Fiecare jucător repetă numele celor dinaintea lui."

    class Params:
        # An English game published with its Romanian translation.
        translated = factory.Trait(
            name="Human knot",
            language="en",
            description="Everyone grabs two hands across the circle.",
            rules="Untangle the knot without letting go.",
            name_ro="Nodul uman",
            description_ro="Fiecare apucă două mâini de peste cerc.",
            rules_ro="Descâlciți nodul fără să vă dați drumul.",
        )

    @factory.post_generation
    def categories(self, create, codes, **kwargs):
        if create and codes:
            self.categories.set(Category.objects.filter(code__in=codes))


class ActivitySourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivitySource

    activity = factory.SubFactory(ActivityFactory)
    source = factory.SubFactory(SourceFactory)
    chunk_key = factory.LazyAttribute(lambda link: f"{link.source.sha256[:8]}_book.part01")
    page = 12
    quote = "Jucătorii stau în cerc."
    member_content_key = factory.LazyAttribute(lambda link: link.activity.content_key)
    name = factory.LazyAttribute(lambda link: link.activity.name)
    description = factory.LazyAttribute(lambda link: link.activity.description)


def plan_game(
    name: str,
    setting: str = "indoor",
    players: tuple[int | None, int | None] = (10, 30),
    minutes: tuple[int | None, int | None] = (10, 10),
    **fields,
) -> Activity:
    """A published game as the planner reads it: its setting, group size and length, then any other ``fields``."""
    return ActivityFactory(
        name=name,
        indoor_outdoor=setting,
        players_min=players[0],
        players_max=players[1],
        duration_min=minutes[0],
        duration_max=minutes[1],
        **fields,
    )
