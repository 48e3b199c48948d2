"""Open redirects: a `next` pointing off the portal is never followed, wherever it is accepted."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tests.factories import PASSWORD
from tests.security.objects import row_objects
from tests.test_permission_matrix import ROWS

DOWNLOADS = ("_report", "_csv", "_xlsx")
EVIL = [
    "https://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "http://testserver@evil.example",
    " //evil.example",
    "/%09/evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]


def assert_stays_on_the_portal(location: str, where: str) -> None:
    """A redirect's target, and any `next` it carries on, are both on this portal."""
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), (
        f"{where} → {location}"
    )
    parts = urlsplit(location)
    assert parts.netloc in ("", "testserver"), f"{where} → {location}"
    assert "javascript" not in location.lower()
    for carried in parse_qs(parts.query).get("next", []):
        # A next carried on to another step (say, a second factor) must be local too, or gone.
        assert url_has_allowed_host_and_scheme(carried, allowed_hosts={"testserver"}), location


def assert_chain_stays(response, where):
    for location, _status in response.redirect_chain:
        assert_stays_on_the_portal(location, where)
    assert b"evil.example" not in response.content, where


@pytest.mark.parametrize("target", EVIL)
def test_signing_in_with_a_foreign_next_stays_on_the_portal(world, client, target):
    officer = world.users["officer"]
    form = client.get(reverse("login"), {"next": target})
    assert b"evil.example" not in form.content
    assert b"javascript:" not in form.content
    data = {"username": officer.email, "password": PASSWORD, "next": target}
    signed_in = client.post(f"{reverse('login')}?next={target}", data, follow=True)
    assert signed_in.redirect_chain, "signing in should move on from the sign-in page"
    assert_chain_stays(signed_in, f"sign in next={target}")


@pytest.mark.parametrize("target", EVIL)
def test_signed_in_people_sent_on_from_the_sign_in_page_stay_on_the_portal(
    world, client_as, target
):
    client = client_as(world.users["officer"])
    response = client.get(reverse("login"), {"next": target}, follow=True)
    assert_chain_stays(response, f"signed-in GET login next={target}")


@pytest.mark.parametrize("target", EVIL[:4] + EVIL[-2:])
def test_signing_out_with_a_foreign_next_stays_on_the_portal(world, client_as, target):
    client = client_as(world.users["officer"])
    response = client.post(reverse("logout"), {"next": target}, follow=True)
    assert_chain_stays(response, f"sign out next={target}")


def test_no_page_follows_a_foreign_next(world, client_as):
    """Every URL of the permission matrix, opened with ?next= and a foreign address."""
    for row in ROWS:
        # Downloads (PDF, CSV, XLSX) answer with a file, never a redirect; and they are slow.
        if row.method != "get" or row.url_name.endswith(DOWNLOADS):
            continue
        role = next(
            (r for r in ("officer", "lead", "lga_staff", "anonymous") if row.expected[r] == 200),
            "officer",
        )
        with row_objects(world):
            client = client_as(world.users[role])
            url = reverse(row.url_name, kwargs=row.kwargs(world))
            response = client.get(url, {"next": "https://evil.example"})
        if response.status_code in (301, 302, 303, 307, 308):
            assert_stays_on_the_portal(response["Location"], url)


@pytest.mark.parametrize("target", EVIL[:4] + EVIL[-2:])
def test_the_second_sign_in_step_never_sends_people_off_the_portal(world, client, target):
    from tests.factories import authenticator_code

    officer = world.users["officer"]  # with an authenticator app, as every test user has
    client.force_login(officer, backend="npsportal.backends.EmailPasswordBackend")
    url = reverse("two_factor_verify")
    form = client.get(url, {"next": target})
    assert form.status_code == 200
    assert b"evil.example" not in form.content
    verified = client.post(
        f"{url}?next={target}", {"code": authenticator_code(officer), "next": target}
    )
    assert verified.status_code == 302, verified.content.decode()[:500]
    assert_stays_on_the_portal(verified["Location"], f"two-factor next={target}")
