"""Deleting a source from the admin, as the README tells curators to do for a dropped book."""

import pytest
from django.urls import reverse

from sources.models import Chunk, Source
from tests.admin.factories import make_user
from tests.factories import ChunkFactory

pytestmark = pytest.mark.django_db


def test_superuser_deletes_a_source_with_its_chunks(client):
    chunk = ChunkFactory()
    client.force_login(make_user("admin", superuser=True))
    response = client.post(reverse("admin:sources_source_delete", args=[chunk.source.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.exists()
    assert not Chunk.objects.exists()


def test_chunks_alone_cannot_be_deleted_from_the_admin(client):
    chunk = ChunkFactory()
    client.force_login(make_user("admin", superuser=True))
    response = client.post(reverse("admin:sources_chunk_delete", args=[chunk.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Chunk.objects.exists()
