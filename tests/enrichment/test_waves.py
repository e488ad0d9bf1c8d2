"""Pilot and waves against the fake API (the real SDK underneath)."""

import json
import os
import re
import signal

import httpx2
import pytest

from activities.lease import lease_acquire
from enrichment import prompts
from enrichment.gate import WAVE_REFUSED_NO_SIGNOFF, pilot_revoke
from enrichment.jobs import INVALID_TRUNCATED, MAX_ACTIVITIES_PER_REQUEST, job_size_estimate, jobs_build
from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome
from enrichment.overlays import MAX_INVALID_ATTEMPTS, activities_needing_overlay
from enrichment.stopping import stop_signals_handled
from enrichment.waves import REFUSED_NOT_CONFIGURED, RunRefused, pilot_run, wave_run
from gamelibrary import llm
from sources.models import Chunk
from tests.enrichment.synthetic import CHUNK_TEXT, activities_sent, fake_reply, library_create
from tests.fake_anthropic import message_body


def overlay_keys() -> set[str]:
    return set(EnrichmentOverlay.objects.values_list("content_key", flat=True))


def test_pilot_enriches_the_chosen_subset_and_stops(library, fake):
    run = pilot_run(limit=2)
    assert run.kind == EnrichmentRun.Kind.PILOT
    assert run.status == EnrichmentRun.Status.FINISHED
    assert (run.keys_requested, run.keys_succeeded) == (2, 2)
    assert EnrichmentOverlay.objects.count() == 2


def test_pilot_source_filter_picks_only_that_source(db, fake):
    library_create(prefix="other-")
    wanted = library_create(prefix="chosen-")
    pilot_run(source_contains="chosen-")
    assert overlay_keys() == {activity.content_key for activity in wanted}


def test_one_request_per_chunk_covers_all_its_activities(db, fake, signed_off):
    library_create(chunks=2, per_chunk=3)
    wave_run()
    requests = fake.message_requests
    assert len(requests) == 2
    assert [len(activities_sent(request)) for request in requests] == [3, 3]
    for request in requests:
        texts = [block["text"] for block in request["messages"][0]["content"]]
        assert sum(text.count("ROSE GUESS.") for text in texts) == 1


def chunk_block(request: dict) -> dict:
    return request["messages"][0]["content"][0]


def test_a_chunk_sent_once_is_not_marked_for_caching(library, fake):
    pilot_run()
    request = fake.message_requests[0]
    assert chunk_block(request)["text"].endswith(CHUNK_TEXT)
    assert "cache_control" not in chunk_block(request)


def test_a_chunk_with_more_activities_than_one_request_takes_is_marked_for_caching(db, fake):
    library_create(per_chunk=MAX_ACTIVITIES_PER_REQUEST + 1)
    pilot_run(limit=MAX_ACTIVITIES_PER_REQUEST + 1)
    requests = fake.message_requests
    assert [len(activities_sent(request)) for request in requests] == [MAX_ACTIVITIES_PER_REQUEST, 1]
    assert [chunk_block(request).get("cache_control") for request in requests] == [{"type": "ephemeral"}] * 2


def test_the_halves_of_a_truncated_request_mark_the_chunk_for_caching(library, fake):
    fake.max_tokens()
    pilot_run()
    marks = [chunk_block(request).get("cache_control") for request in fake.message_requests]
    assert marks == [None, {"type": "ephemeral"}, {"type": "ephemeral"}]


def test_a_system_prompt_shorter_than_the_models_minimum_is_not_marked_for_caching(library, fake, settings):
    settings.ANTHROPIC_MODEL = "claude-opus-5"  # the smallest minimum the API has: 512 tokens
    assert llm.tokens_estimate(prompts.SYSTEM_PROMPT) < llm.min_cacheable_tokens("claude-opus-5")
    pilot_run()
    assert "cache_control" not in fake.message_requests[0]["system"][0]


def test_reply_is_schema_constrained(library, fake):
    pilot_run()
    assert fake.message_requests[0]["output_config"]["format"]["type"] == "json_schema"


def test_overlay_records_model_prompt_version_hash_and_tokens(library, fake):
    fake.reply_json(fake_reply_for(library), input_tokens=300, output_tokens=90, model="claude-x")
    run = pilot_run()
    overlay = EnrichmentOverlay.objects.get(content_key=library[0].content_key)
    assert (overlay.model, overlay.prompt_version) == ("claude-x", prompts.PROMPT_VERSION)
    assert (overlay.tokens_in, overlay.tokens_out) == (100, 30)
    assert len(overlay.input_hash) == 64
    assert overlay.kind == EnrichmentOverlay.Kind.EN_TO_RO
    assert overlay.run == run
    assert (run.tokens_in, run.tokens_out, run.requests_sent) == (300, 90, 1)


