"""The app server as production runs it (gunicorn with gunicorn.conf.py and the portal's worker):
a request that has to wait too long for a thread gets the busy page, every request gets a whole
answer however many arrive at once, and the server serves normally once the rush has passed."""

import http.client
import os
import socket
import subprocess  # nosec B404 – starts the project's own app server on loopback
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def one_thread_server(tmp_path):
    """gunicorn with one worker of one thread, so one slow request makes every other one wait."""
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
        "BUSY_AFTER_SECONDS": "0.25",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    server = subprocess.Popen(  # nosec B603 – fixed arguments
        [str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), "tests.server.slow_site"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(150):
            try:
                if request(port, "GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(server.stderr.read1().decode() if server.poll() else "no answer")
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def request(port: int, method: str, path: str, body: bytes = b"") -> tuple[int, dict, str]:
    """One request on a new connection: the status, headers and page (raises if reset)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def while_busy(port: int, seconds: float):
    """Keeps the only thread busy for the given seconds, from a thread of its own."""
    slow = threading.Thread(target=request, args=(port, "GET", f"/slow/?{seconds}"))
    slow.start()
    time.sleep(0.1)  # the slow request has the thread
    return slow


def test_a_request_that_waits_too_long_for_a_thread_gets_the_busy_page(one_thread_server):
    slow = while_busy(one_thread_server, 1.0)
    status, headers, page = request(one_thread_server, "GET", "/healthz")
    slow.join()
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "Sorry, the service is busy" in page
    # Once the rush has passed, the same request is served.
    assert request(one_thread_server, "GET", "/healthz")[0] == 200


def test_every_request_of_a_rush_gets_a_whole_answer_never_a_reset(one_thread_server):
    slow = while_busy(one_thread_server, 1.0)
    form = b"answer=" + b"x" * 20_000  # a form body the busy page reads before answering
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(
            pool.map(
                lambda i: request(one_thread_server, "POST" if i % 2 else "GET", "/healthz", form),
                range(40),
            )
        )
    slow.join()
    statuses = [status for status, _, _ in answers]
    # Served ones: 200, or 403 for a POST without a form's CSRF token. Still a whole answer.
    assert set(statuses) <= {200, 403, 503}, statuses
    assert statuses.count(503) >= 20  # those that queued behind the slow request
    assert all("Sorry, the service is busy" in page for status, _, page in answers if status == 503)
