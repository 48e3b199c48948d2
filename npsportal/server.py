"""The app server's worker: gunicorn's threaded worker, telling the portal how long each request
waited for a free thread, so that past capacity it can say "busy" at once instead of making
everyone wait (npsportal.middleware.BusyMiddleware). Named in gunicorn.conf.py; Django never
imports it."""

import gc
import threading
import time

from gunicorn.workers.gthread import ThreadWorker

# The WSGI environ key the wait is passed in, in seconds.
QUEUED_SECONDS = "npsportal.queued_seconds"

_current = threading.local()


class QueueTimedWorker(ThreadWorker):
    """Notes when a connection was handed to the thread pool and, once a thread takes it, how
    long it waited: not the client's own slowness, as reading its request comes after."""

    def enqueue_req(self, conn):
        conn.queued_at = time.monotonic()
        super().enqueue_req(conn)

    def handle(self, conn):
        _current.waited = time.monotonic() - getattr(conn, "queued_at", time.monotonic())
        return super().handle(conn)

    def load_wsgi(self):
        super().load_wsgi()
        # What the portal loaded lives as long as the process: kept out of the cycle collector's
        # full passes, which stop every thread of the process while they look at it all again.
        gc.collect()
        gc.freeze()
        application = self.wsgi

        def with_wait(environ, start_response):
            environ[QUEUED_SECONDS] = getattr(_current, "waited", 0.0)
            return application(environ, start_response)

        self.wsgi = with_wait
