"""Fixtures of the enrichment tests (the admin tests of this folder build their own rows)."""

import pytest

from enrichment.gate import pilot_signoff
from enrichment.models import EnrichmentRun
from tests.enrichment.loopback_api import LoopbackMessagesAPI
from tests.enrichment.synthetic import fake_reply, library_create


@pytest.fixture
def library(db):
    """One chunk of "Games for Everybody" with its three games."""
    return library_create()


@pytest.fixture
def fake(fake_anthropic, settings):
    """The fake API answering every enrichment request well; one worker thread so queued answers keep their order."""
    settings.ENRICHMENT_CONCURRENCY = 1
    fake_anthropic.default = fake_reply
    return fake_anthropic


@pytest.fixture
def signed_off(db, django_user_model):
    curator = django_user_model.objects.create_user("curator")
    pilot = EnrichmentRun.objects.create(kind=EnrichmentRun.Kind.PILOT, status=EnrichmentRun.Status.FINISHED)
    pilot.finished_at = pilot.started_at
    pilot.save()
    return pilot_signoff(run=pilot, user=curator, note="Translations read well.")


@pytest.fixture
def loopback_api():
    """The fake Messages API on a real socket, for ``manage.py`` processes; a test sets its ``latency``."""
    api = LoopbackMessagesAPI().start()
    yield api
    api.stop()
