"""The portal's WSGI application with one extra, slow address (/slow/), for tests of the app
server's busy page: a request there keeps a thread busy, so the next ones have to wait for it."""

import time

from npsportal.wsgi import application as portal


def application(environ, start_response):
    if environ["PATH_INFO"] == "/slow/":
        time.sleep(float(environ.get("QUERY_STRING") or "1"))
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]
    return portal(environ, start_response)
