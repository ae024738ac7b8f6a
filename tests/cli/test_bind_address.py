"""The app listens on 127.0.0.1 unless the user asks for another address, and the README says how to expose it.

Three ways start the app: ``make run``, ``sketchfirst app`` and a bare
``streamlit run app.py`` from the checkout (which reads .streamlit/config.toml).
Each is checked for its address; the last two are started for real and the
kernel's table of listening sockets says where they listen.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from cli import build_parser, cmd_app
from support.paths import ROOT
from support.server import free_port as _free_port

LOOPBACK = "127.0.0.1"


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket in LISTEN state on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table, v6 in (("/proc/net/tcp", False), ("/proc/net/tcp6", True)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if int(port_hex, 16) != port or fields[3] != "0A":
                continue
            if v6:
                words = [address[i:i + 8] for i in range(0, 32, 8)]
                raw = b"".join(bytes.fromhex(w)[::-1] for w in words)
                import ipaddress

                found.add(str(ipaddress.IPv6Address(raw)))
            else:
                found.add(".".join(str(b) for b in bytes.fromhex(address)[::-1]))
    return found


def start_and_read_address(argv: list[str], port: int, tmp_path: Path) -> set[str]:
    log = (tmp_path / "server.log").open("w")
    env = {**os.environ, "SKETCHFIRST_DB": str(tmp_path / "bind.db")}
    env = {k: v for k, v in env.items() if not k.startswith("STREAMLIT_SERVER_")}  # no outside override
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()[-2000:]
            time.sleep(0.2)
        return listening_addresses(port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_sketchfirst_app_listens_on_loopback_only(tmp_path):
    port = _free_port()
    addresses = start_and_read_address([sys.executable, "cli.py", "app", "--port", str(port)], port, tmp_path)
    assert addresses == {LOOPBACK}


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_a_bare_streamlit_run_from_the_checkout_listens_on_loopback_only(tmp_path):
    port = _free_port()
    argv = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
            "--server.headless", "true"]
    assert start_and_read_address(argv, port, tmp_path) == {LOOPBACK}


def test_the_checkout_config_binds_to_loopback():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == LOOPBACK
    assert config["browser"]["gatherUsageStats"] is False


def test_make_run_passes_loopback():
    out = subprocess.run(["make", "-n", "run", "PORT=8599"], cwd=ROOT, capture_output=True, text=True, check=True)
    (line,) = [ln for ln in out.stdout.splitlines() if "streamlit run app.py" in ln]
    assert re.search(r"--server\.address 127\.0\.0\.1(\s|$)", line)


def test_sketchfirst_app_defaults_to_loopback_and_another_address_is_an_explicit_option(monkeypatch):
    """The argv handed to Streamlit: loopback unless --address is given."""
    captured: list[list[str]] = []

    def execv(path: str, argv: list[str]) -> None:  # os.execv would replace the test process
        captured.append(argv)

    monkeypatch.setattr(os, "execv", execv)
    for argv, expected in ((["app"], LOOPBACK), (["app", "--address", "192.168.1.20"], "192.168.1.20")):
        args = build_parser().parse_args(argv)
        cmd_app(args)
        given = captured[-1]
        assert given[given.index("--server.address") + 1] == expected
        assert given.count("--server.address") == 1


def test_the_readme_explains_how_to_expose_the_app_safely():
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"^## Exposing the app\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, "README needs an 'Exposing the app' section"
    section = " ".join(match.group(1).split())
    for needed in ("127.0.0.1", "--address", "no login", "reverse proxy", "TLS", "authentication",
                   "ANTHROPIC_API_KEY"):
        assert needed in section, needed


def test_every_way_of_starting_the_app_runs_one_script_run_at_a_time(monkeypatch):
    """Fast reruns start a second run of a tab while the first goes on writing the same session and store (two
    designs from one first stroke); the checkout's config and ``sketchfirst app`` both turn them off."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["fastReruns"] is False
    captured: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda path, argv: captured.append(argv))
    cmd_app(build_parser().parse_args(["app"]))
    (given,) = captured
    assert given[given.index("--runner.fastReruns") + 1] == "false"
