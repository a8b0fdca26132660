"""scripts/throwaway_postgres.py really starts PostgreSQL, and always cleans up after itself.

`make test` runs the whole suite against this script, so a server or temp dir left
behind would pile up on every CI run. These tests start real servers (a few seconds
each) and need no Django database.
"""

from __future__ import annotations

import importlib.util
import json
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "throwaway_postgres.py"

# Runs inside the throwaway environment: uses the server the way the test suite does, then
# reports where the server lived so the test can check that it is gone afterwards.
CHILD = """
import json, os, sys, time
import psycopg

url = os.environ["DATABASE_URL"]
with psycopg.connect(url, autocommit=True) as conn:
    conn.execute("CREATE TABLE place (id integer PRIMARY KEY, name text NOT NULL)")
    conn.execute("INSERT INTO place VALUES (1, 'buurthuis'), (2, 'moestuin')")
    names = [row[0] for row in conn.execute("SELECT name FROM place ORDER BY id")]
    data_directory = conn.execute("SHOW data_directory").fetchone()[0]
print(json.dumps({"url": url, "names": names, "data_directory": data_directory}), flush=True)
if sys.argv[1] == "sleep":
    time.sleep(120)
sys.exit(int(sys.argv[1]))
"""


def _postgres_available() -> bool:
    # Same lookup as the script itself, so the two cannot disagree.
    spec = importlib.util.spec_from_file_location("throwaway_postgres_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    try:
        module.find_bindir()
    except module.SetupError:
        return False
    return True


# Without server binaries this test cannot run; `make test-postgres` then fails loudly
# on its own, so skipping here hides nothing.
pytestmark = pytest.mark.skipif(
    not _postgres_available(), reason="PostgreSQL server binaries not installed"
)


def _command(child_arg: str) -> list[str]:
    return [sys.executable, str(SCRIPT), "--", sys.executable, "-c", CHILD, child_arg]


def _assert_cleaned_up(report: dict[str, object]) -> None:
    data_directory = Path(str(report["data_directory"]))
    assert not data_directory.parent.exists(), "temp dir left behind"
    port = urlsplit(str(report["url"])).port
    assert port is not None
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def _report(stdout: str) -> dict[str, object]:
    return json.loads(stdout.strip().splitlines()[-1])


def test_runs_the_command_against_a_fresh_database_and_cleans_up() -> None:
    result = subprocess.run(_command("0"), capture_output=True, text=True, timeout=180)

    assert result.returncode == 0, result.stderr
    report = _report(result.stdout)
    url = urlsplit(str(report["url"]))
    assert (url.scheme, url.username, url.hostname, url.path) == (
        "postgres",
        "postgres",
        "127.0.0.1",
        "/opbouw",
    )
    assert report["names"] == ["buurthuis", "moestuin"]
    _assert_cleaned_up(report)


def test_a_failing_command_passes_its_exit_code_on_and_still_cleans_up() -> None:
    result = subprocess.run(_command("3"), capture_output=True, text=True, timeout=180)

    assert result.returncode == 3, result.stderr
    _assert_cleaned_up(_report(result.stdout))


def test_sigterm_stops_the_command_and_cleans_up() -> None:
    process = subprocess.Popen(_command("sleep"), stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()  # printed once the child has used the server
        assert first_line, "the script exited before the child reported"
        process.send_signal(signal.SIGTERM)
        returncode = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    assert returncode == 128 + signal.SIGTERM
    _assert_cleaned_up(_report(first_line))
