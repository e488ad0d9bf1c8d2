"""Factories for the curator-admin tests: small rows built from demo-corpus style text."""

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from activities.models import Activity, DuplicateCandidate
from enrichment.models import EnrichmentOverlay, EnrichmentRun
from tests import factories

# From "Games for Everybody" (data/corpus, gutenberg-08439): an English original and a faithful Romanian rendering.
ORIGINAL = {
    "name": "Going to Jerusalem",
    "description": (
        "Chairs are placed in a row, back to back, one fewer than the number of players. "
        "The players march around them while music plays."
    ),
    "rules": "When the music stops, each player tries to sit down; the one left standing is out. Remove 1 chair.",
    "variations": "",
}
ROMANIAN = {
    "name_ro": "Drumul spre Ierusalim",
    "description_ro": (
        "Scaunele se așază pe un rând, spate în spate, cu unul mai puține decât numărul jucătorilor. "
        "Jucătorii mărșăluiesc în jurul lor cât timp cântă muzica."
    ),
    "rules_ro": (
        "Când muzica se oprește, fiecare jucător încearcă să se așeze; cel rămas în picioare iese. Se scoate 1 scaun."
    ),
    "variations_ro": "",
}


class SourceFactory(factories.SourceFactory):
    path = factory.Sequence(lambda n: f"book-{n}/book.txt")
    title = factory.Sequence(lambda n: f"Book {n}")
    language = "en"


class ChunkFactory(factories.ChunkFactory):
    source = factory.SubFactory(SourceFactory)
    key = factory.Sequence(lambda n: f"0000abcd_book.part{n:02d}")
    text = "GOING TO JERUSALEM. Chairs are placed in a row, back to back. Played by 10 to 30 players, indoors."
    page_start = 12
    page_end = 13


class ActivityFactory(factories.ActivityFactory):
    language = "en"
    name = ORIGINAL["name"]
    description = ORIGINAL["description"]
    rules = ORIGINAL["rules"]
    variations = ORIGINAL["variations"]
    source_count = 1


class ActivitySourceFactory(factories.ActivitySourceFactory):
    activity = factory.SubFactory(ActivityFactory)
    source = factory.SubFactory(SourceFactory)
    chunk_key = factory.Sequence(lambda n: f"0000abcd_book.part{n:02d}")
    quote = "Chairs are placed in a row, back to back"


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrichmentRun

    kind = EnrichmentRun.Kind.PILOT
    finished_at = factory.LazyFunction(timezone.now)


class OverlayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrichmentOverlay

    content_key = factory.Sequence(lambda n: f"{n:064x}")
    kind = EnrichmentOverlay.Kind.EN_TO_RO
    name_ro = ROMANIAN["name_ro"]
    description_ro = ROMANIAN["description_ro"]
    rules_ro = ROMANIAN["rules_ro"]
    variations_ro = ROMANIAN["variations_ro"]
    model = "claude-test"
    prompt_version = "test-1"


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuplicateCandidate

    key_a = factory.Sequence(lambda n: f"a{n:063x}")
    key_b = factory.Sequence(lambda n: f"b{n:063x}")
    name_a = "Going to Jerusalem"
    name_b = "Musical Chairs"
    score = 0.82
    merged = False


def translated_activity(*, source=None, **overlay_fields) -> tuple[Activity, EnrichmentOverlay]:
    """An activity found in one source, with an overlay on its content key."""
    link = ActivitySourceFactory(**({"source": source} if source else {}))
    overlay = OverlayFactory(content_key=link.activity.content_key, **overlay_fields)
    return link.activity, overlay


def make_user(username: str, *, staff: bool = True, curator: bool = False, superuser: bool = False) -> User:
    user = User.objects.create_user(username, password="pw-for-tests", is_staff=staff, is_superuser=superuser)
    if curator:
        user.groups.add(Group.objects.get(name="Curators"))
    return user
