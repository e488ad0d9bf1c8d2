"""``make serve``'s gunicorn settings from the environment, and the client address behind a proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gamelibrary.serving import bind_address, worker_count
from tests.test_settings import _manage

ROOT = Path(__file__).resolve().parents[1]


def _gunicorn_config(**environment: str) -> dict[str, str]:
    """The settings gunicorn itself reads from ``gamelibrary/gunicorn_conf.py`` in this environment."""
    base = {name: value for name, value in os.environ.items() if name not in {"HOST", "PORT", "WEB_CONCURRENCY"}}
    printed = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gamelibrary/gunicorn_conf.py", "--print-config"],
        cwd=ROOT,
        env={**base, "GUNICORN_WORKERS": "", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return {name.strip(): value.strip() for name, _, value in (line.partition("=") for line in printed.splitlines())}


def test_gunicorn_workers_prefer_gunicorn_workers_to_web_concurrency():
    assert worker_count({"GUNICORN_WORKERS": "3", "WEB_CONCURRENCY": "7"}) == 3


def test_web_concurrency_sets_the_workers_when_gunicorn_workers_is_unset():
    assert worker_count({"WEB_CONCURRENCY": "7", "GUNICORN_WORKERS": ""}) == 7


def test_workers_default_to_two_per_cpu_plus_one():
    assert worker_count({}, cpus=2) == 5


def test_zero_workers_are_refused():
    with pytest.raises(ValueError, match="GUNICORN_WORKERS"):
        worker_count({"GUNICORN_WORKERS": "0"})


def test_server_listens_on_loopback_port_8000_by_default():
    assert bind_address({}) == "127.0.0.1:8000"


def test_host_and_port_come_from_the_environment_with_ipv6_bracketed():
    assert bind_address({"HOST": "0.0.0.0", "PORT": "9001"}) == "0.0.0.0:9001"
    assert bind_address({"HOST": "::1", "PORT": "9001"}) == "[::1]:9001"


def test_gunicorn_reads_address_and_workers_from_the_config_file():
    config = _gunicorn_config(HOST="0.0.0.0", PORT="9001", WEB_CONCURRENCY="3")
    assert (config["bind"], config["workers"], config["wsgi_app"]) == (
        "['0.0.0.0:9001']",
        "3",
        "gamelibrary.wsgi:application",
    )


CLIENT_ADDRESS = (
    "from django.test import RequestFactory; from axes.helpers import get_client_ip_address; "
    "print(get_client_ip_address(RequestFactory().get('/', REMOTE_ADDR='10.0.0.1', "
    "HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7')))"
)


@pytest.mark.parametrize(("proxies", "address"), [("", "10.0.0.1"), ("1", "203.0.113.7")])
def test_login_throttle_reads_the_client_behind_trusted_proxies_only(tmp_path, proxies, address):
    result = _manage(tmp_path, {"TRUSTED_PROXY_COUNT": proxies}, "shell", "-c", CLIENT_ADDRESS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == address
