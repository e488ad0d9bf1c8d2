"""The LLM boundary against the fake API: every outcome maps to one named result."""

import pytest

from gamelibrary import llm

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["answer"],
    "properties": {"answer": {"type": "string"}},
}


def call():
    return llm.structured_message(system="s", content="c", schema=SCHEMA, max_tokens=100)


def test_success_returns_parsed_json_and_usage(fake_anthropic):
    fake_anthropic.reply_json({"answer": '„Unu" doi'}, input_tokens=120, output_tokens=7)
    reply = call()
    assert reply.data == {"answer": '„Unu" doi'}
    assert (reply.usage.input_tokens, reply.usage.output_tokens) == (120, 7)


def test_request_uses_json_schema_output_format(fake_anthropic):
    fake_anthropic.reply_json({"answer": "x"})
    call()
    sent = fake_anthropic.message_requests[0]
    assert sent["output_config"]["format"]["type"] == "json_schema"
    assert sent["output_config"]["format"]["schema"]["additionalProperties"] is False


def test_refusal_is_raised_before_parsing(fake_anthropic):
    fake_anthropic.refusal()
    with pytest.raises(llm.Refused):
        call()


def test_max_tokens_is_truncated(fake_anthropic):
    fake_anthropic.max_tokens()
    with pytest.raises(llm.Truncated):
        call()


def test_malformed_json_is_invalid_reply(fake_anthropic):
    fake_anthropic.reply_text('{"answer": "unterminated')
    with pytest.raises(llm.InvalidReply):
        call()


def test_rate_limit_is_retried_by_the_sdk_then_succeeds(fake_anthropic):
    fake_anthropic.error(429, "rate_limit_error", retry_after=0)
    fake_anthropic.reply_json({"answer": "after retry"})
    assert call().data["answer"] == "after retry"
    assert len(fake_anthropic.message_requests) == 2


def test_rate_limit_after_retries_is_rate_limited(fake_anthropic):
    fake_anthropic.error(429, "rate_limit_error", retry_after=0, times=3)
    with pytest.raises(llm.RateLimited):
        call()
    assert len(fake_anthropic.message_requests) == 3


def test_overloaded_529_after_retries_is_overloaded(fake_anthropic):
    fake_anthropic.error(529, "overloaded_error", retry_after=0, times=3)
    with pytest.raises(llm.Overloaded):
        call()


def test_timeouts_after_retries_are_timed_out(fake_anthropic):
    fake_anthropic.timeout(times=3)
    with pytest.raises(llm.TimedOut):
        call()


def test_bad_request_is_rejected_without_retry(fake_anthropic):
    fake_anthropic.error(400, "invalid_request_error", "prompt is too long")
    with pytest.raises(llm.RequestRejected):
        call()
    assert len(fake_anthropic.message_requests) == 1


def test_batch_results_of_every_type(fake_anthropic):
    params = llm.message_params(system="s", content="c", schema=SCHEMA)
    batch_id = llm.batch_create([{"custom_id": f"k{i}", "params": params} for i in range(4)])
    assert llm.batch_status(batch_id) == "in_progress"
    fake_anthropic.end_batch(
        batch_id,
        {
            "k0": fake_anthropic.batch_succeeded({"answer": "ok"}),
            "k1": fake_anthropic.batch_errored(),
            "k2": fake_anthropic.batch_canceled(),
            "k3": fake_anthropic.batch_expired(),
        },
    )
    assert llm.batch_status(batch_id) == "ended"
    items = {item.custom_id: item for item in llm.batch_results(batch_id)}
    assert items["k0"].reply.data == {"answer": "ok"}
    assert [items[k].result_type for k in ("k1", "k2", "k3")] == ["errored", "canceled", "expired"]
    assert all(items[k].error is not None for k in ("k1", "k2", "k3"))


def test_a_prefix_reaching_the_models_minimum_is_cacheable():
    assert llm.cacheable("x" * 4 * 1024, model="claude-sonnet-5-5")
    assert not llm.cacheable("x" * (4 * 1024 - 4), model="claude-sonnet-5-5")


def test_the_longest_model_family_decides_the_minimum():
    assert (llm.min_cacheable_tokens("claude-opus-4-20250514"), llm.min_cacheable_tokens("claude-opus-4-6")) == (
        1024,
        4096,
    )


def test_an_unknown_model_gets_the_largest_minimum():
    assert llm.min_cacheable_tokens("some-other-model") == max(llm.MIN_CACHEABLE_TOKENS.values())
