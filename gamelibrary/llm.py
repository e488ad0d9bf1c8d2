"""The one module that imports ``anthropic``: a thin client for structured calls.

Extraction and enrichment call ``structured_message`` (and the batch helpers)
and handle the named failure modes below; nothing else in the project knows
the SDK. Errors are classified by the SDK's exception types and the API's
structured error ``type`` field, never by searching message text ("429" may
well appear inside a chunk of a game book).

The SDK itself retries 408/409/429/5xx/timeouts with backoff (honouring
``retry-after``) up to ``ANTHROPIC_MAX_RETRIES``; when it gives up, the error
surfaces here as ``ServiceUnavailable`` and the caller stops its run cleanly.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from typing import Any

import anthropic
from django.conf import settings

# --- Failure modes ---------------------------------------------------------


class LLMError(Exception):
    """Base of every failure this module reports."""

    def __init__(self, message: str, *, usage: Usage | None = None):
        super().__init__(message)
        self.usage = usage or Usage()


class ServiceUnavailable(LLMError):
    """The API cannot serve us now, after the SDK's bounded retries: stop the run, resume later."""

    reason = "unavailable"


class RateLimited(ServiceUnavailable):
    reason = "rate_limited"


class SpendLimitReached(ServiceUnavailable):
    reason = "spend_limit"


class Overloaded(ServiceUnavailable):
    reason = "overloaded"


class TimedOut(ServiceUnavailable):
    reason = "timeout"


class NotConfigured(ServiceUnavailable):
    """No API key, or the key was refused."""

    reason = "not_configured"


class RequestRejected(LLMError):
    """The API refused this one request (bad request, too large): the item is invalid, the run goes on."""


class Refused(LLMError):
    """The model declined to answer (``stop_reason == "refusal"``)."""


class Truncated(LLMError):
    """The reply hit ``max_tokens`` before the JSON was complete."""


class InvalidReply(LLMError):
    """The reply was not the JSON the schema asks for."""


# --- Results ---------------------------------------------------------------


@dataclass
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_input_tokens: int = 0
    cache_creation_input_tokens: int = 0

    @classmethod
    def from_sdk(cls, usage: Any) -> Usage:
        # The SDK's usage has the same field names; a field it leaves out or sets to None counts 0.
        return cls(**{count.name: getattr(usage, count.name, 0) or 0 for count in fields(cls)})

    @property
    def total_input_tokens(self) -> int:
        return self.input_tokens + self.cache_read_input_tokens + self.cache_creation_input_tokens

    def add(self, other: Usage) -> None:
        for count in fields(self):
            setattr(self, count.name, getattr(self, count.name) + getattr(other, count.name))


@dataclass
class StructuredReply:
    data: dict
    model: str
    usage: Usage = field(default_factory=Usage)


# --- The client --------------------------------------------------------------

_lock = threading.Lock()
_client: anthropic.Anthropic | None = None
_http_client: Any = None


def is_configured() -> bool:
    """Whether a key is available the way the SDK reads it (the environment)."""
    return bool(os.environ.get("ANTHROPIC_API_KEY") or os.environ.get("ANTHROPIC_AUTH_TOKEN"))


def use_http_client(http_client: Any) -> None:
    """Route the SDK through another ``httpx2.Client`` (a proxy setup, or a test transport)."""
    global _client, _http_client
    with _lock:
        _http_client = http_client
        _client = None


def get_client() -> anthropic.Anthropic:
    """The shared SDK client; API key and base URL come from the environment."""
    global _client
    with _lock:
        if _client is None:
            _client = anthropic.Anthropic(
                max_retries=settings.ANTHROPIC_MAX_RETRIES,
                timeout=float(settings.ANTHROPIC_TIMEOUT_SECONDS),
                http_client=_http_client,
            )
        return _client


def activities_reply_schema(item: dict) -> dict:
    """The reply the model is asked for: ``{"activities": [...]}``, each entry matching ``item``. Structured output
    needs an object at the top, so the list is wrapped in one."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["activities"],
        "properties": {"activities": {"type": "array", "items": item}},
    }


def output_schema(schema: dict) -> dict:
    """The schema in the subset the API's structured output accepts
    (unsupported constraints are moved into descriptions by the SDK)."""
    return anthropic.transform_schema(schema)


def _error_type(error: anthropic.APIStatusError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    inner = body.get("error") if isinstance(body.get("error"), dict) else {}
    return str(inner.get("type", ""))


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn the SDK's exceptions (after its own retries) into ours."""
    try:
        yield
    except anthropic.APITimeoutError as error:
        raise TimedOut(f"the API did not answer in time: {error}") from error
    except anthropic.APIConnectionError as error:
        raise ServiceUnavailable(f"could not reach the API: {error}") from error
    except anthropic.RateLimitError as error:
        raise RateLimited(f"rate limited by the API after retries ({_error_type(error) or 429})") from error
    except (anthropic.PaymentRequiredError, anthropic.PermissionDeniedError) as error:
        raise SpendLimitReached(f"the API refused to bill more ({_error_type(error)})") from error
    except anthropic.AuthenticationError as error:
        raise NotConfigured("the API key was refused") from error
    except anthropic.InternalServerError as error:
        if isinstance(error, anthropic.OverloadedError) or error.status_code == 529:
            raise Overloaded("the API is overloaded (529) after retries") from error
        raise ServiceUnavailable(f"the API failed with {error.status_code} after retries") from error
    except anthropic.APIStatusError as error:
        raise RequestRejected(f"the API rejected the request ({error.status_code} {_error_type(error)})") from error


