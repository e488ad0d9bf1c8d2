"""The pilot run's page: a sample a curator can judge, and sign-off / revoke feeding the wave gate."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from enrichment.gate import SIGNOFF_PILOT_NOT_FINISHED, wave_gate_open
from enrichment.models import EnrichmentOverlay, EnrichmentRun, PilotSignoff
from enrichment.review import PILOT_SAMPLE_PER_KIND, pilot_sample
from tests.admin.factories import ChunkFactory, RunFactory, translated_activity

pytestmark = pytest.mark.django_db

CHUNK_TEXT = "GOING TO JERUSALEM. Played by 10 to 30 players in a large room; needs as many chairs as players."


def run_page(client, run):
    return client.get(reverse("admin:enrichment_enrichmentrun_change", args=[run.pk]))


@pytest.fixture
def pilot():
    run = RunFactory()
    chunk = ChunkFactory(text=CHUNK_TEXT)
    translated_activity(run=run, kind=EnrichmentOverlay.Kind.RO_POLISH, name_ro="Lupul și oile")
    translated_activity(
        run=run, estimated={"players_min": 10}, chunk_keys=[chunk.key], name_ro="Drumul spre Ierusalim (estimat)"
    )
    translated_activity(name_ro="Din alt val")
    return run


def test_sample_holds_both_kinds_from_that_run_only(pilot):
    sample = pilot_sample(run=pilot)
    names = {label: [item.overlay.name_ro for item in items] for label, items in sample.items()}
    assert names == {
        str(EnrichmentOverlay.Kind.RO_POLISH.label): ["Lupul și oile"],
        str(EnrichmentOverlay.Kind.EN_TO_RO.label): ["Drumul spre Ierusalim (estimat)"],
    }


def test_estimated_values_come_with_the_chunk_text_they_were_estimated_from(pilot):
    [item] = pilot_sample(run=pilot)[EnrichmentOverlay.Kind.EN_TO_RO.label]
    assert item.needs_source_text
    assert [text for _key, text in item.chunks] == [CHUNK_TEXT]


def test_expanded_description_is_flagged_for_comparison_with_the_chunk():
    run = RunFactory()
    activity, overlay = translated_activity(run=run)
    ChunkFactory(key=activity.sources.get().chunk_key, text=CHUNK_TEXT)
    overlay.description_ro = overlay.description_ro + " Jocul se joacă de obicei în sală, cu 10 până la 30 de jucători."
    overlay.save()
    [item] = pilot_sample(run=run)[EnrichmentOverlay.Kind.EN_TO_RO.label]
    assert item.expanded
    assert [text for _key, text in item.chunks] == [CHUNK_TEXT]


def test_sample_puts_items_needing_source_text_first_and_is_bounded():
    run = RunFactory()
    for _ in range(PILOT_SAMPLE_PER_KIND):
        translated_activity(run=run)
    _activity, estimated = translated_activity(run=run, estimated={"space": "large"})
    items = pilot_sample(run=run)[EnrichmentOverlay.Kind.EN_TO_RO.label]
    assert len(items) == PILOT_SAMPLE_PER_KIND
    assert items[0].overlay == estimated


def test_pilot_page_shows_the_sample_and_the_chunk_text(curator_client, pilot):
    page = run_page(curator_client, pilot).content.decode()
    assert "Lupul și oile" in page
    assert CHUNK_TEXT in page
    assert "Din alt val" not in page
    assert 'id="signoff-form"' in page


def test_wave_run_page_has_no_sign_off(curator_client):
    wave = RunFactory(kind=EnrichmentRun.Kind.WAVE)
    assert 'id="signoff-form"' not in run_page(curator_client, wave).content.decode()


def test_sign_off_with_a_note_opens_the_wave_gate(curator_client, curator, pilot):
    assert not wave_gate_open()
    curator_client.post(reverse("admin:enrichment_enrichmentrun_sign_off", args=[pilot.pk]), {"note": "Looks right"})
    signoff = PilotSignoff.objects.get()
    assert (signoff.run, signoff.signed_by, signoff.note) == (pilot, curator, "Looks right")
    assert wave_gate_open()


def test_revoke_closes_the_wave_gate(curator_client, curator, pilot):
    curator_client.post(reverse("admin:enrichment_enrichmentrun_sign_off", args=[pilot.pk]), {"note": ""})
    signoff = PilotSignoff.objects.get()
    curator_client.post(reverse("admin:enrichment_enrichmentrun_revoke", args=[pilot.pk, signoff.pk]))
    signoff.refresh_from_db()
    assert (signoff.revoked_by, wave_gate_open()) == (curator, False)


def test_unfinished_pilot_cannot_be_signed_off_and_the_curator_is_told_why(curator_client):
    run = RunFactory(finished_at=None)
    response = curator_client.post(
        reverse("admin:enrichment_enrichmentrun_sign_off", args=[run.pk]), {"note": ""}, follow=True
    )
    assert not PilotSignoff.objects.exists()
    assert SIGNOFF_PILOT_NOT_FINISHED in [str(message) for message in get_messages(response.wsgi_request)]


def test_a_wave_run_cannot_be_signed_off(curator_client):
    wave = RunFactory(kind=EnrichmentRun.Kind.WAVE)
    response = curator_client.post(reverse("admin:enrichment_enrichmentrun_sign_off", args=[wave.pk]), {"note": ""})
    assert response.status_code == 404
    assert not PilotSignoff.objects.exists()