def test_romanian_activity_gets_a_polish_overlay(db, fake):
    activity = library_create(per_chunk=1, language="ro")[0]
    pilot_run()
    assert EnrichmentOverlay.objects.get(content_key=activity.content_key).kind == EnrichmentOverlay.Kind.RO_POLISH


def fake_reply_for(activities) -> dict:
    sent = [{"index": i, "name": a.name, "description": a.description} for i, a in enumerate(activities)]
    block = {"text": "ACTIVITIES TO ENRICH\n" + json.dumps(sent)}
    return fake_reply({"messages": [{"content": [block]}]})


def answer_well(fake) -> None:
    """Queue one good answer (to the request it meets) ahead of the failures queued after it."""
    fake.queue.append(
        lambda request: httpx2.Response(200, json=message_body(json.dumps(fake_reply(json.loads(request.content)))))
    )


def test_wave_is_refused_without_a_signoff(library, fake):
    with pytest.raises(RunRefused, match="no curator has signed off") as refusal:
        wave_run()
    assert str(refusal.value) == WAVE_REFUSED_NO_SIGNOFF
    assert fake.message_requests == []
    assert not EnrichmentRun.objects.exists()


def test_wave_is_refused_again_once_the_signoff_is_revoked(library, fake, signed_off):
    pilot_revoke(signoff=signed_off, user=None)
    with pytest.raises(RunRefused):
        wave_run()


