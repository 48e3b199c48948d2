"""Personal access tokens: made on a page and shown once, kept only as a hash, revoked, refused
when expired or their person is switched off, and every use audited."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from npsportal.models import AccessToken, AuditEvent, Membership
from npsportal.roles import Role
from npsportal.services import revoke_role
from npsportal.tokens.services import create_token

pytestmark = pytest.mark.django_db
ROOT = "/api/v1/"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_a_new_token_is_shown_once_and_its_text_is_stored_nowhere(world, client_as):
    client = client_as(world.users["officer"])
    response = client.post(reverse("tokens:create"), {"name": "Power BI", "days": "90"})
    assert response["Location"] == reverse("tokens:created")

    shown = client.get(reverse("tokens:created"))
    key = shown.context["key"]
    assert key.startswith("nps_")
    assert key in shown.content.decode()
    assert "You will not be able to see it again" in shown.content.decode()

    again = client.get(reverse("tokens:created"), follow=True)
    assert key not in again.content.decode()
    assert key not in client.get(reverse("tokens:list")).content.decode()
    token = AccessToken.objects.get()
    assert token.key_hash != key
    assert key[:12] == token.prefix
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM npsportal_accesstoken")
        assert not any(key in str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT details FROM npsportal_auditevent")
        assert not any(key in str(row) for row in cursor.fetchall())


def test_a_new_token_works_for_the_chosen_number_of_days(world, client_as):
    client = client_as(world.users["officer"])
    client.post(reverse("tokens:create"), {"name": "Power BI", "days": "30"})
    token = AccessToken.objects.get()
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert AuditEvent.objects.filter(action="api.token_created", actor=world.users["officer"])


def test_the_form_without_a_name_or_lifetime_says_what_is_missing(world, client_as):
    response = client_as(world.users["officer"]).post(reverse("tokens:create"), {"name": " "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter a name for the token" in page
    assert "Select how long the token should work for" in page
    assert not AccessToken.objects.exists()


def test_the_list_shows_first_characters_dates_last_use_and_state(world, client_as):
    officer = world.users["officer"]
    token, _key = create_token(user=officer, name="Power BI", days=30)
    token.created_at = datetime(2027, 5, 12, 5, 24, tzinfo=UTC)
    token.last_used_at = datetime(2027, 5, 12, 5, 24, tzinfo=UTC)
    token.save()
    page = client_as(officer).get(reverse("tokens:list")).content.decode()
    assert "Power BI" in page
    assert f"{token.prefix}…" in page
    assert "12 May 2027" in page
    assert "6:24am, 12 May 2027" in page
    assert "Active" in page


def test_a_token_never_used_says_never(world, client_as):
    create_token(user=world.users["officer"], name="Spare", days=30)
    page = client_as(world.users["officer"]).get(reverse("tokens:list")).content.decode()
    assert "Never" in page


def test_a_revoked_token_is_refused_and_the_revocation_audited(world, client_as, client):
    officer = world.users["officer"]
    token, key = create_token(user=officer, name="Power BI", days=30)
    signed_in = client_as(officer)
    assert (
        "Are you sure" in signed_in.get(reverse("tokens:revoke", args=[token.pk])).content.decode()
    )
    signed_in.post(reverse("tokens:revoke", args=[token.pk]))
    assert "Revoked" in signed_in.get(reverse("tokens:list")).content.decode()
    assert AuditEvent.objects.filter(action="api.token_revoked", object_id=str(token.pk))
    signed_in.logout()

    response = client.get(ROOT, headers=bearer(key))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_refused(world, client):
    token, key = create_token(user=world.users["officer"], name="Old", days=30)
    AccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = client.get(ROOT, headers=bearer(key))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_switched_off_persons_token_is_refused(world, client):
    officer = world.users["officer"]
    _token, key = create_token(user=officer, name="Power BI", days=30)
    officer.is_active = False
    officer.save()
    response = client.get(ROOT, headers=bearer(key))
    assert response.status_code == 401
    assert "switched off" in response.json()["detail"]


def test_an_unknown_token_is_refused(client):
    response = client.get(ROOT, headers=bearer("nps_not-a-real-token"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "not recognised" in response.json()["detail"]


def test_every_use_is_audited_with_prefix_path_and_method(world, client):
    token, key = create_token(user=world.users["officer"], name="Power BI", days=30)
    client.get(ROOT, headers=bearer(key))
    client.get(ROOT + "schema/", headers=bearer(key))
    uses = AuditEvent.objects.filter(action="api.token_used").order_by("pk")
    assert [(e.details["path"], e.details["method"]) for e in uses] == [
        (ROOT, "GET"),
        (ROOT + "schema/", "GET"),
    ]
    assert {e.details["prefix"] for e in uses} == {token.prefix}
    assert {e.actor for e in uses} == {world.users["officer"]}


def test_last_used_is_written_at_most_once_a_minute(world, client):
    token, key = create_token(user=world.users["officer"], name="Power BI", days=30)
    client.get(ROOT, headers=bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(ROOT, headers=bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    client.get(ROOT, headers=bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_nobody_sees_or_revokes_anothers_token(world, client_as):
    token, key = create_token(user=world.users["officer"], name="Power BI", days=30)
    lead = client_as(world.users["lead"])
    assert "Power BI" not in lead.get(reverse("tokens:list")).content.decode()
    assert lead.get(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    assert lead.post(reverse("tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_header_links_to_the_token_page(world, client_as):
    page = client_as(world.users["officer"]).get(reverse("home")).content.decode()
    assert f'href="{reverse("tokens:list")}"' in page


def test_removing_someone_from_their_council_stops_their_token_seeing_it_at_once(world, client):
    from tests.assessments.factories import AssessmentFactory

    officer = world.users["officer"]
    assessment = AssessmentFactory(council=world.own)
    url = reverse("assessments_api:assessment_detail", args=[assessment.pk])
    _token, key = create_token(user=officer, name="Power BI", days=30)
    assert client.get(url, headers=bearer(key)).status_code == 200

    membership = Membership.objects.get(user=officer, council=world.own, role=Role.OFFICER)
    revoke_role(membership=membership, by=world.users["lead"])

    response = client.get(url, headers=bearer(key))
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Not found: nothing is here, or your account may not see it."
    }
