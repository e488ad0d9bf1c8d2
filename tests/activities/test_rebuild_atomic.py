"""A rebuild killed with SIGKILL in the middle of publishing leaves the previous library intact.

The rebuild runs as a real ``manage.py`` subprocess on its own database: a SQLite file, and also a fresh
PostgreSQL database when the suite itself runs on PostgreSQL.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.activities.test_rebuild import BLINDFOLD_BLAIN, RING_BLAIN, WINK
from tests.extraction_docs import activity, write_chunk

ROOT = Path(__file__).resolve().parents[2]


def _environment(tmp_path: Path, database_url: str) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "gamelibrary.settings",
        "DATABASE_URL": database_url,
        "EXTRACTED_DIR": str(tmp_path / "extracted"),
        "GAMELIBRARY_VAR_DIR": str(tmp_path / "var"),
    }


def _manage(environment: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout


def _library(environment: dict) -> list[dict]:
    """The published library as the database holds it: activities (with categories) and their sources."""
    dump = _manage(environment, "dumpdata", "activities.activity", "activities.activitysource")
    return sorted(json.loads(dump), key=lambda row: (row["model"], row["pk"]))


@pytest.mark.slow
def test_rebuild_killed_mid_publish_leaves_previous_library_served(tmp_path, process_database_url):
    extracted = tmp_path / "extracted"
    extracted.mkdir(exist_ok=True)
    environment = _environment(tmp_path, process_database_url)
    _manage(environment, "migrate", "--noinput")
    write_chunk(extracted, "a.part01", [activity("Wink", WINK, categories=["party"])])
    write_chunk(extracted, "b.part01", [activity("Cat and Mouse", RING_BLAIN, categories=["ring"])])
    _manage(environment, "rebuild_corpus")
    before = _library(environment)
    assert sum(row["model"] == "activities.activity" for row in before) == 2

    write_chunk(extracted, "a.part01", [activity("Wink", WINK + " Boys change places.", players_min=9)])
    (extracted / "b.part01.json").unlink()
    write_chunk(extracted, "c.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN)])
    rebuild = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "rebuild_corpus"],
        env={**environment, "REBUILD_PUBLISH_PAUSE_SECONDS": "60"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    for line in rebuild.stderr:
        if "pausing" in line or time.monotonic() > deadline:
            break
    assert rebuild.poll() is None, "the rebuild ended before reaching the pause inside the transaction"
    os.kill(rebuild.pid, signal.SIGKILL)
    rebuild.wait(timeout=30)

    assert _library(environment) == before
    _manage(environment, "rebuild_corpus")
    names = sorted(row["fields"]["name"] for row in _library(environment) if row["model"] == "activities.activity")
    assert names == ["Catching the Mouse", "Wink"]
    runs = [row["fields"] for row in json.loads(_manage(environment, "dumpdata", "activities.rebuildrun"))]
    killed = sorted(runs, key=lambda run: run["started_at"])[1]
    assert (killed["published"], killed["report"]["interrupted"]) == (False, True)
