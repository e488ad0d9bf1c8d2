"""Pilot and waves against the fake API (the real SDK underneath)."""

import json
import re

import httpx2
import pytest

from enrichment import prompts
from enrichment.gate import WAVE_REFUSED_NO_SIGNOFF, pilot_revoke
from enrichment.jobs import INVALID_TRUNCATED
from enrichment.models import EnrichmentOverlay, EnrichmentRun, KeyOutcome
from enrichment.overlays import MAX_INVALID_ATTEMPTS
from enrichment.waves import REFUSED_NOT_CONFIGURED, RunRefused, pilot_run, wave_run
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


def test_system_prompt_and_chunk_are_marked_for_prompt_caching(library, fake):
    pilot_run()
    request = fake.message_requests[0]
    assert request["system"][0]["cache_control"] == {"type": "ephemeral"}
    chunk_block = request["messages"][0]["content"][0]
    assert chunk_block["text"].endswith(CHUNK_TEXT)
    assert chunk_block["cache_control"] == {"type": "ephemeral"}


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
    assert (run.keys_succeeded, run.keys_skipped) == (0, 6)
    assert run.finished_at is not None
    assert len(fake.message_requests) == 3


def test_spend_limit_429_that_retrying_does_not_cure_stops_and_the_next_wave_resumes(db, fake, signed_off):
    library_create(chunks=3, per_chunk=2)
    answer_well(fake)
    fake.error(429, "rate_limit_error", "workspace spend limit reached", retry_after=0, times=3)
    first = wave_run()
    assert first.status == EnrichmentRun.Status.STOPPED
    assert (first.keys_succeeded, first.keys_skipped) == (2, 4)
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


def test_token_budget_stops_the_wave_and_the_rest_is_skipped(db, fake, signed_off, settings):
    library_create(chunks=3, per_chunk=2)
    settings.ENRICHMENT_WAVE_TOKEN_BUDGET = 150  # one request of the fake: 100 in + 50 out
    run = wave_run()
    assert run.stop_reason.startswith("token_budget:")
    assert (run.keys_succeeded, run.keys_skipped) == (2, 4)


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
