"""Production hardening read from the environment: the deploy check, the secret key, the Content-Security-Policy
on every page, and admin login throttling."""

import logging
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.admin.factories import make_user
from tests.factories import ActivityFactory

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "pw-for-tests"


def _production_block() -> dict:
    """The variables the README's Production section tells an operator to set."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("<!-- section: production -->")[1]
    block = re.search(r"```env\n(.*?)```", section, re.S).group(1)
    return dict(line.split("=", 1) for line in block.splitlines() if line.strip())


def _manage(tmp_path: Path, environment: dict, *args: str) -> subprocess.CompletedProcess:
    # The production values come only from ``environment``. DJANGO_ALLOW_ASYNC_UNSAFE is set in this process by the
    # browser tests' session; an operator's shell has no such variable, and the deploy check rightly refuses it.
    not_inherited = {*_production_block(), "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {name: value for name, value in os.environ.items() if name not in not_inherited}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "gamelibrary.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "GAMELIBRARY_VAR_DIR": str(tmp_path / "var"),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_readmes_production_values(tmp_path):
    environment = {**_production_block(), "SECRET_KEY": secrets.token_urlsafe(50)}
    result = _manage(tmp_path, environment, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("key", ["short", "django-insecure-" + "x1y2z3" * 10, "ab" * 40])
def test_weak_secret_key_stops_startup_when_debug_is_off(tmp_path, key):
    result = _manage(tmp_path, {**_production_block(), "SECRET_KEY": key}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


CSP_PAGES = ["activities:list", "activities:detail", "activities:print", "activities:api-list", "admin:login"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CSP_PAGES)
def test_every_page_sends_a_strict_content_security_policy(client, name):
    activity = ActivityFactory()
    args = [activity.pk] if name in {"activities:detail", "activities:print"} else []
    policy = client.get(reverse(name, args=args))["Content-Security-Policy"]
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"


INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.I)


def test_no_template_has_inline_script_or_style():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def _login(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_admin_login_is_refused_after_the_failure_limit_even_with_the_right_password(client, settings, caplog):
    make_user("curator", curator=True)
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "curator", "wrong")
    response = _login(client, "curator", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "login failure" in caplog.text


@pytest.mark.django_db
def test_a_locked_username_still_logs_in_from_another_address(client, settings):
    make_user("curator", curator=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "curator", "wrong")
    assert _login(client, "curator", PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_the_cool_off(client, settings):
    make_user("curator", curator=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "curator", "wrong")
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=attempt.attempt_time - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert _login(client, "curator", PASSWORD).status_code == 302