def test_run_is_refused_without_an_api_key(library, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.delenv("ANTHROPIC_AUTH_TOKEN", raising=False)
    with pytest.raises(RunRefused, match=re.escape(REFUSED_NOT_CONFIGURED)):
        pilot_run()


def test_wave_takes_at_most_max_keys_in_chunk_then_key_order(db, fake, signed_off):
    activities = library_create(chunks=3, per_chunk=2)
    run = wave_run(max_keys=3)
    assert run.keys_requested == 3
    first_chunk = sorted(a.content_key for a in activities if a.sources.get().chunk_key.endswith("part000"))
    assert first_chunk[0] in overlay_keys() and first_chunk[1] in overlay_keys()
    assert len(overlay_keys()) == 3


def test_second_identical_wave_requests_nothing(library, fake, signed_off):
    wave_run()
    sent = len(fake.message_requests)
    run = wave_run()
    assert len(fake.message_requests) == sent
    assert run.keys_requested == 0
    assert run.status == EnrichmentRun.Status.FINISHED


def test_refusal_blocks_the_chunks_keys_and_later_waves_skip_them(library, fake, signed_off):
    fake.refusal()
    run = wave_run()
    assert run.keys_blocked == 3
    assert KeyOutcome.objects.filter(outcome=KeyOutcome.Outcome.BLOCKED).count() == 3
    assert wave_run().keys_requested == 0
    assert len(fake.message_requests) == 1


def test_max_tokens_is_retried_with_fewer_activities_per_request(library, fake):
    fake.max_tokens()
    run = pilot_run()
    sizes = [len(activities_sent(request)) for request in fake.message_requests]
    assert sizes == [3, 1, 2]
    assert run.keys_succeeded == 3
    assert run.requests_sent == 3


def test_one_activity_still_truncated_alone_is_invalid(db, fake):
    activity = library_create(per_chunk=1)[0]
    fake.max_tokens()
    run = pilot_run()
    outcome = KeyOutcome.objects.get(content_key=activity.content_key)
    assert (outcome.outcome, outcome.detail) == (KeyOutcome.Outcome.INVALID, INVALID_TRUNCATED)
    assert run.keys_invalid == 1


def test_malformed_json_makes_the_keys_invalid_with_the_reason(library, fake):
    fake.reply_text('{"activities": [{"index": 0, "name_ro": "Ghicește „trandafirul"')
    run = pilot_run()
    assert run.keys_invalid == 3
    assert "not valid JSON" in KeyOutcome.objects.first().detail


def test_invalid_keys_are_retried_until_the_attempt_limit(library, fake, signed_off):
    assert MAX_INVALID_ATTEMPTS == 2
    fake.reply_text("not json")  # the chunk's request
    wave_run()
    for _ in library:  # then one request per key
        fake.reply_text("not json")
    wave_run()
    assert KeyOutcome.objects.filter(attempts=MAX_INVALID_ATTEMPTS).count() == 3
    assert wave_run().keys_requested == 0
    assert len(fake.message_requests) == 4


def test_entry_missing_from_the_reply_is_invalid_and_the_others_are_stored(library, fake):
    reply = fake_reply_for(library)
    reply["activities"] = reply["activities"][1:]
    fake.reply_json(reply)
    run = pilot_run()
    assert (run.keys_succeeded, run.keys_invalid) == (2, 1)
    assert KeyOutcome.objects.get().content_key == min(activity.content_key for activity in library)


def test_entry_with_a_code_outside_the_vocabulary_is_invalid(library, fake):
    reply = fake_reply_for(library)
    reply["activities"][0]["estimated"]["space"] = "gymnasium"
    fake.reply_json(reply)
    run = pilot_run()
    assert (run.keys_succeeded, run.keys_invalid) == (2, 1)


def test_rate_limit_with_retry_after_is_retried_by_the_sdk_then_succeeds(library, fake):
    fake.error(429, "rate_limit_error", retry_after=0)
    run = pilot_run()
    assert run.keys_succeeded == 3
    assert len(fake.message_requests) == 2


@pytest.mark.parametrize(
    ("status", "error_type", "reason"),
    [(529, "overloaded_error", "overloaded"), (429, "rate_limit_error", "rate_limited")],
)
def test_service_failure_after_sdk_retries_stops_the_wave_cleanly(db, fake, signed_off, status, error_type, reason):
    library_create(chunks=3, per_chunk=2)
    fake.error(status, error_type, retry_after=0, times=3)
    run = wave_run()
    assert run.status == EnrichmentRun.Status.STOPPED
    assert run.stop_reason.startswith(f"{reason}:")
    assert (run.keys_succeeded, run.keys_not_sent) == (0, 6)
    assert run.finished_at is not None
    assert len(fake.message_requests) == 3


def test_spend_limit_429_that_retrying_does_not_cure_stops_and_the_next_wave_resumes(db, fake, signed_off):
    library_create(chunks=3, per_chunk=2)
    answer_well(fake)
    fake.error(429, "rate_limit_error", "workspace spend limit reached", retry_after=0, times=3)
    first = wave_run()
    assert first.status == EnrichmentRun.Status.STOPPED
    assert (first.keys_succeeded, first.keys_not_sent) == (2, 4)
    second = wave_run()
    assert second.status == EnrichmentRun.Status.FINISHED
    assert (second.keys_requested, second.keys_succeeded) == (4, 4)
    assert EnrichmentOverlay.objects.count() == 6


def test_billing_refusal_stops_the_wave_as_spend_limit(library, fake, signed_off):
    fake.error(402, "billing_error", "credit balance too low")
    run = wave_run()
    assert run.stop_reason.startswith("spend_limit:")
    assert len(fake.message_requests) == 1


def test_timeouts_after_sdk_retries_stop_the_wave(library, fake, signed_off):
    fake.timeout(times=3)
    run = wave_run()
    assert run.stop_reason.startswith("timeout:")
    assert not EnrichmentOverlay.objects.exists()


def request_estimates() -> list[int]:
    return [job_size_estimate(job) for job in jobs_build(activities_needing_overlay())]


def keys_add_up(run: EnrichmentRun) -> bool:
    resolved = run.keys_succeeded + run.keys_skipped + run.keys_blocked + run.keys_invalid
    return run.keys_requested == resolved + run.keys_not_sent


def test_token_budget_stops_before_a_request_would_pass_it(db, fake, signed_off, settings):
    library_create(chunks=4, per_chunk=1)
    # Each answer of the fake costs 100 in + 50 out: two requests fit, the third would pass the budget.
    settings.ENRICHMENT_WAVE_TOKEN_BUDGET = 150 + max(request_estimates())
    run = wave_run()
    assert len(fake.message_requests) == 2
    assert run.stop_reason.startswith("token_budget:")
    assert f"spent 300 of its {settings.ENRICHMENT_WAVE_TOKEN_BUDGET}" in run.stop_reason
    assert (run.keys_succeeded, run.keys_not_sent) == (2, 2)


def test_token_budget_counts_the_requests_in_flight(db, fake, signed_off, settings):
    library_create(chunks=4, per_chunk=1)
    settings.ENRICHMENT_CONCURRENCY = 4
    settings.ENRICHMENT_WAVE_TOKEN_BUDGET = 2 * max(request_estimates()) + 1
    run = wave_run()
    assert len(fake.message_requests) == 2
    assert f"spent {run.tokens_in + run.tokens_out} of" in run.stop_reason


def test_a_budget_smaller_than_one_request_sends_nothing(library, fake, signed_off, settings):
    settings.ENRICHMENT_WAVE_TOKEN_BUDGET = min(request_estimates()) - 1
    run = wave_run()
    assert fake.message_requests == []
    assert (run.keys_not_sent, run.stop_reason) == (
        3,
        f"token_budget: the wave spent 0 of its "
        f"{settings.ENRICHMENT_WAVE_TOKEN_BUDGET} token budget; the next request would have passed it",
    )


def test_the_counts_of_a_stopped_run_add_up(db, fake, signed_off):
    library_create(chunks=3, per_chunk=2)
    answer_well(fake)
    fake.refusal()
    fake.error(529, "overloaded_error", retry_after=0, times=3)
    run = wave_run()
    assert (run.keys_succeeded, run.keys_blocked, run.keys_not_sent) == (2, 2, 2)
    assert keys_add_up(run)


def stop_signal_on_request(fake, *signals: signal.Signals) -> None:
    """The first request, while in flight, makes the process receive ``signals`` (as `kill` would)."""

    def answer(request):
        for signum in signals:
            os.kill(os.getpid(), signum)
        return httpx2.Response(200, json=message_body(json.dumps(fake_reply(json.loads(request.content)))))

    fake.queue.append(answer)


def test_sigterm_finishes_the_request_in_flight_and_records_the_run_interrupted(db, fake, signed_off):
    library_create(chunks=3, per_chunk=2)
    stop_signal_on_request(fake, signal.SIGTERM)
    with stop_signals_handled():
        run = wave_run()
    assert run.status == EnrichmentRun.Status.INTERRUPTED
    assert run.stop_reason.startswith("interrupted: SIGTERM received")
    assert (run.keys_requested, run.keys_succeeded, run.keys_not_sent) == (6, 2, 4)
    assert len(fake.message_requests) == 1
    assert lease_acquire(holder="next-run")


def test_a_second_signal_abandons_the_requests_in_flight_and_the_counts_still_add_up(db, fake, signed_off):
    library_create(chunks=3, per_chunk=2)
    stop_signal_on_request(fake, signal.SIGTERM, signal.SIGINT)
    with stop_signals_handled(), pytest.raises(KeyboardInterrupt):
        wave_run()
    run = EnrichmentRun.objects.get(kind=EnrichmentRun.Kind.WAVE)
    assert run.status == EnrichmentRun.Status.INTERRUPTED
    assert "received twice" in run.stop_reason
    assert keys_add_up(run)
    assert lease_acquire(holder="next-run")


def test_human_edited_overlay_survives_a_wave(library, fake, signed_off):
    EnrichmentOverlay.objects.create(
        content_key=library[0].content_key,
        kind=EnrichmentOverlay.Kind.EN_TO_RO,
        name_ro="Ghicitul petalelor",
        state=EnrichmentOverlay.State.EDITED,
    )
    run = wave_run()
    assert run.keys_requested == 2
    assert EnrichmentOverlay.objects.get(content_key=library[0].content_key).name_ro == "Ghicitul petalelor"


def test_rejected_overlay_is_requested_again_and_its_history_is_kept(library, fake, signed_off):
    rejected = EnrichmentOverlay.objects.create(
        content_key=library[0].content_key,
        kind=EnrichmentOverlay.Kind.EN_TO_RO,
        name_ro="Traducere greșită",
        state=EnrichmentOverlay.State.REJECTED,
    )
    wave_run()
    rejected.refresh_from_db()
    assert rejected.state == EnrichmentOverlay.State.UNREVIEWED
    assert rejected.name_ro == "Jocul „Rose Guess”"
    assert "Traducere greșită" in rejected.history.values_list("name_ro", flat=True)


def test_concurrent_workers_store_every_chunk(db, fake, signed_off, settings):
    settings.ENRICHMENT_CONCURRENCY = 4
    library_create(chunks=6, per_chunk=2)
    run = wave_run()
    assert (run.keys_succeeded, run.requests_sent) == (12, 6)


def test_cache_reads_and_writes_are_recorded_on_the_run(library, fake):
    fake.reply_json(fake_reply_for(library), input_tokens=40, cache_read=900, cache_creation=60)
    run = pilot_run()
    assert (run.tokens_in, run.tokens_cache_read, run.tokens_cache_write) == (1000, 900, 60)


def test_activity_whose_chunk_is_not_ingested_is_sent_without_chunk_text(library, fake):
    Chunk.objects.all().delete()
    run = pilot_run()
    blocks = fake.message_requests[0]["messages"][0]["content"]
    assert [block["text"].split("\n")[0] for block in blocks] == ["ACTIVITIES TO ENRICH (reply for every index):"]
    assert run.keys_succeeded == 3


def test_a_key_invalid_last_time_is_retried_in_a_request_of_its_own(library, fake, signed_off):
    reply = fake_reply_for(library)
    reply["activities"] = reply["activities"][1:]
    fake.reply_json(reply)
    wave_run()
    fake.requests.clear()
    run = wave_run()
    assert [len(activities_sent(request)) for request in fake.message_requests] == [1]
    assert run.keys_succeeded == 1
    assert not KeyOutcome.objects.exists()
