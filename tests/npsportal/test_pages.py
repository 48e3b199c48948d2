import pytest
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse

from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db


def test_home_page_says_what_the_portal_is_for(client):
    html = client.get(reverse("home")).content.decode()
    assert "<title>Measure and improve how your council buys – NPS Portal</title>" in html
    assert "National Procurement Strategy" in html
    for level in ["Minimum", "Developing", "Mature", "Leader", "Innovator"]:
        assert level in html


def test_pages_use_the_govuk_page_template_without_the_crown(client):
    html = client.get(reverse("home")).content.decode()
    assert 'href="#main-content"' in html
    assert 'id="main-content"' in html
    assert "govuk-phase-banner" in html
    assert "Accessibility statement" in html
    assert "govuk-crest" not in html
    assert "govuk-logo" not in html
    assert 'lang="en-GB"' in html


def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr("npsportal.views.connection.cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_unknown_page_gives_the_govuk_not_found_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_the_database(rf):
    from npsportal.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        (None, ["Home"], ["Back office", "Rounds", "Your team"]),
        (Role.COUNCILLOR, ["Home"], ["Back office", "Rounds", "Your team"]),
        (Role.LEAD, ["Home", "Your team"], ["Back office", "Rounds", "Councils"]),
        (Role.LGA_STAFF, ["Home", "Councils", "Rounds"], ["Your team"]),
    ],
)
def test_navigation_fits_who_is_signed_in(client, role, expected, absent):
    if role == Role.LGA_STAFF:
        force_login_verified(client, lga_staff())
    elif role:
        user = member_of(CouncilFactory(), role)
        force_login_verified(client, user)
    html = client.get(reverse("home")).content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    for label in expected:
        assert f">{label}<" in nav.replace("\n", "").replace("  ", "") or label in nav
    for label in absent:
        assert label not in nav
    account = html.split('aria-label="Your account"', 1)[1].split("</nav>", 1)[0]
    assert ("Back office" in account) == (role == Role.LGA_STAFF)


def test_dates_are_shown_the_govuk_way():
    import datetime

    from npsportal.templatetags.portal import govuk_date

    assert govuk_date(datetime.date(2027, 5, 12)) == "12 May 2027"
    assert govuk_date(datetime.date(2027, 5, 2)) == "2 May 2027"
    assert govuk_date(None) == ""


@pytest.mark.parametrize("role", ["councillor", "officer", "lga_staff"])
def test_pages_ask_the_database_for_no_django_model_permissions(world, client_as, role):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(world.users[role])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    # Permissions are rules; the navigation's refused checks must not fall through to auth tables.
    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]


def test_a_superuser_still_uses_the_back_office(client):
    from npsportal.models import User

    superuser = User.objects.create_superuser("root@lga.test", "a long passphrase 1")
    force_login_verified(client, superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:npsportal_council_changelist")).status_code == 200
