"""Safe file names from user text: a design title must never pick where a file lands.

Titles are typed by users and read from imported files, and exports name their
files after them. One small function turns any title into a name that is a
single path component on every platform: no separators or traversal, no
control or bidi characters, no Windows reserved device names, bounded length.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_STEM", "MAX_STEM_BYTES", "safe_filename"]

#: Longest stem (before the extension) in characters, and in UTF-8 bytes: file systems count bytes
#: (255 on ext4, APFS and NTFS), and 80 letters outside the Basic Multilingual Plane are 320 of them.
MAX_STEM = 80
MAX_STEM_BYTES = 160

_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$"}
_RESERVED |= {f"{dev}{n}" for dev in ("com", "lpt") for n in (*"123456789", "¹", "²", "³")}
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f]')
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def safe_filename(title: str, extension: str = "", fallback: str = "design") -> str:
    """A file name made from ``title`` plus ``extension`` (given without the dot).

    Letters (any script), digits, ``-``, ``_`` and ``.`` are kept; runs of
    anything else become one ``-``. Leading dots and dashes go (no hidden
    files, no option-like names), reserved device names get a ``_`` suffix,
    and an empty result becomes ``fallback``.

    >>> safe_filename("URL shortener / v2", "md")
    'URL-shortener-v2.md'
    >>> safe_filename("../../etc/passwd"), safe_filename("CON", "png"), safe_filename("\\u202egnp.exe")
    ('etc-passwd', 'CON_.png', 'gnp.exe')
    """
    text = unicodedata.normalize("NFKC", title or "")
    text = "".join(" " if unicodedata.category(ch) in _INVISIBLE else ch for ch in text)
    text = _UNSAFE.sub(" ", text)
    text = re.sub(r"[^\w.\-]+", "-", text)
    text = re.sub(r"-{2,}", "-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = text.strip(".-_ ")
    text = text[:MAX_STEM]
    while len(text.encode("utf-8")) > MAX_STEM_BYTES:
        text = text[:-1]
    text = text.rstrip(".-_ ")
    if not text:
        text = _clean_fallback(fallback)
    if text.split(".")[0].lower() in _RESERVED:
        text = text.split(".")[0] + "_" + text[len(text.split(".")[0]) :]
    ext = re.sub(r"[^A-Za-z0-9.]", "", extension).strip(".")
    return f"{text}.{ext}" if ext else text


def _clean_fallback(fallback: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", fallback) or "design"
