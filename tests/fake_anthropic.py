"""A fake Anthropic API on the SDK's own HTTP transport (``httpx2.MockTransport``).

It answers the way the API does — message objects with ``stop_reason`` and
``usage``, error bodies ``{"type": "error", "error": {...}}`` with the real
status codes and headers, batch objects and JSONL results — so the tests run
the real SDK (its retries, its parsing) and our real code above it.

Use ``FakeAnthropic.install()`` in a test (via the ``fake_anthropic`` fixture)
and queue replies: ``fake.reply_json({...})``, ``fake.refusal()``,
``fake.max_tokens()``, ``fake.error(429, "rate_limit_error", retry_after=0)``,
``fake.timeout()``. With nothing queued, ``fake.default`` (a callable taking
the request JSON) answers.
"""

from __future__ import annotations

import itertools
import json
from collections import deque
from collections.abc import Callable

import httpx2

from gamelibrary import llm

_ids = itertools.count(1)


def message_body(
    text: str,
    *,
    stop_reason: str = "end_turn",
    input_tokens: int = 100,
    output_tokens: int = 50,
    model: str = "claude-test",
    cache_read: int = 0,
    cache_creation: int = 0,
) -> dict:
    return {
        "id": f"msg_{next(_ids):06d}",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}] if text else [],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_read_input_tokens": cache_read,
            "cache_creation_input_tokens": cache_creation,
        },
    }


def error_body(error_type: str, message: str) -> dict:
    return {"type": "error", "error": {"type": error_type, "message": message}}


class FakeAnthropic:
    def __init__(self) -> None:
        self.queue: deque[Callable[[httpx2.Request], httpx2.Response]] = deque()
        self.requests: list[httpx2.Request] = []
        self.default: Callable[[dict], dict] | None = None
        self.batches: dict[str, dict] = {}

    # -- wiring ---------------------------------------------------------------
    def install(self) -> FakeAnthropic:
        client = httpx2.Client(transport=httpx2.MockTransport(self._handle), base_url="https://api.anthropic.com")
        llm.use_http_client(client)
        return self

    def uninstall(self) -> None:
        llm.use_http_client(None)

    @property
    def message_requests(self) -> list[dict]:
        return [json.loads(r.content) for r in self.requests if r.url.path == "/v1/messages"]

    # -- queued answers ---------------------------------------------------------
    def reply_json(self, data: dict, **usage) -> None:
        self.queue.append(lambda request: httpx2.Response(200, json=message_body(json.dumps(data), **usage)))

    def reply_text(self, text: str, **usage) -> None:
        self.queue.append(lambda request: httpx2.Response(200, json=message_body(text, **usage)))

    def refusal(self) -> None:
        self.queue.append(lambda request: httpx2.Response(200, json=message_body("", stop_reason="refusal")))

    def max_tokens(self, partial_text: str = '{"activities": [{"name": "Unfin') -> None:
        self.queue.append(
            lambda request: httpx2.Response(200, json=message_body(partial_text, stop_reason="max_tokens"))
        )

    def error(
        self, status: int, error_type: str, message: str = "error", *, retry_after: float | None = None, times: int = 1
    ) -> None:
        headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
        for _ in range(times):
            self.queue.append(
                lambda request: httpx2.Response(status, json=error_body(error_type, message), headers=headers)
            )

    def timeout(self, times: int = 1) -> None:
        def raise_timeout(request: httpx2.Request) -> httpx2.Response:
            raise httpx2.ReadTimeout("timed out", request=request)

        for _ in range(times):
            self.queue.append(raise_timeout)

    # -- batches ----------------------------------------------------------------
    def _batch_object(self, batch_id: str) -> dict:
        batch = self.batches[batch_id]
        counts = {"processing": 0, "succeeded": 0, "errored": 0, "canceled": 0, "expired": 0}
        for result in batch["results"].values():
            counts[result["type"]] += 1
        return {
            "id": batch_id,
            "type": "message_batch",
            "processing_status": batch["status"],
            "request_counts": counts,
            "created_at": "2026-11-23T00:00:00Z",
            "expires_at": "2026-11-24T00:00:00Z",
            "ended_at": "2026-11-23T01:00:00Z" if batch["status"] == "ended" else None,
            "cancel_initiated_at": None,
            "archived_at": None,
            "results_url": f"https://api.anthropic.com/v1/messages/batches/{batch_id}/results"
            if batch["status"] == "ended"
            else None,
        }

    def end_batch(self, batch_id: str, results: dict[str, dict]) -> None:
        """Finish a batch with ``{custom_id: result}``; see ``batch_succeeded`` and friends."""
        self.batches[batch_id]["status"] = "ended"
        self.batches[batch_id]["results"] = results

    @staticmethod
    def batch_succeeded(data: dict, **usage) -> dict:
        return {"type": "succeeded", "message": message_body(json.dumps(data), **usage)}

    @staticmethod
    def batch_errored(error_type: str = "invalid_request_error") -> dict:
        return {"type": "errored", "error": error_body(error_type, "request failed")}

    @staticmethod
    def batch_canceled() -> dict:
        return {"type": "canceled"}

    @staticmethod
    def batch_expired() -> dict:
        return {"type": "expired"}

    # -- the transport -------------------------------------------------------
    def _handle(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/v1/messages/batches" and request.method == "POST":
            batch_id = f"msgbatch_{next(_ids):06d}"
            body = json.loads(request.content)
            self.batches[batch_id] = {"status": "in_progress", "requests": body["requests"], "results": {}}
            return httpx2.Response(200, json=self._batch_object(batch_id))
        if path.startswith("/v1/messages/batches/"):
            parts = path.split("/")
            batch_id = parts[4]
            if batch_id not in self.batches:
                return httpx2.Response(404, json=error_body("not_found_error", "no such batch"))
            if path.endswith("/results"):
                lines = [
                    json.dumps({"custom_id": custom_id, "result": result})
                    for custom_id, result in self.batches[batch_id]["results"].items()
                ]
                return httpx2.Response(
                    200, content="\n".join(lines).encode(), headers={"content-type": "application/binary"}
                )
            return httpx2.Response(200, json=self._batch_object(batch_id))
        if path == "/v1/messages":
            if self.queue:
                return self.queue.popleft()(request)
            if self.default is not None:
                data = self.default(json.loads(request.content))
                return httpx2.Response(200, json=message_body(json.dumps(data)))
            return httpx2.Response(500, json=error_body("api_error", "the fake has no answer queued"))
        return httpx2.Response(404, json=error_body("not_found_error", f"unknown path {path}"))
