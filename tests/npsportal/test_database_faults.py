"""The database going away: a GOV.UK error page, 503 from /healthz, and recovery on its own."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import path, reverse

from npsportal.models import Council

pytestmark = pytest.mark.django_db

ERROR_PAGE = "Sorry, there is a problem with the service"


class DatabaseGone:
    """An execute wrapper refusing every query as a lost server does; counts the attempts."""

    def __init__(self):
        self.attempts = 0

    def __call__(self, execute, sql, params, many, context):
        self.attempts += 1
        raise OperationalError("server closed the connection unexpectedly")


@login_not_required
def council_count(request):
    return HttpResponse(f"{Council.objects.count()} councils")


# A URLconf for the first test: one view that queries, and the portal's own 500 handler.
urlpatterns = [path("councils", council_count)]
handler500 = "npsportal.views.server_error"


@pytest.mark.urls("tests.npsportal.test_database_faults")
def test_a_query_failing_mid_request_gives_the_govuk_error_page_not_a_traceback(db):
    client = Client(raise_request_exception=False)
    gone = DatabaseGone()
    with connection.execute_wrapper(gone):
        response = client.get("/councils")
    assert gone.attempts >= 1
    assert response.status_code == 500
    html = response.content.decode()
    assert ERROR_PAGE in html
    assert "OperationalError" not in html


def test_a_signed_in_page_with_the_database_gone_gives_the_error_page(world, client_as):
    client = client_as(world.users["officer"])
    client.raise_request_exception = False
    with connection.execute_wrapper(DatabaseGone()):
        response = client.get(reverse("home"))
    assert response.status_code == 500
    assert ERROR_PAGE in response.content.decode()


def test_healthz_answers_503_while_the_database_is_gone_and_200_once_it_is_back(client):
    with connection.execute_wrapper(DatabaseGone()):
        down = client.get(reverse("healthz"))
    assert down.status_code == 503
    assert down.json() == {"status": "unavailable", "database": "down"}
    up = client.get(reverse("healthz"))
    assert up.status_code == 200


def test_pages_work_again_as_soon_as_the_database_answers(world, client_as):
    client = client_as(world.users["officer"])
    client.raise_request_exception = False
    with connection.execute_wrapper(DatabaseGone()):
        assert client.get(reverse("home")).status_code == 500
    # No restart: the same client and process simply get the page.
    assert client.get(reverse("home")).status_code == 200


def _wsgi_get(path: str) -> tuple[str, bytes]:
    """A request as gunicorn makes it: request_started and request_finished run, so Django's
    per-request connection handling (CONN_HEALTH_CHECKS) applies, unlike the test client."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    body = b"".join(response)
    response.close()
    return statuses[0], body


def _terminate_other_backends():
    import psycopg2

    params = connection.get_connection_params()
    with psycopg2.connect(**params) as killer, killer.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.rowcount


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Terminating server connections needs PostgreSQL; `make test` runs this on its pass.",
)
@pytest.mark.django_db(transaction=True)
def test_the_portal_reconnects_by_itself_after_the_server_drops_its_connections():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]
    assert _wsgi_get("/healthz")[0].startswith("200")
    before = connection.connection.info.backend_pid
    assert _terminate_other_backends() >= 1
    status, body = _wsgi_get("/healthz")
    assert status.startswith("200"), body
    assert connection.connection.info.backend_pid != before
