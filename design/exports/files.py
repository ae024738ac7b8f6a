"""Write an export file where the user asked, and nowhere else: never through a link, never half-written.

An output folder may already hold a symbolic link under the name an export
is about to take; opening that name for writing follows the link and
overwrites whatever it points to, outside the folder. So the bytes go to a
fresh temporary file in the same folder (created with ``O_EXCL`` and
``O_NOFOLLOW``, so it can be neither a link nor someone else's file) and
are renamed over the target, which replaces a directory entry and never
follows one. A target that is a link is refused outright rather than
silently replaced: the user may have put it there on purpose. A reader of
the old file sees it whole until the rename, then the new one whole.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["LinkRefused", "refuse_link", "write_file"]


class LinkRefused(OSError):
    """The target name is a symbolic link (dangling or not); nothing was written. ``str()`` is the reason only."""

    def __init__(self, path: Path):
        super().__init__("is a symbolic link; not writing through it (remove it or pick another name)")
        self.path = path


def refuse_link(path: Path) -> None:
    """Raise :class:`LinkRefused` if ``path`` itself is a symbolic link (its folder may be one: the user named it)."""
    if path.is_symlink():
        raise LinkRefused(path)


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with a file holding ``data`` (mode 0666 less the umask), or raise ``OSError``."""
    refuse_link(path)
    folder = path.parent
    temporary = folder / f".sketchfirst-{secrets.token_hex(8)}.part"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        refuse_link(path)  # checked again just before the rename, which itself never follows a link
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