# --- Prompt caching ----------------------------------------------------------

CACHE_EPHEMERAL = {"type": "ephemeral"}

# The API's minimum cacheable prompt length (tokens, the whole prefix up to a
# cache breakpoint), by model family: a shorter prefix marked ``cache_control``
# is processed uncached. Longest matching prefix of the model id wins; from the
# Anthropic docs "Prompt caching" (Cache limitations), as of November 2026.
MIN_CACHEABLE_TOKENS: dict[str, int] = {
    "claude-opus-5": 512,
    "claude-fable-5": 512,
    "claude-mythos-5": 512,
    "claude-sonnet-5": 1024,
    "claude-opus-4-8": 1024,
    "claude-opus-4-7": 2048,
    "claude-opus-4-6": 4096,
    "claude-opus-4-5": 4096,
    "claude-opus-4-1": 1024,
    "claude-opus-4": 1024,
    "claude-sonnet-4": 1024,
    "claude-3-7-sonnet": 1024,
    "claude-haiku-4-5": 4096,
    "claude-3-5-haiku": 2048,
    "claude-3-haiku": 2048,
}
# A model the table does not know: the largest minimum, so nothing is marked that may not be cached.
MIN_CACHEABLE_TOKENS_UNKNOWN = max(MIN_CACHEABLE_TOKENS.values())


def min_cacheable_tokens(model: str) -> int:
    families = [family for family in MIN_CACHEABLE_TOKENS if model.startswith(family)]
    return MIN_CACHEABLE_TOKENS[max(families, key=len)] if families else MIN_CACHEABLE_TOKENS_UNKNOWN


def tokens_estimate(text: str) -> int:
    """Tokens of a text, estimated as characters / 4 (English and Romanian prose)."""
    return len(text) // 4


def cacheable(prefix: str, *, model: str | None = None) -> bool:
    """Whether a prompt prefix is long enough for the API to cache it."""
    return tokens_estimate(prefix) >= min_cacheable_tokens(model or settings.ANTHROPIC_MODEL)


def message_params(
    *,
    system: str | list[dict],
    content: str | list[dict],
    schema: dict,
    max_tokens: int | None = None,
    model: str | None = None,
) -> dict:
    """The request body of one structured call, shared by direct and batch calls."""
    return {
        "model": model or settings.ANTHROPIC_MODEL,
        "max_tokens": max_tokens or settings.ANTHROPIC_MAX_TOKENS,
        "system": system,
        "messages": [{"role": "user", "content": content}],
        "output_config": {"format": {"type": "json_schema", "schema": output_schema(schema)}},
    }


def parse_message(message: Any) -> StructuredReply:
    """Check ``stop_reason`` before parsing: a refusal or a truncated reply is
    never parsed as JSON."""
    usage = Usage.from_sdk(getattr(message, "usage", None))
    stop_reason = getattr(message, "stop_reason", None)
    if stop_reason == "refusal":
        raise Refused("the model declined to answer", usage=usage)
    if stop_reason == "max_tokens":
        raise Truncated("the reply reached max_tokens", usage=usage)
    text = "".join(block.text for block in message.content if getattr(block, "type", "") == "text")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidReply(f"reply is not valid JSON: {error}", usage=usage) from error
    if not isinstance(data, dict):
        raise InvalidReply("reply is not a JSON object", usage=usage)
    return StructuredReply(data=data, model=getattr(message, "model", "") or "", usage=usage)


def structured_message(**params: Any) -> StructuredReply:
    """One Messages API call whose reply must match ``schema``.

    Accepts the keyword arguments of ``message_params``.
    """
    with translated_errors():
        message = get_client().messages.create(**message_params(**params))
    return parse_message(message)


# --- Message Batches (half price, for scheduled waves) ----------------------


def batch_create(requests: list[dict]) -> str:
    """Submit ``[{"custom_id": ..., "params": message_params(...)}, ...]``; returns the batch id."""
    with translated_errors():
        batch = get_client().messages.batches.create(requests=requests)
    return batch.id


def batch_status(batch_id: str) -> str:
    """``in_progress``, ``canceling`` or ``ended``."""
    with translated_errors():
        return get_client().messages.batches.retrieve(batch_id).processing_status


@dataclass
class BatchItem:
    """One result of a batch: ``reply`` when it succeeded, else ``error`` says why."""

    custom_id: str
    result_type: str
    reply: StructuredReply | None = None
    error: LLMError | None = None


def batch_results(batch_id: str) -> Iterator[BatchItem]:
    """Every result of an ended batch, of all four types (succeeded, errored, canceled, expired)."""
    with translated_errors():
        results = list(get_client().messages.batches.results(batch_id))
    for entry in results:
        result_type = entry.result.type
        if result_type == "succeeded":
            try:
                yield BatchItem(entry.custom_id, result_type, reply=parse_message(entry.result.message))
            except LLMError as error:
                yield BatchItem(entry.custom_id, result_type, error=error)
        else:
            yield BatchItem(entry.custom_id, result_type, error=LLMError(f"batch request {result_type}"))
