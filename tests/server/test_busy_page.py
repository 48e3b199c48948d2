"""Past capacity the portal says it is busy (503, Retry-After) instead of making people wait or
dropping their connection, and a refused request leaves nothing half-saved."""

import pytest
from django.templatetags.static import static
from playwright.sync_api import expect

from assessments.models import Answer
from npsportal.server import QUEUED_SECONDS
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_views_key_area import form_data, page_url
from tests.browser import visit

pytestmark = pytest.mark.django_db


def waited(seconds: float) -> dict:
    """What gunicorn's worker (npsportal.server) passes with a request that waited this long."""
    return {QUEUED_SECONDS: seconds}


def test_a_request_that_waited_too_long_gets_the_busy_page(client, settings):
    settings.BUSY_AFTER_SECONDS = 0.25
    response = client.get("/case-studies/", **waited(0.3))
    assert response.status_code == 503
    page = response.content.decode()
    assert "<title>Sorry, the service is busy – NPS Portal</title>" in page
    assert "Try again in a minute" in page
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    # The security headers still come with it.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_request_served_within_the_wait_allowed_gets_its_page(client, settings):
    settings.BUSY_AFTER_SECONDS = 0.25
    response = client.get("/case-studies/", **waited(0.2))
    assert response.status_code == 200


def test_a_save_refused_as_busy_saves_nothing_and_says_so(world, client_as, settings):
    settings.BUSY_AFTER_SECONDS = 0.25
    assessment = AssessmentFactory(council=world.own)
    officer = client_as(world.users["officer"])
    response = officer.post(page_url(assessment), form_data(assessment), **waited(1.0))
    assert response.status_code == 503
    assert "nothing from it was saved" in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment).exclude(current_level=None).exists()
    # Sent again once the rush has passed, the same form saves.
    response = officer.post(page_url(assessment), form_data(assessment))
    assert response.status_code == 302
    assert Answer.objects.filter(assessment=assessment).exclude(current_level=None).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 320])
def test_the_busy_page_is_accessible_and_fits_a_phone(live_server, page, settings, width):
    settings.BUSY_AFTER_SECONDS = -1  # every request has waited "too long"
    page.set_viewport_size({"width": width, "height": 800})
    visit(page, f"{live_server.url}/case-studies/")
    expect(page).to_have_title("Sorry, the service is busy – NPS Portal")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Static files are still served while busy: the page keeps the portal's look.
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 100


def test_static_files_are_still_served_while_busy(client, settings, tmp_path):
    # The busy page's own stylesheet, among others: cheap to serve, and keeps the page's look.
    settings.BUSY_AFTER_SECONDS = 0.25
    settings.STATIC_ROOT = tmp_path  # as collectstatic leaves it in production
    (tmp_path / "look.css").write_text("body { margin: 0 }")
    response = client.get(static("look.css"), **waited(1.0))
    assert response.status_code == 200
