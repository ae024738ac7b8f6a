"""A loopback stand-in for the Messages API: the real SDK talks to it over a real socket.

Tests script what the "API" does next — a good structured reply (streamed as
SSE when the request asks for a stream), an error status, a connection cut
mid-body, a stall, a reply trickled a byte at a time, a refusal, a truncated
reply — and read back every request it received (headers and JSON body), how
many bytes of the answer went out and whether the client hung up first, so
they can count calls and inspect exactly what reached the model.

The stub is quiet and tidy: a client that hangs up is recorded, not printed;
any other error in a handler fails the test at exit; and leaving the ``with``
block shuts every open connection and waits for every handler thread.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2

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
    trickle: float = 0.0  # seconds between bytes of the answer, for as long as the client reads (or the stub runs)
    trickle_headers: bool = False  # with trickle: the status line and headers come a byte at a time too
    chunk: int = 40  # characters of text per SSE delta
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
        text, size = reply.text, reply.chunk
        chunks = [text[i:i + size] for i in range(0, len(text), size)] or [""]
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


class _Server(ThreadingHTTPServer):
    """Handler threads are joined at close (none outlives the stub); a client hanging up is not an error."""

    daemon_threads = False
    block_on_close = True

    def __init__(self, handler: type[BaseHTTPRequestHandler], stub: StubAPI):
        self.stub = stub
        super().__init__(("127.0.0.1", 0), handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return  # the client closed or reset the connection: tests do this on purpose
        self.stub.errors.append(traceback.format_exc())


class StubAPI:
    """Start with ``with StubAPI() as api:``; ``api.url`` is the base URL, ``api.requests`` what arrived."""

    def __init__(self, default: Reply | None = None):
        self.queue: list[Reply] = []
        self.default = default or good([])
        self.requests: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._connections: set[socket.socket] = set()
        self.on_request: Callable[[dict[str, Any]], None] | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 60  # a safety net: no handler waits for ever on a silent client

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def setup(self) -> None:
                super().setup()
                with stub._lock:
                    stub._connections.add(self.connection)

            def finish(self) -> None:
                with stub._lock:
                    stub._connections.discard(self.connection)
                with contextlib.suppress(ConnectionError):  # flushing to a client that already left
                    super().finish()

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("content-length", "0"))
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                record = {"path": self.path, "headers": dict(self.headers), "body": body, "raw": raw, "sent": 0,
                          "client_closed": False}
                with stub._lock:
                    stub.requests.append(record)
                    reply = stub.queue.pop(0) if stub.queue else stub.default
                if reply.stall:
                    stub._closing.wait(reply.stall)
                try:
                    self._answer(reply, body, record)
                except ConnectionError:  # the client hung up (a deadline, a cut, enough read): recorded, not printed
                    record["client_closed"] = True
                    self.close_connection = True

            def _answer(self, reply: Reply, body: Any, record: dict[str, Any]) -> None:
                if reply.status != 200:
                    payload = json.dumps({"type": "error", "error": {"type": reply.error_type, "message": "stub error"}}).encode()
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("retry-after-ms", "5")
                    self.send_header("request-id", "req_stub")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self._write(payload, record)
                    return
                streaming = isinstance(body, dict) and body.get("stream")
                data = _sse(reply) if streaming else json.dumps(_message(reply)).encode()
                kind = "text/event-stream" if streaming else "application/json"
                if reply.trickle and reply.trickle_headers:
                    head = (f"HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\nrequest-id: req_stub\r\n"
                            f"content-length: {len(data)}\r\n\r\n").encode()
                    self._trickle(head + data, reply.trickle, record)
                    return
                self.send_response(200)
                self.send_header("content-type", kind)
                self.send_header("request-id", "req_stub")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                if reply.trickle:
                    self._trickle(data, reply.trickle, record)
                elif reply.cut_after is not None:
                    self._write(data[: reply.cut_after], record)
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                else:
                    self._write(data, record)

            def _write(self, data: bytes, record: dict[str, Any]) -> None:
                """Send in pieces, counting what the client's end accepted."""
                view = memoryview(data)
                for start in range(0, len(data), 65536):
                    self.wfile.write(view[start : start + 65536])
                    record["sent"] += len(view[start : start + 65536])
                self.wfile.flush()

            def _trickle(self, data: bytes, interval: float, record: dict[str, Any]) -> None:
                for i in range(len(data)):
                    if stub._closing.wait(interval):
                        self.close_connection = True
                        return
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    record["sent"] += 1

        self.server = _Server(Handler, self)
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

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._closing.set()
        self.server.shutdown()
        self._thread.join()
        with self._lock:
            open_now = list(self._connections)
        for conn in open_now:  # wake handlers waiting on a kept-alive connection for a next request
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self.server.server_close()  # joins every handler thread
        if self.errors and exc_type is None:
            raise AssertionError("the stub failed while answering:\n" + "\n".join(self.errors))


class CountingTransport(httpx2.BaseTransport):
    """The real HTTP transport, counting the response bytes it hands to the SDK (what the client read)."""

    def __init__(self) -> None:
        self.inner = httpx2.HTTPTransport()
        self.received = 0

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        return httpx2.Response(response.status_code, headers=response.headers,
                               stream=_CountedStream(response.stream, self), extensions=response.extensions)

    def close(self) -> None:
        self.inner.close()


class _CountedStream(httpx2.SyncByteStream):
    def __init__(self, inner: Any, owner: CountingTransport):
        self.inner, self.owner = inner, owner

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            self.owner.received += len(chunk)
            yield chunk

    def close(self) -> None:
        self.inner.close()
