"""gunicorn's settings for the portal, read from the folder gunicorn starts in (`gunicorn
npsportal.wsgi`). Each can be overridden by an environment variable; why each is what it is, as
measured by `make load`, is in the README ("Capacity and overload")."""

import os


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Threads, with the wait each request had for one passed to the portal (its busy page).
worker_class = "npsportal.server.QueueTimedWorker"
workers = _number("GUNICORN_WORKERS", 2 * (os.cpu_count() or 1))
threads = _number("GUNICORN_THREADS", 4)
# A report's first layout takes a few seconds; a worker silent for this long is stuck.
timeout = _number("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = _number("GUNICORN_KEEPALIVE", 5)
backlog = _number("GUNICORN_BACKLOG", 2048)
worker_connections = _number("GUNICORN_WORKER_CONNECTIONS", 1000)
# Each process is renewed after a few thousand requests, so that memory WeasyPrint or a large
# export left behind goes back to the system; the jitter keeps processes from renewing together.
max_requests = _number("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = 500
# No runtime control socket (gunicornc): it would be shared by every gunicorn a user starts.
control_socket_disable = True
