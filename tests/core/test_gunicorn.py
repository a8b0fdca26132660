"""opbouw under gunicorn (config/gunicorn.conf.py), over real keep-alive connections.

A body over the limit is answered 400 with ``Connection: close`` (gunicorn drops the header
when the application sets it, so the config's pre_request hook tells gunicorn), and odd input
(a UTF-16 form, a NUL in the path) is a 400 page from opbouw, not gunicorn's bare error.
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from opbouw.core.guards import body_limit

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/account/inloggen/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, int]]:
    tmp = tmp_path_factory.mktemp("gunicorn")
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "OPBOUW_VAR_DIR": str(tmp),
        "OPBOUW_DEDUCE_WARM_UP": "0",
        "OPBOUW_BIND": f"127.0.0.1:{port}",
        "OPBOUW_WORKERS": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own server on loopback
        [str(gunicorn), "-c", str(ROOT / "config" / "gunicorn.conf.py"), "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    try:
        # The master listens before its worker boots; a connection made then waits in the
        # backlog for the worker. So: read its log until it listens (or has died).
        seen = []
        for line in process.stderr:
            seen.append(line.decode(errors="replace"))
            if "Listening at" in seen[-1]:
                break
        else:
            raise RuntimeError("gunicorn did not start:\n" + "".join(seen))
        # Keep draining its log, so that it never blocks on a full pipe.
        threading.Thread(target=process.stderr.read, daemon=True).start()
        yield "127.0.0.1", port
    finally:
        process.terminate()
        process.wait(timeout=60)


def _connect(server) -> socket.socket:
    return socket.create_connection(server, timeout=60)


def _exchange(sock: socket.socket, raw: bytes) -> http.client.HTTPResponse:
    sock.sendall(raw)
    response = http.client.HTTPResponse(sock)
    response.begin()
    response.read()
    return response


def _get(path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()


def test_keep_alive_works_for_ordinary_requests(server):
    with _connect(server) as sock:
        first = _exchange(sock, _get(LOGIN))
        second = _exchange(sock, _get(LOGIN))
    assert (first.status, second.status) == (200, 200)
    assert first.getheader("Connection", "").lower() != "close"


def test_a_post_over_the_limit_closes_the_connection_and_the_next_request_works(server):
    content_type = "application/x-www-form-urlencoded"
    length = body_limit(content_type) + 1
    head = (
        f"POST {LOGIN} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    with _connect(server) as sock:
        # The first part of the body; the server answers without waiting for the rest.
        response = _exchange(sock, head + b"x" * 65_536)
        assert response.status == 400
        assert response.getheader("Connection", "").lower() == "close"
        # The server has closed: nothing of the unread body is taken for a request.
        try:
            closed = sock.recv(1) == b""
        except ConnectionResetError:
            closed = True
        assert closed
    with _connect(server) as sock:
        assert _exchange(sock, _get(LOGIN)).status == 200


def test_a_utf16_form_and_a_nul_in_the_path_are_opbouws_400_page(server):
    body = "username=werker&password=geheim".encode("utf-16")
    post = (
        f"POST {LOGIN} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded; charset=utf-16\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    with _connect(server) as sock:
        refused = _exchange(sock, post)
        assert refused.status == 400
        # The connection stays usable (the body was complete).
        nul = _exchange(sock, _get("/gebieden/%00/"))
        assert nul.status == 400
        assert _exchange(sock, _get(LOGIN)).status == 200
