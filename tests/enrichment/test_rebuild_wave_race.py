"""A rebuild and a wave run at once, as real ``manage.py`` processes on one database (a SQLite file, and a
PostgreSQL database when the suite runs on PostgreSQL): they share the library lease, so a wave never commits
overlays between the rebuild's orphan check and its publishing commit, and no overlay is left orphaned unreported.
"""

from pathlib import Path

import pytest

from tests.extraction_docs import activity, write_chunk
from tests.processes import enrichment_environment, last_json, manage, start, wait_for_publish_pause, wait_until

# "Games for Everybody" (data/corpus, gutenberg-08439).
ROSE = (
    "Take a full blown rose and hold it up where all can see it, then let them write on a slip of paper how many "
    "petals they think are in the rose."
)
SHADOWS = (
    "Stretch a sheet between two doors and place a light on a table some distance from the sheet. The children "
    "march single file between the light and the blind man, who must guess who they are by their shadows."
)
FLOWERS = (
    "Two children with joined hands stand opposite each other, and the rest form a ring and pass under the raised "
    "hands, while they repeat, We're seeking a pansy, a pansy, a pansy."
)
SIGNED_OFF_PILOT = "from tests.enrichment.synthetic import pilot_signed_off; pilot_signed_off()"


def write_book(extracted: Path, *, rose: str) -> None:
    write_chunk(extracted, "8d1f2c3a_games.part01", [activity("Rose Guess", rose)], source_path="8439-8.txt")
    write_chunk(
        extracted,
        "8d1f2c3a_games.part02",
        [activity("New Blind Man's Buff", SHADOWS), activity("Finding Flowers", FLOWERS)],
        source_path="8439-8.txt",
    )


@pytest.fixture
def api(loopback_api):
    loopback_api.latency = 0.5
    return loopback_api


@pytest.fixture
def environment(tmp_path, process_database_url, api):
    environment = enrichment_environment(
        api,
        process_database_url,
        tmp_path / "var",
        EXTRACTED_DIR=str(tmp_path / "extracted"),
        ENRICHMENT_CONCURRENCY="1",
        ENRICHMENT_LEASE_SECONDS="3600",
    )
    write_book(tmp_path / "extracted", rose=ROSE)
    manage(environment, "migrate", "--noinput")
    manage(environment, "rebuild_corpus")
    manage(environment, "shell", "-c", SIGNED_OFF_PILOT)
    return environment


def orphaned(environment: dict) -> int:
    return last_json(manage(environment, "rebuild_corpus", "--dry-run", "--json").stdout)["enrichment"]["orphaned"]


@pytest.mark.slow
def test_a_wave_started_while_a_rebuild_publishes_waits_for_its_commit_and_enriches_the_new_library(
    environment, api, tmp_path
):
    # The new text gives the rose game a new content key: an overlay on the old key would be an orphan.
    write_book(tmp_path / "extracted", rose=ROSE + " The one who guesses the nearest receives a prize.")
    rebuild = start({**environment, "REBUILD_PUBLISH_PAUSE_SECONDS": "4"}, "rebuild_corpus", "--json")
    wait_for_publish_pause(rebuild)

    wave = manage(environment, "enrich", "--wave", "--json")
    rebuild_output, _ = rebuild.communicate(timeout=120)

    assert rebuild.returncode == 0
    assert last_json(rebuild_output)["published"] is True
    assert last_json(wave.stdout)["keys_succeeded"] == 3
    assert orphaned(environment) == 0


@pytest.mark.slow
def test_a_rebuild_started_while_a_wave_runs_is_refused_and_writes_nothing(environment, api, tmp_path):
    api.answering.clear()  # the wave holds the lease, its first request in flight, until the rebuild has ended
    wave = start(environment, "enrich", "--wave", "--json")
    wait_until(lambda: api.requests >= 1, seconds=60)
    write_book(tmp_path / "extracted", rose=ROSE + " The one who guesses the nearest receives a prize.")

    rebuild = manage(environment, "rebuild_corpus", check=False)
    api.answering.set()
    wave_output, _ = wave.communicate(timeout=120)

    assert rebuild.returncode == 1
    assert "holds the lease (wave:" in rebuild.stderr
    assert wave.returncode == 0
    assert last_json(wave_output)["keys_succeeded"] == 3
    assert orphaned(environment) == 1, "the refused rebuild published nothing, so the next one reports the orphan"
