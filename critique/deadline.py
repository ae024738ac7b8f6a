"""One critique's overall deadline, which also ends a read that is blocked on a socket.

The SDK's timeouts bound each wait for a byte, not the whole reply: a server
that sends one byte every 20 seconds never trips a 60-second read timeout and
holds the critique for ever. The critic waits for its worker with this
deadline, and on expiry shuts down the socket the worker reads from (once
the worker has attached it), which makes the blocked read return at once, so
no thread or connection outlives the critique by more than a moment.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Any

__all__ = ["Deadline", "socket_of"]


class Deadline:
    """``seconds`` from now. :meth:`expire` is called by the waiting side; :meth:`attach` by the reading side."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._at = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self.expired = False

    def left(self) -> float:
        """Seconds until the deadline (negative after it)."""
        return self._at - time.monotonic()

    def attach(self, sock: socket.socket | None) -> None:
        """The socket the reply is read from now (``None`` once the reply is read); shut at once if already late."""
        with self._lock:
            self._socket = sock
            if self.expired and sock is not None:
                _shut(sock)

    def expire(self) -> None:
        """The deadline passed: mark it, and make a blocked read on the attached socket return."""
        with self._lock:
            self.expired = True
            if self._socket is not None:
                _shut(self._socket)


def socket_of(response: Any) -> socket.socket | None:
    """The socket under an ``httpx2`` response (its ``network_stream`` extension), or ``None`` (a mock transport)."""
    try:
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
    except Exception:  # an unusual transport: the deadline still holds, the read just ends later
        return None
    return sock if isinstance(sock, socket.socket) else None


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed or never connected
        sock.shutdown(socket.SHUT_RDWR)
