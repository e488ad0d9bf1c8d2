"""The Romanian translations the project ships (data/translations-ro.json): valid, honest about who made them,
and attached to the demo library the committed extraction files publish."""

import json

import pytest
from django.conf import settings

from activities.models import Activity
from activities.rebuild import corpus_rebuild
from enrichment.models import EnrichmentOverlay
from enrichment.transfer import overlays_import

TRANSLATIONS = settings.BASE_DIR / "data" / "translations-ro.json"


def _overlays() -> list[dict]:
    return json.loads(TRANSLATIONS.read_text(encoding="utf-8"))["overlays"]


def test_the_project_ships_at_least_900_translations_credited_to_the_team():
    overlays = _overlays()
    assert len(overlays) >= 900
    assert {overlay["model"] for overlay in overlays} == {"translated by the project team"}
    assert all(overlay["original_fingerprint"] for overlay in overlays)


def test_translations_use_comma_below_letters_only():
    text = TRANSLATIONS.read_text(encoding="utf-8")
    assert not set("şţŞŢ") & set(text)


@pytest.mark.django_db
def test_every_translation_attaches_to_the_demo_library_and_importing_twice_changes_nothing(settings):
    settings.EXTRACTED_DIR = settings.BASE_DIR / "data" / "extracted"
    corpus_rebuild()
    assert overlays_import(path=TRANSLATIONS)["created"] == len(_overlays())
    again = overlays_import(path=TRANSLATIONS)
    assert (again["created"], again["updated"], again["unchanged"], again["kept"]) == (0, 0, len(_overlays()), 0)
    report = corpus_rebuild()
    assert (report["enrichment"]["matched"], report["enrichment"]["orphaned"]) == (len(_overlays()), 0)
    # Two translated versions merged into one game show one translation.
    assert Activity.objects.exclude(name_ro="").count() >= 900
    assert not EnrichmentOverlay.objects.filter(state=EnrichmentOverlay.State.NEEDS_REVIEW).exists()
