"""A rebuild killed with SIGKILL in the middle of publishing leaves the previous library intact."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.activities.test_rebuild import BLINDFOLD_BLAIN, RING_BLAIN, WINK, activity, write_chunk

ROOT = Path(__file__).resolve().parents[2]
# The pause setting is read from the environment here, as gamelibrary/settings.py would.
SETTINGS = """
from gamelibrary.settings import *  # noqa: F403
from gamelibrary.settings import env_int

REBUILD_PUBLISH_PAUSE_SECONDS = env_int("REBUILD_PUBLISH_PAUSE_SECONDS", 0)
"""


def _environment(tmp_path: Path, **extra) -> dict:
    (tmp_path / "kill_settings.py").write_text(SETTINGS)
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "kill_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'library.sqlite3'}",
        "EXTRACTED_DIR": str(tmp_path / "extracted"),
        "GAMELIBRARY_VAR_DIR": str(tmp_path / "var"),
        **extra,
    }


def _manage(environment: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def _library(database: Path) -> dict:
    with sqlite3.connect(database) as connection:
        return {
            "activities": connection.execute(
                "SELECT id, content_key, name, players_min FROM activities_activity ORDER BY id"
            ).fetchall(),
            "sources": connection.execute(
                "SELECT activity_id, chunk_key FROM activities_activitysource ORDER BY id"
            ).fetchall(),
            "categories": connection.execute(
                "SELECT activity_id, category_id FROM activities_activity_categories ORDER BY id"
            ).fetchall(),
        }


@pytest.mark.slow
def test_rebuild_killed_mid_publish_leaves_previous_library_served(tmp_path):
    extracted = tmp_path / "extracted"
    extracted.mkdir(exist_ok=True)
    environment = _environment(tmp_path)
    _manage(environment, "migrate", "--noinput")
    write_chunk(extracted, "a.part01", [activity("Wink", WINK, categories=["party"])])
    write_chunk(extracted, "b.part01", [activity("Cat and Mouse", RING_BLAIN, categories=["ring"])])
    _manage(environment, "rebuild_corpus")
    before = _library(tmp_path / "library.sqlite3")
    assert len(before["activities"]) == 2

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
    deadline = time.monotonic() + 60
    for line in rebuild.stderr:
        if "pausing" in line or time.monotonic() > deadline:
            break
    assert rebuild.poll() is None, "the rebuild ended before reaching the pause inside the transaction"
    os.kill(rebuild.pid, signal.SIGKILL)
    rebuild.wait(timeout=30)

    assert _library(tmp_path / "library.sqlite3") == before
    _manage(environment, "rebuild_corpus")
    after = _library(tmp_path / "library.sqlite3")
    assert sorted(name for _id, _key, name, _players in after["activities"]) == ["Catching the Mouse", "Wink"]
