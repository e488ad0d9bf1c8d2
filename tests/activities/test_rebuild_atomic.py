"""A rebuild killed with SIGKILL in the middle of publishing leaves the previous library intact.

The rebuild runs as a real ``manage.py`` subprocess on its own database: a SQLite file, and also a fresh
PostgreSQL database when the suite itself runs on PostgreSQL.
"""

import json
import os
import signal
import subprocess

import pytest

from tests.activities.test_rebuild import BLINDFOLD_BLAIN, RING_BLAIN, WINK
from tests.extraction_docs import activity, write_chunk
from tests.processes import manage, process_environment, start, wait_for_publish_pause


def _library(environment: dict) -> list[dict]:
    """The published library as the database holds it: activities (with categories) and their sources."""
    dump = manage(environment, "dumpdata", "activities.activity", "activities.activitysource").stdout
    return sorted(json.loads(dump), key=lambda row: (row["model"], row["pk"]))


@pytest.mark.slow
def test_rebuild_killed_mid_publish_leaves_previous_library_served(tmp_path, process_database_url):
    extracted = tmp_path / "extracted"
    extracted.mkdir(exist_ok=True)
    environment = process_environment(
        DATABASE_URL=process_database_url,
        EXTRACTED_DIR=str(extracted),
        GAMELIBRARY_VAR_DIR=str(tmp_path / "var"),
    )
    manage(environment, "migrate", "--noinput")
    write_chunk(extracted, "a.part01", [activity("Wink", WINK, categories=["party"])])
    write_chunk(extracted, "b.part01", [activity("Cat and Mouse", RING_BLAIN, categories=["ring"])])
    manage(environment, "rebuild_corpus")
    before = _library(environment)
    assert sum(row["model"] == "activities.activity" for row in before) == 2

    write_chunk(extracted, "a.part01", [activity("Wink", WINK + " Boys change places.", players_min=9)])
    (extracted / "b.part01.json").unlink()
    write_chunk(extracted, "c.part01", [activity("Catching the Mouse", BLINDFOLD_BLAIN)])
    rebuild = start({**environment, "REBUILD_PUBLISH_PAUSE_SECONDS": "60"}, "rebuild_corpus", stdout=subprocess.DEVNULL)
    wait_for_publish_pause(rebuild)
    os.kill(rebuild.pid, signal.SIGKILL)
    rebuild.wait(timeout=30)

    assert _library(environment) == before
    manage(environment, "rebuild_corpus")
    names = sorted(row["fields"]["name"] for row in _library(environment) if row["model"] == "activities.activity")
    assert names == ["Catching the Mouse", "Wink"]
    runs = [row["fields"] for row in json.loads(manage(environment, "dumpdata", "activities.rebuildrun").stdout)]
    killed = sorted(runs, key=lambda run: run["started_at"])[1]
    assert (killed["published"], killed["report"]["interrupted"]) == (False, True)
