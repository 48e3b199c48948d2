"""A request body larger than MAX_REQUEST_BODY_BYTES is refused from its Content-Length, before
a byte of it is read and before any view runs."""

from unittest import mock

import pytest
from django.http import HttpResponse
from django.urls import reverse

from assessments.views.key_areas import KeyAreaView
from tests.security.objects import council_work

SIXTY_MB = 60 * 1024 * 1024
REACHED = HttpResponse("The view ran")


@pytest.fixture
def upload_url(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    work = council_work(world.own, "Stockport")
    return reverse("assessments:key_area", kwargs=work.kwargs("pk", "key_area"))


def _post(client, url, length: int):
    # A small body that claims to be `length` bytes: reading past it would fail the test.
    body = b"--x\r\n"
    return client.generic(
        "POST", url, body, "multipart/form-data; boundary=x", CONTENT_LENGTH=str(length)
    )


def test_a_60_mb_upload_is_refused_with_413_before_the_view_runs(world, client_as, upload_url):
    client = client_as(world.users["officer"])
    with mock.patch.object(KeyAreaView, "post", return_value=REACHED) as view:
        response = _post(client, upload_url, SIXTY_MB)
    assert response.status_code == 413
    assert "The request was too large" in response.text
    assert response["X-Frame-Options"] == "DENY"
    view.assert_not_called()


def test_a_body_within_the_limit_reaches_the_view(world, client_as, upload_url, settings):
    client = client_as(world.users["officer"])
    with mock.patch.object(KeyAreaView, "post", return_value=REACHED) as view:
        response = _post(client, upload_url, len(b"--x\r\n"))
    assert response.status_code == 200
    view.assert_called_once()


def test_the_limit_is_a_setting(world, client_as, upload_url, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000
    client = client_as(world.users["officer"])
    with mock.patch.object(KeyAreaView, "post", return_value=REACHED) as view:
        response = _post(client, upload_url, 1001)
    assert response.status_code == 413
    view.assert_not_called()
