"""A real Postgres for the tests: Debian's server in a throwaway cluster, or one named by the environment.

- ``SKETCHFIRST_TEST_POSTGRES=postgresql://user:pw@host/db`` names an existing server whose role may
  create databases; each test gets its own database there, dropped afterwards.
- Otherwise :class:`Cluster` runs ``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package in a
  temporary directory, on a free loopback port, with a random password, and removes it all afterwards.
  Postgres refuses to run as root, so as root the server runs as the package's ``postgres`` user
  (``runuser``), which owns only the temporary directory.
- ``SKETCHFIRST_POSTGRES_BIN`` names the directory of ``initdb`` and ``pg_ctl`` where they live elsewhere.
- ``SKETCHFIRST_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) turns "no Postgres here" into a failure.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

from support.server import free_port

ENV_URL = "SKETCHFIRST_TEST_POSTGRES"
ENV_REQUIRE = "SKETCHFIRST_REQUIRE_POSTGRES"
ENV_BIN = "SKETCHFIRST_POSTGRES_BIN"
SERVER_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """No server binaries, no unprivileged user to run them as, or a server that would not start."""


def postgres_bin(name: str) -> Path:
    """A server program: from ``SKETCHFIRST_POSTGRES_BIN`` (a directory), Debian's versioned one, or PATH."""
    if os.environ.get(ENV_BIN):
        chosen = Path(os.environ[ENV_BIN]) / name
        if not chosen.is_file():
            raise PostgresUnavailable(f"{chosen} not found ({ENV_BIN} names the directory of initdb and pg_ctl)")
        return chosen
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0, reverse=True)
    found = versions[0] if versions else (Path(w) if (w := shutil.which(name)) else None)
    if found is None:
        raise PostgresUnavailable(f"{name} not found: apt-get install postgresql (or set {ENV_URL})")
    return found


class Server:
    """Somewhere to make databases: create one per test, drop it after."""

    admin_url: str

    def url(self, dbname: str) -> str:
        raise NotImplementedError

    def create_database(self, prefix: str = "sketchfirst_test") -> tuple[str, str]:
        name = f"{prefix}_{secrets.token_hex(6)}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return name, self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


class ExistingServer(Server):
    def __init__(self, url: str):
        self.admin_url = url
        self._info = psycopg.conninfo.conninfo_to_dict(url)

    def url(self, dbname: str) -> str:
        return _as_url({**self._info, "dbname": dbname})


def _as_url(info: dict[str, object]) -> str:
    user = quote(str(info.get("user", "")), safe="")
    password = quote(str(info["password"]), safe="") if info.get("password") else ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = info.get("host", "127.0.0.1")
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{auth}{host}{port}/{quote(str(info['dbname']), safe='')}"


class Cluster(Server):
    """A throwaway cluster: ``initdb`` in a temporary directory, ``pg_ctl`` on a free loopback port."""

    def __init__(self, *, durable: bool = False):
        """``durable=False`` turns fsync off (a test cluster need not survive a power cut, and saves get faster)."""
        self.root = Path(tempfile.mkdtemp(prefix="sketchfirst-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = free_port()
        self.user = "sketchfirst"
        self.password = secrets.token_urlsafe(18)
        self._as_server: list[str] = []
        self._durable = durable
        try:
            self._prepare_user()
            self._initdb()
            self.start()
        except BaseException:
            self.destroy()
            raise
        self.admin_url = self.url("postgres")

    def url(self, dbname: str) -> str:
        return _as_url({"user": self.user, "password": self.password, "host": "127.0.0.1", "port": self.port,
                        "dbname": dbname})

    def _prepare_user(self) -> None:
        if os.geteuid() != 0:
            return  # run the server as ourselves
        try:
            entry = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root and there is no {SERVER_USER!r} user to run Postgres as "
                "(Debian's postgresql package creates it)"
            ) from None
        self._as_server = ["runuser", "-u", SERVER_USER, "--"]
        os.chown(self.root, entry.pw_uid, entry.pw_gid)

    def _run(self, *args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self._as_server, *map(str, args)], capture_output=True, text=True, check=check,
                              cwd=self.root, timeout=120)

    def _initdb(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self._as_server:
            entry = pwd.getpwnam(SERVER_USER)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        pwfile.chmod(0o600)
        try:
            self._run(postgres_bin("initdb"), "-D", self.data, "-U", self.user, f"--pwfile={pwfile}",
                      "--auth=scram-sha-256", "-E", "UTF8", "--no-instructions",
                      # A locale that does not sort byte by byte, so a missing COLLATE "C" shows in the tests.
                      "--locale-provider=icu", "--icu-locale=en-US", "--locale=C.UTF-8")
        except subprocess.CalledProcessError as exc:
            raise PostgresUnavailable(f"initdb failed: {exc.stderr.strip()[-800:]}") from None
        finally:
            pwfile.unlink(missing_ok=True)

    def start(self) -> None:
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories='{self.root}' "
                   "-c max_connections=200")
        if not self._durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            self._run(postgres_bin("pg_ctl"), "start", "-D", self.data, "-l", self.log, "-w", "-t", "60",
                      "-o", options)
        except subprocess.CalledProcessError as exc:
            tail = self.log.read_text()[-1500:] if self.log.exists() else exc.stderr
            raise PostgresUnavailable(f"the Postgres server did not start: {tail.strip()}") from None

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` is a crash: no checkpoint, recovery on the next start)."""
        if (self.data / "postmaster.pid").exists():
            self._run(postgres_bin("pg_ctl"), "stop", "-D", self.data, "-m", mode, "-w", "-t", "60", check=False)

    def destroy(self) -> None:
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
