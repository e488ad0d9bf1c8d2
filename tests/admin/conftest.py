import pytest

from tests.admin.factories import make_user


@pytest.fixture
def curator(db):
    return make_user("curator", curator=True)


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
