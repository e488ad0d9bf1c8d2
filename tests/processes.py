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


def manage(environment: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``manage.py args`` run to its end; its output is text."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=check,
    )


def start(environment: dict, *args: str, stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> subprocess.Popen:
    """``manage.py args`` started and left running; its output is text."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        cwd=ROOT,
        stdout=stdout,
        stderr=stderr,
        text=True,
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
