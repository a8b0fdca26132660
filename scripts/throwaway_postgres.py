#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL server.

Usage:  python scripts/throwaway_postgres.py -- COMMAND [ARG ...]

Creates a fresh cluster in a temporary directory, starts it on a free loopback port,
creates the database ``opbouw``, runs COMMAND with
``DATABASE_URL=postgres://postgres@127.0.0.1:<port>/opbouw`` (and PGHOST, PGPORT,
PGUSER, PGDATABASE for libpq tools) and exits with COMMAND's exit code. The server is
always stopped and the directory removed afterwards, also when COMMAND fails, on Ctrl-C
and on SIGTERM.

Pure standard library on purpose: it must run before (and independently of) the
project's virtualenv, and CI needs nothing but the PostgreSQL server binaries.
Set PG_BINDIR to choose the binaries explicitly.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATABASE = "opbouw"
# initdb -U: the superuser is called "postgres" whoever runs the server, so the URL is
# the same for every developer and for CI.
DB_USER = "postgres"
READY_TIMEOUT_SECONDS = 60
START_ATTEMPTS = 3  # a freshly picked port can be taken by someone else before we bind it


class SetupError(Exception):
    """The server could not be set up; the message says why."""


class Terminated(Exception):
    """Raised from the SIGTERM handler so that the same cleanup runs as for Ctrl-C."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def log(message: str) -> None:
    # stderr only: the child command owns stdout.
    print(f"throwaway_postgres: {message}", file=sys.stderr, flush=True)


def find_bindir() -> Path:
    """PG_BINDIR, else `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin."""
    candidates: list[Path] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))

    # Debian installs server binaries outside PATH, one directory per major version.
    def major(path: Path) -> int:
        match = re.fullmatch(r"\d+", path.parent.name)
        return int(match.group()) if match else -1

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=major, reverse=True)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "postgres").is_file():
            return bindir
    raise SetupError(
        "no PostgreSQL server binaries found (looked at PG_BINDIR, `pg_config --bindir` "
        "and /usr/lib/postgresql/*/bin). On Debian: apt-get install postgresql"
    )


@dataclass(frozen=True)
class ServerUser:
    """Who runs initdb/postgres/pg_ctl. None means: the current user."""

    uid: int | None = None
    gid: int | None = None

    def run_kwargs(self) -> dict[str, Any]:
        if self.uid is None:
            return {}
        # extra_groups=[] drops root's supplementary groups as well.
        return {"user": self.uid, "group": self.gid, "extra_groups": []}


def server_user() -> ServerUser:
    """PostgreSQL refuses to run as root, so as root we run the server as `postgres`.

    Debian's postgresql-common creates that system user; `nobody` is the fallback. The
    client side (the child command) keeps running as root and connects over TCP, where
    trust authentication accepts it as DB user "postgres".
    """
    if os.geteuid() != 0:
        return ServerUser()
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return ServerUser(entry.pw_uid, entry.pw_gid)
    raise SetupError("running as root, but there is no 'postgres' or 'nobody' user")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no server log)"
    return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"


class Server:
    def __init__(self, bindir: Path, root: Path, user: ServerUser) -> None:
        self.bindir = bindir
        self.root = root  # the temp dir: socket, log, and data/ below it
        self.data = root / "data"
        self.logfile = root / "server.log"
        self.user = user
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    def _run(self, args: list[str], *, as_server: bool = False) -> None:
        extra = self.user.run_kwargs() if as_server else {}
        result = subprocess.run(  # noqa: S603 - binaries from bindir, fixed arguments
            args, capture_output=True, text=True, check=False, cwd=self.root, **extra
        )
        if result.returncode != 0:
            raise SetupError(f"{' '.join(args)} failed:\n{result.stdout}{result.stderr}")

    def initdb(self) -> None:
        if self.user.uid is not None:
            os.chown(self.root, self.user.uid, self.user.gid or -1)
        self._run(
            [
                str(self.bindir / "initdb"),
                "--pgdata", str(self.data),
                "--username", DB_USER,
                "--auth", "trust",
                "--encoding", "UTF8",
                "--locale", "C.UTF-8",
                "--no-sync",  # a throwaway cluster does not need to survive a power cut
            ],
            as_server=True,
        )  # fmt: skip

    def start(self) -> None:
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = free_port()
            with self.logfile.open("wb") as logfile:
                self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                    [
                        str(self.bindir / "postgres"),
                        "-D", str(self.data),
                        "-h", "127.0.0.1",
                        "-p", str(self.port),
                        "-k", str(self.root),  # unix socket in the temp dir, not /run
                        # Durability off: the data is thrown away, speed is what counts.
                        "-F",
                        "-c", "full_page_writes=off",
                        "-c", "synchronous_commit=off",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=logfile,
                    stderr=subprocess.STDOUT,
                    cwd=self.root,
                    # Own session: Ctrl-C reaches the test run, not the server, so the tests
                    # can still tear down before we stop the server ourselves.
                    start_new_session=True,
                    **self.user.run_kwargs(),
                )  # fmt: skip
            if self._wait_until_ready():
                return
            tail = log_tail(self.logfile)
            if "could not bind" in tail and attempt < START_ATTEMPTS:
                log(f"port {self.port} was taken, trying another one")
                continue
            raise SetupError(f"PostgreSQL did not start. Server log:\n{tail}")

    def _wait_until_ready(self) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # it exited: the log says why
            ready = subprocess.run(  # noqa: S603 - fixed arguments
                [
                    str(self.bindir / "pg_isready"),
                    "--quiet",
                    "--host", "127.0.0.1",
                    "--port", str(self.port),
                    "--username", DB_USER,
                    "--dbname", "postgres",
                    "--timeout", "1",
                ],
                check=False,
            )  # fmt: skip
            if ready.returncode == 0:
                return True
            time.sleep(0.1)
        self.stop()
        raise SetupError(
            f"PostgreSQL was not ready after {READY_TIMEOUT_SECONDS}s. Server log:\n"
            + log_tail(self.logfile)
        )

    def create_database(self) -> None:
        self._run(
            [
                str(self.bindir / "createdb"),
                "--host", "127.0.0.1",
                "--port", str(self.port),
                "--username", DB_USER,
                DATABASE,
            ]
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://{DB_USER}@127.0.0.1:{self.port}/{DATABASE}"

    def stop(self) -> None:
        """Immediate shutdown: nothing needs to be flushed, the files go away anyway."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        try:
            # pg_ctl refuses to run as root, hence as the server user.
            self._run(
                [str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate"],
                as_server=True,
            )
            process.wait(timeout=15)
        except (SetupError, subprocess.TimeoutExpired) as error:
            log(f"pg_ctl stop did not work ({error}); killing the server")
            process.kill()
            process.wait()


def run_child(command: list[str], env: dict[str, str]) -> int:
    try:
        child = subprocess.Popen(command, env=env)  # noqa: S603 - the caller's own command
    except OSError as error:
        log(f"cannot run {command[0]}: {error}")
        return 127
    try:
        returncode = child.wait()
    except (KeyboardInterrupt, Terminated) as interruption:
        signum = signal.SIGINT if isinstance(interruption, KeyboardInterrupt) else signal.SIGTERM
        # Ctrl-C already reached the child (same process group); SIGTERM reached only us.
        if signum == signal.SIGTERM:
            child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        return 128 + signum
    # Killed by a signal: report it the way a shell does.
    return 128 - returncode if returncode < 0 else returncode


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2

    signal.signal(signal.SIGTERM, _raise_terminated)
    root = Path(tempfile.mkdtemp(prefix="opbouw-pg-"))
    server: Server | None = None
    try:
        server = Server(find_bindir(), root, server_user())
        server.initdb()
        server.start()
        server.create_database()
        log(f"PostgreSQL ready at {server.url} (data in {root})")
        env = {
            **os.environ,
            "DATABASE_URL": server.url,
            # The same for libpq tools, so that `-- psql` or `-- pg_dump` just work.
            "PGHOST": "127.0.0.1",
            "PGPORT": str(server.port),
            "PGUSER": DB_USER,
            "PGDATABASE": DATABASE,
        }
        return run_child(argv, env)
    except SetupError as error:
        log(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        log("interrupted while starting PostgreSQL")
        return 128 + signal.SIGINT
    except Terminated:
        log("terminated while starting PostgreSQL")
        return 128 + signal.SIGTERM
    finally:
        # A second Ctrl-C / SIGTERM must not leave a server or a directory behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if server is not None:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
