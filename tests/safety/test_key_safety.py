"""The API key never leaves the environment: not into the database, an export, a log, a page or an error.

A recognisable fake key is set the way a user sets it (``ANTHROPIC_API_KEY``,
with ``ANTHROPIC_BASE_URL`` pointing at the loopback stub), every path that
touches a design or the critic is run — the CLI (analyze, critique that
succeeds and that fails five ways, every export format from a file and from
the database), saves and critiques through the real store, the app through
AppTest — and then every file written (the SQLite database with its -wal and
-shm files, every export, zip members and PNG text chunks unpacked), stdout,
stderr, every log record and every message on the page is scanned for the key
and for distinctive pieces of it.
"""

from __future__ import annotations

import base64
import json
import logging
import sqlite3
import urllib.parse
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import anthropic
import pytest
from streamlit.testing.v1 import AppTest

from cli import main
from critique.claude import ClaudeCritic
from critique.fallback import FallbackCritic
from critique.models import Mode
from critique.offline import OfflineCritic
from critique.payload import to_payload
from critique.request import request_for
from critique.select import build_client
from design.analysis.analyze import analyze_document
from design.exports.formats import FORMATS
from design.model.document import SketchDocument
from design.store import open_store
from support.anthropic_stub import Reply, StubAPI, good, status
from support.apptest import Keys, bound_key, opened, saved_chat, scoped
from support.critique_designs import DESIGNS

SECRET = "LEAKCANARY7f3a9c2e51b84d06e9a1c7b3f5d20e8a"
KEY = f"sk-ant-api03-{SECRET}-Q9zXw4AA"
#: The key and distinctive pieces of it, in the encodings a careless writer might use.
NEEDLES = {
    "key": KEY,
    "secret part": SECRET,
    "canary": "LEAKCANARY",
    "head": SECRET[:16],
    "tail": KEY[-16:],
    "base64": base64.b64encode(KEY.encode()).decode()[:24],
    "url-quoted": urllib.parse.quote(KEY, safe=""),
    "reversed": KEY[::-1][:20],
}
PROBES = [
    {"question": "What happens to writes when Postgres fails over?", "why_it_matters": "Lost orders.",
     "targets": ["postgres"], "category": "durability", "severity": "high"},
    {"question": "How many Web server instances run?", "why_it_matters": "One is a single point of failure.",
     "targets": ["web-server"], "category": "single_point_of_failure", "severity": "medium"},
]
#: The ways a Claude critique fails: each must fall back with a message free of the key.
FAILURES = {
    "401": status(401, "authentication_error"),
    "403": status(403, "permission_error"),
    "500": status(500, "api_error"),
    "invalid JSON": Reply(text="{this is not json"),
    "schema mismatch": Reply(text=json.dumps({"probes": [{"question": 3}]})),
    "cut mid-stream": Reply(text=json.dumps({"probes": PROBES}), cut_after=300),
    "sse overloaded": Reply(text=json.dumps({"probes": PROBES}), sse_error="overloaded_error"),
    "truncated": Reply(text=json.dumps({"probes": PROBES})[:50], stop_reason="max_tokens"),
    "refusal": Reply(text=None, stop_reason="refusal"),
}


