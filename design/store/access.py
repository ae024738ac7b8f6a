"""Who is asking, and the share tokens that let anyone read one saved version.

Why here, below the shells: the store filters every listing and every opening
by the viewer, so a page that forgets to check cannot show someone else's
design. Three kinds of viewer:

- :data:`EVERYONE`: sign-in is not configured (one person on a laptop, or a
  deployment that chose no sign-in). Every design is everyone's, as before
  sign-in existed.
- a signed-in person (:func:`signed_in`): reads and changes only the designs
  they created.
- :data:`SIGNED_OUT`: sign-in is configured and the visitor has not signed
  in; no design is theirs, so they read nothing but share links.
- a coach (a signed-in person on the coaches' list): reads every design, round
  and scorecard of the group and may critique any of them (run the critic,
  answer and comment), but changes only their own designs.

What a viewer may do to a design is one of three :class:`Right` s; a holder of
a share link (signed in or not) gets neither: only the one version it names.

A share link carries a random token; the store keeps only its SHA-256, so a
copy of the database (a backup, ``db copy``) cannot be turned back into
working links. Tokens are 32 random bytes, so a fast hash is enough: nobody
can guess one to try against it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from enum import IntEnum

__all__ = ["EVERYONE", "SIGNED_OUT", "TOKEN_BYTES", "Right", "Viewer", "hash_token", "new_token", "normal_email", "signed_in"]

TOKEN_BYTES = 32
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
#: An address as identity providers hand them out: something@domain, no spaces, within RFC 5321's length.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}$")


class Right(IntEnum):
    """What a viewer asks to do to a design, weakest first."""

    READ = 1  # list it, open its versions, drafts, critiques, rounds
    COMMENT = 2  # critique it: run the critic on a version, answer and comment on its questions
    CHANGE = 3  # save versions and drafts, retitle, decide on findings, run rounds, pair, share


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who the store answers: ``email`` is ``None`` when sign-in is not configured (everyone sees everything)."""

    email: str | None = None
    coach: bool = False

    @property
    def everyone(self) -> bool:
        return self.email is None

    @property
    def signed_out(self) -> bool:
        """A visitor of a server with sign-in who has not signed in: owns nothing, reads only share links."""
        return self.email == ""

    @property
    def reads_all(self) -> bool:
        """Whether every design is readable (no sign-in, or a coach)."""
        return self.email is None or self.coach

    def owner_only(self, right: Right) -> bool:
        """Whether, for ``right``, this viewer is limited to the designs they own.

        >>> Viewer("c@x.org", coach=True).owner_only(Right.COMMENT), Viewer("c@x.org", coach=True).owner_only(Right.CHANGE)
        (False, True)
        """
        if self.email is None:
            return False
        return not self.coach or right is Right.CHANGE


EVERYONE = Viewer()
#: Sign-in is configured and the visitor has not signed in (no design has the empty owner).
SIGNED_OUT = Viewer("")


def normal_email(address: object) -> str:
    """An e-mail address as the store keys people by: trimmed and lower-cased, or ``ValueError``.

    >>> normal_email("  Ada@Example.ORG ")
    'ada@example.org'
    """
    text = address.strip().lower() if isinstance(address, str) else ""
    if not _EMAIL.match(text):
        raise ValueError(f"{str(address)[:80]!r} is not an e-mail address")
    return text


def signed_in(email: object, *, coach: bool = False) -> Viewer:
    """The viewer for a signed-in person (``ValueError`` when the provider gave no usable address)."""
    return Viewer(normal_email(email), coach)


def new_token() -> str:
    """A fresh share token: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str | None:
    """What the store keeps of a token (hex SHA-256), or ``None`` for text that cannot be a token.

    >>> hash_token("not a token!") is None
    True
    """
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return hashlib.sha256(token.encode("ascii")).hexdigest()
