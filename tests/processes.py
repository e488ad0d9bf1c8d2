"""``manage.py`` run as real processes, for the tests of what only separate processes show: kills, signals,
two commands racing on one database."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The suite's own settings module and cache must not leak into the processes: they read only what a test gives.
NOT_INHERITED = {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}


def process_environment(**variables: str) -> dict:
    """This process's environment without the suite's settings, with the project importable, plus ``variables``."""
    inherited = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    return {**inherited, "PYTHONPATH": str(ROOT), **variables}


def _manage_py(environment: dict, *args: str) -> dict:
    """The ``subprocess`` arguments that run ``manage.py args`` in ``environment``, its output as text."""
    return {"args": [sys.executable, str(ROOT / "manage.py"), *args], "env": environment, "cwd": ROOT, "text": True}


def manage(environment: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``manage.py args`` run to its end."""
    return subprocess.run(**_manage_py(environment, *args), capture_output=True, timeout=180, check=check)


def start(environment: dict, *args: str, stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> subprocess.Popen:
    """``manage.py args`` started and left running."""
    return subprocess.Popen(**_manage_py(environment, *args), stdout=stdout, stderr=stderr)


def enrichment_environment(api, database_url: str, var_dir: Path, **variables: str) -> dict:
    """A process environment whose enrichment talks to the loopback ``api`` (``tests/enrichment/loopback_api.py``)."""
    return process_environment(
        DATABASE_URL=database_url,
        GAMELIBRARY_VAR_DIR=str(var_dir),
        ANTHROPIC_BASE_URL=api.base_url,
        ANTHROPIC_API_KEY="test-key",
        **variables,
    )


def last_json(output: str) -> dict:
    """The JSON object a ``--json`` command prints on its last line."""
    return json.loads(output.strip().splitlines()[-1])


def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    """Poll ``condition`` until it holds or ``seconds`` pass; the caller's assertions say which happened."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def wait_for_publish_pause(rebuild: subprocess.Popen, seconds: float = 90) -> None:
    """Read a rebuild's progress (started with ``REBUILD_PUBLISH_PAUSE_SECONDS``) until it pauses inside its
    publishing transaction."""
    deadline = time.monotonic() + seconds
    for line in rebuild.stderr:
        if "pausing" in line or time.monotonic() > deadline:
            break
    assert rebuild.poll() is None, "the rebuild ended before reaching the pause inside its transaction"
