"""Who is using the app: nobody in particular (sign-in not configured), or a person signed in with OpenID Connect.

Sign-in is on exactly when ``.streamlit/secrets.toml`` (or a file named by
``--secrets.files``) has an ``[auth]`` section, which Streamlit's own
``st.login`` reads (``redirect_uri``, ``cookie_secret``, ``client_id``,
``client_secret``, ``server_metadata_url``). Then every page but a share link
asks the visitor to sign in first, each design belongs to whoever created it,
and the critic (with the API key) runs only for signed-in people. Coaches are
listed in the same file::

    [sketchfirst]
    coaches = ["coach@example.org"]

Without an ``[auth]`` section the app is the single-user tool it always was:
no sign-in, every design readable by whoever reaches the server.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping

import streamlit as st

from design.store import EVERYONE, Viewer, signed_in
from ui.resources import remember_viewer, viewer
from ui.state import Keys

__all__ = ["account_box", "coaches", "current_viewer", "sign_in_configured", "sign_in_page"]


def sign_in_configured() -> bool:
    """Whether the secrets file configures an OpenID Connect provider for ``st.login``."""
    try:
        return bool(st.secrets.load_if_toml_exists() and isinstance(st.secrets.get("auth"), Mapping))
    except Exception:  # noqa: BLE001 - a broken secrets file must not decide for the operator: Streamlit says why on login
        return False


def coaches() -> frozenset[str]:
    """The lower-cased addresses of ``[sketchfirst] coaches`` (empty when unset or not a list)."""
    section = st.secrets.get("sketchfirst") if st.secrets.load_if_toml_exists() else None
    listed = section.get("coaches", ()) if isinstance(section, Mapping) else ()
    if isinstance(listed, str):
        listed = [listed]
    return frozenset(a.strip().lower() for a in listed if isinstance(a, str))


def current_viewer() -> Viewer | None:
    """This run's viewer: everyone without sign-in, the signed-in person, or ``None`` (must sign in first).

    Kept in the session (:func:`ui.resources.remember_viewer`), where :func:`ui.resources.store` reads it
    for every query.
    """
    viewer: Viewer | None = EVERYONE
    if sign_in_configured():
        viewer = None
        if _logged_in():
            email = st.user.get("email")
            try:
                viewer = signed_in(email, coach=str(email).strip().lower() in coaches())
            except ValueError:
                viewer = None
                st.session_state[Keys.sign_in_problem] = (
                    "Your identity provider did not give an e-mail address, which Sketchfirst needs to know "
                    "whose designs are whose. Ask the operator to request the `email` scope.")
    remember_viewer(viewer)
    return viewer


def _logged_in() -> bool:
    """Whether Streamlit's sign-in cookie names someone (absent, as under AppTest, counts as no)."""
    return bool(st.user.get("is_logged_in", False))


def sign_in_page() -> None:
    """What a visitor sees before signing in: what the app is, and one button."""
    st.title("✏️ Sketchfirst")
    st.markdown("Sketch a system first, see its failure points on your own drawing, then defend it to a critic.")
    problem = st.session_state.pop(Keys.sign_in_problem, None)
    if problem:
        st.error(problem)
    if _logged_in():
        st.button("Sign out", key=Keys.sign_out, on_click=st.logout)
    elif importlib.util.find_spec("authlib") is None:
        st.error("Sign-in is configured, but this server lacks Authlib, which Streamlit's sign-in needs. "
                 "The operator installs it with `pip install 'sketchfirst[team]'` and restarts the app.")
    else:
        st.info("This server is shared by a group: sign in to see your designs and those shared with you.")
        st.button("Sign in", key=Keys.sign_in, type="primary", on_click=st.login)


def account_box() -> None:
    """In the sidebar: who is signed in (and as a coach), and Sign out. Nothing without sign-in."""
    who = viewer()
    if not who.email:
        return
    role = " · coach" if who.coach else ""
    shown = who.email.replace("`", "")  # code style: Streamlit would link a bare address
    st.caption(f"Signed in as `{shown}`{role}")
    st.button("Sign out", key=Keys.sign_out, on_click=st.logout, width="stretch")
