"""A real OpenID Connect provider on a loopback port (the ``oidc-provider-mock`` package from PyPI), and the
secrets file that points the app's ``st.login`` at it.

The provider issues real signed ID tokens through the real authorization-code
flow; its login form asks only for the subject, which it also hands out as the
``email`` claim. Nothing of ours is faked: the app's sign-in runs as it would
against Google or Okta.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, expect

from support.browser import CANVAS, wait_idle


@contextmanager
def oidc_provider() -> Iterator[str]:
    """Start the provider; yields its issuer URL. Plain HTTP on loopback needs Authlib's insecure-transport switch."""
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


def write_secrets(path: Path, *, app_port: int, issuer: str, coaches: tuple[str, ...] = ()) -> Path:
    """The ``[auth]`` section ``st.login`` reads, and Sketchfirst's coaches, as an operator would write them."""
    listed = ", ".join(f'"{c}"' for c in coaches)
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "sketchfirst"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n'
        "\n[sketchfirst]\n"
        f"coaches = [{listed}]\n"
    )
    return path


def sign_in(page: Page, app_url: str, email: str) -> None:
    """Open the app, press Sign in, name ``email`` on the provider's form, and land back on the editor."""
    page.goto(app_url)
    page.get_by_role("button", name="Sign in").click(timeout=45_000)
    page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=20_000)
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible(timeout=45_000)
    page.locator(CANVAS).first.wait_for(timeout=45_000)
    wait_idle(page)
