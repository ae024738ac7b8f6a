"""Read a file's bytes up to a limit, from any source: never trust the size a file reports.

``stat().st_size`` is 0 for ``/dev/zero``, a FIFO, a pipe on stdin or a
``/proc`` file, so a size check followed by ``read_bytes()`` reads them
without end. These functions read at most ``limit + 1`` bytes, each
``read`` asking for no more than is still allowed (no read-ahead buffer), and
refuse with :class:`TooLarge` when the extra byte arrives.
"""

from __future__ import annotations

import os
from typing import BinaryIO

__all__ = ["CHUNK", "TooLarge", "read_limited", "read_path"]

#: Bytes asked for per ``read`` call.
CHUNK = 1024 * 1024


class TooLarge(ValueError):
    """The source holds more than the limit; the message says the limit (the true size is never read)."""

    def __init__(self, limit: int):
        self.limit = limit
        unit = f"{limit // (1024 * 1024)} MiB" if limit % (1024 * 1024) == 0 else f"{limit // 1024} KiB"
        super().__init__(f"file is larger than {unit}")


def read_limited(source: BinaryIO, limit: int) -> bytes:
    """All of ``source`` if it holds at most ``limit`` bytes; else :class:`TooLarge` after reading ``limit + 1``.

    >>> import io
    >>> read_limited(io.BytesIO(b"abc"), 3)
    b'abc'
    >>> read_limited(io.BytesIO(b"abcd"), 3)
    Traceback (most recent call last):
    ...
    design.readers.limited.TooLarge: file is larger than 0 KiB
    """
    chunks: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = source.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
    raise TooLarge(limit)


def read_path(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the file at ``path`` (a regular file, device, FIFO or ``/dev/stdin``), at most ``limit``.

    Opened unbuffered, so a FIFO or device gives up exactly the bytes asked
    for. ``OSError`` (missing, a directory, no permission) is the caller's to report.
    """
    with open(path, "rb", buffering=0) as raw:
        return read_limited(raw, limit)
