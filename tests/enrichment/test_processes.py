"""Waves as real processes (``manage.py``) against a file SQLite database and
the loopback fake API: a wave killed with SIGKILL mid-way loses only the
requests in flight and the next one resumes; two waves started at once never
both run.
"""

import os
import signal
import subprocess
import time

import pytest

from tests.processes import enrichment_environment, last_json, manage, start, wait_until

CHUNKS, PER_CHUNK, CONCURRENCY = 12, 2, 2
SEED = f"""
from tests.enrichment.synthetic import library_create, pilot_signed_off
library_create(chunks={CHUNKS}, per_chunk={PER_CHUNK})
pilot_signed_off()
"""


@pytest.fixture
def api(loopback_api):
    loopback_api.latency = 0.4
    return loopback_api


@pytest.fixture
def environment(tmp_path, api):
    return enrichment_environment(
        api,
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        tmp_path,
        ENRICHMENT_CONCURRENCY=str(CONCURRENCY),
        ENRICHMENT_LEASE_SECONDS="2",
    )


def status(env) -> dict:
    return last_json(manage(env, "enrich", "--status", "--json").stdout)


@pytest.mark.slow
def test_killed_wave_loses_only_in_flight_keys_and_the_next_wave_resumes(environment, api):
    manage(environment, "migrate", "--noinput")
    manage(environment, "shell", "-c", SEED)
    wave = start(environment, "enrich", "--wave", "--json", stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: api.answered >= 6, seconds=60)
    os.kill(wave.pid, signal.SIGKILL)
    wave.wait()
    sent_before_kill = len(api.names_sent)
    answered_chunks = api.answered

    after_kill = status(environment)
    stored = after_kill["done"]
    assert stored < CHUNKS * PER_CHUNK, "the wave was killed before it finished"
    lost = sent_before_kill - stored
    assert 0 <= lost <= CONCURRENCY * PER_CHUNK, "more than the requests in flight were lost"
    assert stored >= (answered_chunks - CONCURRENCY) * PER_CHUNK, "answered chunks were not committed as they arrived"

    time.sleep(2.1)  # the dead holder's lease expires
    api.reset()
    report = last_json(manage(environment, "enrich", "--wave", "--json").stdout)
    assert report["keys_requested"] == CHUNKS * PER_CHUNK - stored
    assert len(api.names_sent) == len(set(api.names_sent)) == CHUNKS * PER_CHUNK - stored
    final = status(environment)
    assert final["done"] == CHUNKS * PER_CHUNK
    assert [run["status"] for run in final["last_runs"][:2]] == ["finished", "interrupted"]


@pytest.mark.slow
def test_two_waves_started_at_once_one_runs_and_the_other_is_refused(environment, api):
    manage(environment, "migrate", "--noinput")
    manage(environment, "shell", "-c", SEED)
    api.latency = 1.5  # the first wave runs ~9 s: far longer than the second process takes to start
    waves = [start(environment, "enrich", "--wave", "--json", stdout=subprocess.DEVNULL) for _ in range(2)]
    outcomes = sorted((wave.wait(timeout=120), wave.stderr.read()) for wave in waves)
    assert [code for code, _ in outcomes] == [0, 1]
    assert "holds the lease" in outcomes[1][1]
    assert len(api.names_sent) == len(set(api.names_sent)) == CHUNKS * PER_CHUNK


@pytest.mark.slow
def test_sigterm_stops_a_wave_cleanly_records_it_interrupted_and_frees_the_lease(environment, api):
    environment["ENRICHMENT_LEASE_SECONDS"] = "3600"  # only a released lease lets the next wave start now
    manage(environment, "migrate", "--noinput")
    manage(environment, "shell", "-c", SEED)
    wave = start(environment, "enrich", "--wave", "--json", stderr=subprocess.DEVNULL)
    wait_until(lambda: api.answered >= 4, seconds=60)
    wave.send_signal(signal.SIGTERM)
    output, _ = wave.communicate(timeout=30)
    assert wave.returncode == 0
    report = last_json(output)
    assert report["status"] == "interrupted"
    assert report["stop_reason"].startswith("interrupted: SIGTERM received")
    recorded = report["keys_succeeded"] + report["keys_skipped"] + report["keys_blocked"] + report["keys_invalid"]
    assert report["keys_requested"] == CHUNKS * PER_CHUNK == recorded + report["keys_not_sent"]
    assert 0 < report["keys_not_sent"] < CHUNKS * PER_CHUNK
    assert report["keys_succeeded"] == len(api.names_sent), "the requests in flight were finished and stored"

    api.reset()
    resumed = last_json(manage(environment, "enrich", "--wave", "--json").stdout)
    assert (resumed["status"], resumed["keys_requested"]) == ("finished", report["keys_not_sent"])
    assert [run["status"] for run in status(environment)["last_runs"][:2]] == ["finished", "interrupted"]
