"""A fake Messages API on a loopback socket, for runs in another process (the
kill test) and for the benchmark: a fixed latency per call and token counts of
about one per four characters sent, like the real tokenizer on prose."""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.enrichment.synthetic import activities_sent, fake_reply

_ids = itertools.count(1)


def characters_sent(request: dict) -> int:
    """What the model reads: system prompt, message blocks, and the output schema."""
    system = request.get("system") or ""
    system_text = system if isinstance(system, str) else "".join(block["text"] for block in system)
    content = request["messages"][0]["content"]
    content_text = content if isinstance(content, str) else "".join(block["text"] for block in content)
    return len(system_text) + len(content_text) + len(json.dumps(request.get("output_config", {})))


class LoopbackMessagesAPI:
    def __init__(self, *, latency: float = 1.5) -> None:
        self.latency = latency
        self.lock = threading.Lock()
        self.requests = 0
        self.answered = 0
        self.input_tokens = 0
        self.output_tokens = 0
        self.names_sent: list[str] = []
        self.server: ThreadingHTTPServer | None = None
        # Cleared, it holds every answer until set: a test keeps a run in flight as long as it needs.
        self.answering = threading.Event()
        self.answering.set()

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LoopbackMessagesAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                request = json.loads(self.rfile.read(int(self.headers["content-length"])))
                body = api.answer(request)
                payload = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                with api.lock:
                    api.answered += 1

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.requests = self.answered = self.input_tokens = self.output_tokens = 0
            self.names_sent = []

    def answer(self, request: dict) -> dict:
        input_tokens = characters_sent(request) // 4
        with self.lock:
            self.requests += 1
            self.input_tokens += input_tokens
            self.names_sent.extend(activity["name"] for activity in activities_sent(request))
        self.answering.wait()
        time.sleep(self.latency)
        text = json.dumps(fake_reply(request), ensure_ascii=False)
        output_tokens = len(text) // 4
        with self.lock:
            self.output_tokens += output_tokens
        return {
            "id": f"msg_loop_{next(_ids)}",
            "type": "message",
            "role": "assistant",
            "model": "claude-loopback",
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
        }
