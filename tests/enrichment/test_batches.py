"""Batch waves: submission through the Message Batches API, polling, collecting every result type once."""

import re

import pytest

from enrichment import tasks
from enrichment.batches import batch_collect, custom_id_for
from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome
from enrichment.waves import wave_run
from tests.enrichment.synthetic import fake_reply, library_create
from tests.fake_anthropic import message_body


@pytest.fixture
def three_chunks(db):
    return library_create(chunks=3, per_chunk=2)


def submitted_requests(fake, run) -> dict[str, dict]:
    return {request["custom_id"]: request["params"] for request in fake.batches[run.batch_id]["requests"]}


def answer(fake, params: dict) -> dict:
    return fake.batch_succeeded(fake_reply(params))


def test_batch_wave_submits_one_request_per_chunk_and_waits(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    assert run.status == EnrichmentRun.Status.BATCH_PENDING
    assert run.batch_id in fake.batches
    requests = submitted_requests(fake, run)
    assert len(requests) == 3
    assert set(requests) == set(run.batch_requests)
    assert all(re.fullmatch(r"[a-zA-Z0-9_-]{1,64}", custom_id) for custom_id in requests)
    assert fake.message_requests == []
    assert not EnrichmentOverlay.objects.exists()


def test_custom_ids_map_back_to_their_chunks(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    for custom_id, request in run.batch_requests.items():
        index = int(custom_id[1:6])
        assert custom_id == custom_id_for(index, request["chunk_key"])
        sent_chunk = submitted_requests(fake, run)[custom_id]["messages"][0]["content"][0]["text"]
        assert "ROSE GUESS." in sent_chunk


def test_keys_of_a_pending_batch_are_not_requested_again(three_chunks, fake, signed_off):
    wave_run(batch=True)
    assert wave_run(batch=True).keys_requested == 0
    assert len(fake.batches) == 1


def test_collecting_an_unfinished_batch_changes_nothing(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    assert batch_collect(run_id=run.pk)["status"] == "in_progress"
    run.refresh_from_db()
    assert run.status == EnrichmentRun.Status.BATCH_PENDING


def test_results_of_all_four_types_are_collected(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    ids = sorted(submitted_requests(fake, run))
    succeeded = submitted_requests(fake, run)[ids[0]]
    fake.end_batch(
        run.batch_id,
        {
            ids[0]: answer(fake, succeeded),
            ids[1]: fake.batch_errored(),
            ids[2]: fake.batch_expired(),
        },
    )
    report = batch_collect(run_id=run.pk)
    assert report["results"] == {"succeeded": 1, "errored": 1, "expired": 1}
    run.refresh_from_db()
    assert (run.keys_succeeded, run.keys_not_sent) == (2, 4)
    assert run.status == EnrichmentRun.Status.STOPPED
    assert "errored" in run.stop_reason and "expired" in run.stop_reason
    assert EnrichmentOverlay.objects.count() == 2


def test_canceled_requests_leave_their_keys_missing_for_the_next_wave(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    fake.end_batch(run.batch_id, {custom_id: fake.batch_canceled() for custom_id in run.batch_requests})
    batch_collect(run_id=run.pk)
    assert wave_run(batch=True).keys_requested == 6


def test_a_refused_batch_request_blocks_its_keys(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    refused = {"type": "succeeded", "message": message_body("", stop_reason="refusal")}
    fake.end_batch(run.batch_id, {custom_id: refused for custom_id in run.batch_requests})
    batch_collect(run_id=run.pk)
    assert KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.BLOCKED).count() == 6


def test_collecting_twice_changes_nothing(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    requests = submitted_requests(fake, run)
    fake.end_batch(run.batch_id, {custom_id: answer(fake, params) for custom_id, params in requests.items()})
    batch_collect(run_id=run.pk)
    run.refresh_from_db()
    before = (run.keys_succeeded, run.tokens_in, EnrichmentOverlay.objects.count(), EnrichmentOverlay.history.count())
    assert batch_collect(run_id=run.pk)["status"] == "already_collected"
    run.refresh_from_db()
    after = (run.keys_succeeded, run.tokens_in, EnrichmentOverlay.objects.count(), EnrichmentOverlay.history.count())
    assert before == after == (6, 300, 6, 6)


def test_a_collected_result_never_overwrites_a_human_edit(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    key = next(iter(run.batch_requests.values()))["activities"][0]["content_key"]
    EnrichmentOverlay.objects.create(
        content_key=key, kind=EnrichmentOverlay.Kind.EN_TO_RO, name_ro="Editat", state=EnrichmentOverlay.State.EDITED
    )
    requests = submitted_requests(fake, run)
    fake.end_batch(run.batch_id, {custom_id: answer(fake, params) for custom_id, params in requests.items()})
    batch_collect(run_id=run.pk)
    assert EnrichmentOverlay.objects.get(content_key=key).name_ro == "Editat"


def test_scheduled_tasks_submit_a_batch_wave_then_collect_it(three_chunks, fake, signed_off):
    submitted = tasks.scheduled_wave()
    run = EnrichmentRun.objects.get(pk=submitted["run"])
    assert run.batch_id == submitted["batch_id"]
    requests = submitted_requests(fake, run)
    fake.end_batch(run.batch_id, {custom_id: answer(fake, params) for custom_id, params in requests.items()})
    assert tasks.collect_pending_batches() == [{"run": run.pk, "status": "collected", "results": {"succeeded": 3}}]
    assert EnrichmentOverlay.objects.count() == 6


def test_scheduled_wave_without_signoff_reports_the_refusal(three_chunks, fake):
    assert "no curator has signed off" in tasks.scheduled_wave()["refused"]


def test_batch_wave_within_a_token_budget_leaves_the_rest_for_later(three_chunks, fake, signed_off, settings):
    settings.ENRICHMENT_WAVE_TOKEN_BUDGET = 1
    run = wave_run(batch=True)
    assert len(run.batch_requests) == 1
    assert run.keys_not_sent == 4
    assert run.stop_reason.startswith("token_budget:")


def test_a_truncated_batch_reply_is_invalid_and_its_keys_are_sent_alone_next_time(three_chunks, fake, signed_off):
    run = wave_run(batch=True)
    truncated = {"type": "succeeded", "message": message_body('{"activities": [', stop_reason="max_tokens")}
    first = sorted(run.batch_requests)[0]
    requests = submitted_requests(fake, run)
    results = {custom_id: answer(fake, params) for custom_id, params in requests.items()} | {first: truncated}
    fake.end_batch(run.batch_id, results)
    batch_collect(run_id=run.pk)
    assert KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.INVALID).count() == 2
    retry = wave_run(batch=True)
    assert [len(request["activities"]) for request in retry.batch_requests.values()] == [1, 1]
