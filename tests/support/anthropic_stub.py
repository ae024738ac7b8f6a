"""A loopback stand-in for the Messages API: the real SDK talks to it over a real socket.

Tests script what the "API" does next — a good structured reply (streamed as
SSE when the request asks for a stream), an error status, a connection cut
mid-body, a stall, a refusal, a truncated reply — and read back every request
it received (headers and JSON body), so they can count calls and inspect
exactly what reached the model.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODEL = "claude-haiku-5-5"


@dataclass
class Reply:
    """What the stub does with one request."""

    status: int = 200
    text: str | None = None  # the assistant's text (JSON for structured output)
    stop_reason: str = "end_turn"
    error_type: str | None = None  # for error statuses
    cut_after: int | None = None  # stream only this many body bytes, then drop the connection
    stall: float = 0.0  # seconds to wait before answering
    sse_error: str | None = None  # send an SSE error event of this type after the first delta
    thinking: bool = False  # a thinking block before the text
    usage: dict[str, int] = field(default_factory=lambda: {"input_tokens": 1200, "output_tokens": 400,
                                                           "cache_creation_input_tokens": 900,
                                                           "cache_read_input_tokens": 0})


def good(probes: list[dict[str, Any]], assessments: list[dict[str, Any]] | None = None, **kw: Any) -> Reply:
    body: dict[str, Any] = {"probes": probes}
    if assessments is not None:
        body = {"assessments": assessments, **body}
    return Reply(text=json.dumps(body), **kw)


def status(code: int, error_type: str) -> Reply:
    return Reply(status=code, error_type=error_type)


def _message(reply: Reply) -> dict[str, Any]:
    content = [{"type": "text", "text": reply.text}] if reply.text is not None else []
    if reply.thinking:
        content.insert(0, {"type": "thinking", "thinking": "Looking at the design.", "signature": "sig"})
    return {"id": "msg_stub", "type": "message", "role": "assistant", "model": MODEL, "content": content,
            "stop_reason": reply.stop_reason, "stop_sequence": None, "usage": reply.usage}


def _event(kind: str, data: dict[str, Any]) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data)}\n\n".encode()


def _sse(reply: Reply) -> bytes:
    start = {**_message(reply), "content": [], "stop_reason": None,
             "usage": {**reply.usage, "output_tokens": 1}}
    out = [_event("message_start", {"type": "message_start", "message": start})]
    index = 0
    if reply.thinking:
        out.append(_event("content_block_start", {"type": "content_block_start", "index": 0,
                                                  "content_block": {"type": "thinking", "thinking": "", "signature": ""}}))
        out.append(_event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                  "delta": {"type": "thinking_delta", "thinking": "Looking at it."}}))
        out.append(_event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                                  "delta": {"type": "signature_delta", "signature": "sig"}}))
        out.append(_event("content_block_stop", {"type": "content_block_stop", "index": 0}))
        index = 1
    if reply.text is not None:
        out.append(_event("content_block_start", {"type": "content_block_start", "index": index,
                                                  "content_block": {"type": "text", "text": ""}}))
        out.append(_event("ping", {"type": "ping"}))
        text = reply.text
        chunks = [text[i:i + 40] for i in range(0, len(text), 40)] or [""]
        for n, chunk in enumerate(chunks):
            out.append(_event("content_block_delta", {"type": "content_block_delta", "index": index,
                                                      "delta": {"type": "text_delta", "text": chunk}}))
            if n == 0 and reply.sse_error:
                out.append(_event("error", {"type": "error", "error": {"type": reply.sse_error, "message": "Overloaded"}}))
        out.append(_event("content_block_stop", {"type": "content_block_stop", "index": index}))
    out.append(_event("message_delta", {"type": "message_delta",
                                        "delta": {"stop_reason": reply.stop_reason, "stop_sequence": None},
                                        "usage": {"output_tokens": reply.usage["output_tokens"]}}))
    out.append(_event("message_stop", {"type": "message_stop"}))
    return b"".join(out)


class StubAPI:
    """Start with ``with StubAPI() as api:``; ``api.url`` is the base URL, ``api.requests`` what arrived."""

    def __init__(self, default: Reply | None = None):
        self.queue: list[Reply] = []
        self.default = default or good([])
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self.on_request: Callable[[dict[str, Any]], None] | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("content-length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                record = {"path": self.path, "headers": dict(self.headers), "body": body, "raw": raw}
                with stub._lock:
                    stub.requests.append(record)
                    reply = stub.queue.pop(0) if stub.queue else stub.default
                if reply.stall:
                    stub._closing.wait(reply.stall)
                if reply.status != 200:
                    payload = json.dumps({"type": "error", "error": {"type": reply.error_type, "message": "stub error"}}).encode()
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("retry-after-ms", "5")
                    self.send_header("request-id", "req_stub")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                streaming = isinstance(body, dict) and body.get("stream")
                data = _sse(reply) if streaming else json.dumps(_message(reply)).encode()
                self.send_response(200)
                self.send_header("content-type", "text/event-stream" if streaming else "application/json")
                self.send_header("request-id", "req_stub")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                if reply.cut_after is not None:
                    self.wfile.write(data[: reply.cut_after])
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def push(self, *replies: Reply) -> StubAPI:
        with self._lock:
            self.queue.extend(replies)
        return self

    @property
    def messages(self) -> list[dict[str, Any]]:
        """Requests to the Messages endpoint."""
        return [r for r in self.requests if r["path"].startswith("/v1/messages")]

    def __enter__(self) -> StubAPI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing.set()
        self.server.shutdown()
        self.server.server_close()