def _expand(blob: bytes) -> list[bytes]:
    """The blob and what is packed inside it: zip members, PNG text and image chunks, zlib streams."""
    out = [blob]
    if blob[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(BytesIO(blob)) as zf:
            for name in zf.namelist():
                out.append(name.encode())
                out.extend(_expand(zf.read(name)))
    elif blob[:8] == b"\x89PNG\r\n\x1a\n":
        pos, idat = 8, b""
        while pos + 8 <= len(blob):
            length = int.from_bytes(blob[pos:pos + 4], "big")
            kind, data = blob[pos + 4:pos + 8], blob[pos + 8:pos + 8 + length]
            if kind == b"IDAT":
                idat += data
            elif kind == b"zTXt":
                keyword, _, rest = data.partition(b"\x00")
                out.append(keyword + zlib.decompress(rest[1:]))
            elif kind in (b"tEXt", b"iTXt"):
                out.append(data)
            pos += 12 + length
        out.append(zlib.decompress(idat))
    return out


def leaks(blob: bytes | str) -> list[str]:
    """Names of the needles found in ``blob`` (case-insensitively, as bytes and as UTF-16)."""
    raw = blob.encode("utf-8", "surrogatepass") if isinstance(blob, str) else blob
    found = []
    for part in _expand(raw):
        low = part.lower()
        for name, needle in NEEDLES.items():
            n = needle.lower()
            if n.encode() in low or n.encode("utf-16-le") in low:
                found.append(name)
    return sorted(set(found))


def scan_tree(root: Path) -> tuple[int, dict[str, list[str]]]:
    """How many files were scanned under ``root``, and the needles found per file."""
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    return len(files), {str(p.relative_to(root)): hit for p in files if (hit := leaks(p.read_bytes()))}


@pytest.fixture
def api(monkeypatch, tmp_path):
    """The user's environment: a key and a base URL (the stub); the working directory is the scratch dir."""
    with StubAPI(good(PROBES)) as stub:
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", stub.url)
        monkeypatch.chdir(tmp_path)
        yield stub


@pytest.fixture
def logs(caplog):
    """Every log record of every logger, the SDK's and httpx2's debug output included."""
    caplog.set_level(logging.DEBUG)
    return caplog


def test_the_needles_are_found_where_they_are_hidden():
    """The scanner itself: it must find the key in plain text, in a zip, in a PNG text chunk and in pieces."""
    assert leaks(f"x {KEY} y") and leaks(SECRET[:16].upper()) and leaks(urllib.parse.quote(KEY, safe=""))
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a/report.md", f"key: {KEY}" * 20)
    assert "key" in leaks(buf.getvalue())
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", KEY, zip=True)
    png = BytesIO()
    Image.new("RGB", (2, 2)).save(png, "PNG", pnginfo=info)
    assert "key" in leaks(png.getvalue())
    assert not leaks("sk-ant-api03-something-else entirely")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_every_path_leaves_no_trace_of_the_key(api, tmp_path, capsys, logs):
    design = tmp_path / "shop.canvas.json"
    design.write_text(json.dumps(DESIGNS["minimal"]))
    streams: list[str] = []
    paths = 0

    def cli(*argv: str, code: int = 0) -> str:
        nonlocal paths
        got, out, err = run_cli(capsys, *argv)
        assert got == code, (argv, err)
        streams.extend((out, err))
        paths += 1
        return out

    cli("analyze", str(design))
    cli("analyze", str(design), "--format", "json")
    for fmt in ("json", "text"):
        data = cli("critique", str(design), "--format", fmt)
        assert "What happens to writes when Postgres fails over?" in data
    assert len(api.messages) == 2 and KEY in str(api.messages[0]["headers"])  # the key did go to the API
    for name, reply in FAILURES.items():
        api.default = reply  # every attempt (the SDK retries once on 5xx) gets the same failure
        before = len(api.messages)
        data = json.loads(cli("critique", str(design), "--format", "json"))
        assert len(api.messages) > before, name
        assert data["critic"] == "offline" and data["notes"][0].startswith("Claude was not used"), (name, data)
    api.default = good(PROBES)
    cli("critique", str(design), "--offline")

    # Every export, from the file and from a saved version that carries a Claude critique.
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    for fmt in FORMATS:
        cli("export", str(design), "--to", fmt, "-o", str(out_dir))
        cli("export", str(design), "--to", fmt)  # the default name, in the working directory
    store = open_store(tmp_path / "sketchfirst.db")
    keeper = sqlite3.connect(tmp_path / "sketchfirst.db")  # holds the -wal and -shm files open for the scan
    keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
    doc = SketchDocument(canvas=DESIGNS["minimal"], title="Shop")
    design_id = store.create_design("Shop")
    store.save_version(design_id, doc, analyze_document(doc).findings)
    client = build_client(KEY, api.url)
    try:
        critique = FallbackCritic(ClaudeCritic(client), OfflineCritic()).critique(request_for(doc, Mode.STRESS, version=1))
    finally:
        client.close()
    assert critique.critic == "claude"
    store.save_critique(design_id, 1, "stress", to_payload(critique))
    for fmt in FORMATS:
        cli("export", "--design", str(design_id), "--to", fmt, "-o", str(out_dir / f"saved.{fmt}"))
    cli("export", "--design", str(design_id), "--to", "json", "-o", "-")
    cli("export", "--design", "999", "--to", "json", code=2)  # an error path too

    assert paths == 37
    for i, text in enumerate(streams):
        assert not leaks(text), (i, text[:300])
    assert not [r for r in logs.records if leaks(r.getMessage()) or leaks(str(r.args))]
    scanned, hits = scan_tree(tmp_path)
    written = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")}
    assert {"sketchfirst.db", "sketchfirst.db-wal", "sketchfirst.db-shm", "exports/saved.bundle", "shop.zip"} <= written
    assert scanned == 26  # 7 formats x 3 exports, the picture beside the default-named report, the input, 3 db files
    assert hits == {}
    assert not leaks("\n".join(keeper.iterdump()))  # every row, as SQL
    keeper.close()


@pytest.mark.parametrize("name", list(FAILURES) + ["timeout", "unreachable"])
def test_sdk_errors_are_explained_without_the_key(name, tmp_path):
    """The SDK's exceptions carry the request (with its x-api-key header); our messages must not."""
    import socket

    with StubAPI() as stub:
        if name == "timeout":
            stub.push(Reply(stall=5.0, text="{}"), Reply(stall=5.0, text="{}"))
            client = build_client(KEY, stub.url, timeout=anthropic.Timeout(0.3, connect=0.3), max_retries=0)
        elif name == "unreachable":
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            client = build_client(KEY, f"http://127.0.0.1:{port}/{KEY}", max_retries=0)
        else:
            stub.push(FAILURES[name], FAILURES[name])
            client = build_client(KEY, stub.url, max_retries=0)
        try:
            request = request_for(SketchDocument(canvas=DESIGNS["minimal"], title="Shop"), Mode.STRESS, version=1)
            result = FallbackCritic(ClaudeCritic(client), OfflineCritic()).critique(request)
        finally:
            client.close()
    assert result.critic == "offline" and result.notes[0].startswith("Claude was not used")
    payload = json.dumps(to_payload(result))
    assert not leaks(payload), payload
    assert not leaks(repr(result))


def test_the_sdk_itself_would_leak_so_raw_exceptions_never_reach_the_user():
    """Why the explanations above matter: the raw SDK error holds the key in its request headers."""
    with StubAPI(status(401, "authentication_error")) as stub:
        client = build_client(KEY, stub.url, max_retries=0)
        try:
            with pytest.raises(anthropic.AuthenticationError) as caught:
                client.messages.create(model="claude-haiku-5-5", max_tokens=10,
                                       messages=[{"role": "user", "content": "hi"}])
        finally:
            client.close()
    exc = caught.value
    assert leaks(str(dict(exc.response.request.headers)))  # the danger is real
    assert not leaks(str(exc)) and not leaks(repr(exc))  # what a careless f"{exc}" would show


def page_text(at: AppTest) -> str:
    """Every message on the page: markdown, captions, alerts, toasts, expander and widget labels, HTML."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader", "header", "title",
                 "toast", "code", "text", "exception"):
        parts += [str(getattr(e, "value", "")) for e in at.get(kind)]
    parts += [e.label for e in at.get("expander")]
    parts += [h.proto.body for h in at.get("html")]
    for kind in ("button", "text_input", "text_area", "selectbox", "radio", "toggle", "download_button",
                 "number_input", "checkbox"):
        for w in at.get(kind):
            parts.append(str(getattr(w, "label", "")))
            parts.append(str(getattr(w, "help", "") or ""))
            if kind in ("text_input", "text_area"):
                parts.append(str(w.value or ""))
    parts += [repr({k: at.session_state[k] for k in at.session_state})]
    return "\n".join(parts)


def test_the_app_save_critique_failure_and_exports_leave_no_trace(api, tmp_path, logs):
    at = opened()
    pages = [page_text(at)]
    saved_chat(at)  # an example loaded, explained and saved as v1
    assert "Critic: Claude (claude-haiku-5-5)" in page_text(at).replace("\\", "")
    pages.append(page_text(at))

    api.default = good([{**PROBES[0], "targets": ["kafka-cluster"]}])
    at.button(key=Keys.critique_run).click().run()
    assert not at.exception and len(api.messages) == 1
    pages.append(page_text(at))
    assert "What happens to writes when Postgres fails over?" in pages[-1]

    # A failing critique: save a second version, the API rejects the key.
    api.default = status(401, "authentication_error")
    at.text_area(key=bound_key(at, Keys.approach)).set_value("Websockets to a chat service; Cassandra; Kafka fan-out; 3 replicas.")
    at.run()
    at.button(key=Keys.save).click().run()
    at.button(key=Keys.critique_run).click().run()
    assert not at.exception and len(api.messages) == 2
    pages.append(page_text(at))
    assert "the API key was rejected (401)" in pages[-1].replace("\\", "")

    # The export panel: every download button is there for the saved version.
    buttons = {b.key for b in at.get("download_button")}
    assert buttons == {scoped(Keys.download, f) for f in FORMATS}
    pages.append(page_text(at))

    for i, text in enumerate(pages):
        assert not leaks(text), (i, [n for n in NEEDLES if NEEDLES[n].lower() in text.lower()])
    assert not [r for r in logs.records if leaks(r.getMessage())]
    # The exports the app offers are made from the store it wrote: write each one out and scan it with the db.
    store = open_store(tmp_path / "sketchfirst.db")
    keeper = sqlite3.connect(tmp_path / "sketchfirst.db")
    keeper.execute("SELECT count(*) FROM sqlite_master").fetchone()
    (design,) = store.list_designs()
    assert len(store.list_critiques(design.id)) == 2
    for fmt in FORMATS:
        assert main(["export", "--design", str(design.id), "--to", fmt, "-o", str(tmp_path / f"app.{fmt}")]) == 0
    scanned, hits = scan_tree(tmp_path)
    assert {"sketchfirst.db", "sketchfirst.db-wal", "sketchfirst.db-shm"} <= {p.name for p in tmp_path.iterdir()}
    assert scanned == len(FORMATS) + 4 and hits == {}  # the exports, the picture beside the report, 3 db files
    assert not leaks("\n".join(keeper.iterdump()))
    keeper.close()
