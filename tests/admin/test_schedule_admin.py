"""django-q2's schedules in the admin: read-only for everyone, out of sight for curators."""

import pytest
from django.urls import reverse
from django_q.models import Schedule

from enrichment.schedules import WAVE_FUNC, schedules_setup
from tests.admin.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def wave():
    schedules_setup(crons=["20 23 * * *"])
    return Schedule.objects.get(func=WAVE_FUNC)


def test_superuser_cannot_change_a_schedules_function(client, wave):
    client.force_login(make_user("admin", superuser=True))
    page = client.get(reverse("admin:django_q_schedule_change", args=[wave.pk])).content.decode()
    assert 'name="func"' not in page
    assert 'name="_save"' not in page


def test_superuser_cannot_add_a_schedule(client, wave):
    client.force_login(make_user("admin", superuser=True))
    response = client.post(reverse("admin:django_q_schedule_add"), {"func": "os.system", "schedule_type": "O"})
    assert response.status_code == 403
    assert Schedule.objects.count() == 2


def test_superuser_sees_the_schedules(client, wave):
    client.force_login(make_user("admin", superuser=True))
    response = client.get(reverse("admin:django_q_schedule_change", args=[wave.pk]))
    assert response.status_code == 200
    assert WAVE_FUNC in response.content.decode()


def test_curators_do_not_see_the_task_queue_admin(client, wave):
    client.force_login(make_user("curator", curator=True))
    assert reverse("admin:django_q_schedule_changelist") not in client.get(reverse("admin:index")).content.decode()
    assert client.get(reverse("admin:django_q_schedule_change", args=[wave.pk])).status_code == 403
