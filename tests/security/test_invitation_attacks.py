"""An invitation's link is a key: it works once, for its own address, only until it expires, and
is stored only as a hash; a removed person is signed out everywhere."""

import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from npsportal.models import AuditEvent, Invitation, Membership, SignedInSession, User
from npsportal.roles import Role
from npsportal.teams import services
from tests.conftest import force_login_verified
from tests.factories import PASSWORD, CouncilFactory, lga_staff, member_of

NEW_PASSWORD = "a-long-new-password-42"


def link_in(email) -> str:
    return re.search(re.escape(settings.SITE_URL) + r"(/invitations/[^/\s]+/)", email.body)[1]


@pytest.fixture
def invitation_link(db):
    staff = lga_staff(email="staff@lga.test")
    services.invite(
        email="head@bury.test",
        full_name="Jo Head",
        role=Role.LEAD,
        council=CouncilFactory(name="Bury", slug="bury"),
        by=staff,
    )
    return link_in(mail.outbox[-1])


def join(client, link, name="Jo Head"):
    data = {"full_name": name, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    return client.post(link, data)


def test_the_database_holds_no_usable_link(invitation_link):
    token = invitation_link.split("/")[2]
    stored = Invitation.objects.values_list("token_hash", flat=True).get()
    assert token not in stored
    response = Client().get(reverse("teams:accept", args=[stored]))
    assert response.status_code == 404


def test_a_link_works_once_even_for_the_person_it_was_for(client, invitation_link):
    assert join(client, invitation_link).status_code == 302
    second = Client()
    response = join(second, invitation_link, name="Mallory")
    assert response.status_code == 410
    assert User.objects.get(email="head@bury.test").full_name == "Jo Head"
    assert Membership.objects.filter(council__slug="bury").count() == 1


def test_a_guessed_or_altered_link_opens_nothing(client, invitation_link):
    altered = invitation_link[:-3] + ("A" if invitation_link[-3] != "A" else "B") + "/"
    for path in (altered, reverse("teams:accept", args=["x" * 43])):
        response = join(client, path, name="Mallory")
        assert response.status_code == 404
    assert not User.objects.filter(email="head@bury.test").exists()


def test_a_signed_in_person_cannot_take_someone_elses_invitation(client, invitation_link):
    mallory = member_of(CouncilFactory(), Role.OFFICER, email="mallory@evil.test")
    force_login_verified(client, mallory)
    response = client.post(invitation_link)
    assert response.status_code == 403
    assert not Membership.objects.filter(user=mallory, council__slug="bury").exists()


def test_the_accept_page_never_sets_an_existing_persons_password(client, invitation_link):
    existing = member_of(CouncilFactory(), Role.OFFICER, email="HEAD@bury.test")
    response = join(client, invitation_link, name="Mallory")
    assert "You already have an NPS Portal account" in response.text
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)
    assert existing.full_name != "Mallory"
    assert not Membership.objects.filter(user=existing, council__slug="bury").exists()


def test_officers_and_councillors_cannot_reach_team_management(client, world):
    for role in ("officer", "councillor"):
        force_login_verified(client, world.users[role])
        assert client.get(reverse("teams:team", args=["stockport"])).status_code == 404
        assert client.get(reverse("teams:team_choose")).status_code == 403
        response = client.post(
            reverse("teams:invite", args=["stockport"]),
            {"full_name": "Friend", "email": "friend@x.test", "role": Role.LEAD},
        )
        assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_a_head_of_one_council_cannot_manage_another_councils_team(client, world):
    force_login_verified(client, world.users["lead"])
    other_officer = Membership.objects.get(user=world.users["other_officer"])
    urls = [
        reverse("teams:team", args=["trafford"]),
        reverse("teams:invite", args=["trafford"]),
        reverse("teams:member_role", args=["trafford", other_officer.pk]),
        reverse("teams:member_remove", args=["trafford", other_officer.pk]),
        # Their own council's slug with another council's member.
        reverse("teams:member_remove", args=["stockport", other_officer.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"role": Role.OFFICER}).status_code == 404, url
    assert Membership.objects.filter(pk=other_officer.pk, role=Role.OFFICER).exists()


def test_a_head_cannot_resend_or_revoke_another_councils_invitation(client, world):
    invitation = services.invite(
        email="new@trafford.test",
        full_name="New",
        role=Role.OFFICER,
        council=world.other,
        by=world.users["other_lead"],
    )
    force_login_verified(client, world.users["lead"])
    for name in ("teams:invitation_resend", "teams:invitation_revoke"):
        assert client.post(reverse(name, args=[invitation.pk]), {"sends": "1"}).status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WAITING
    assert invitation.sends == 1


def test_a_removed_person_is_signed_out_at_their_next_request(world, client):
    officer = world.users["officer"]
    theirs = Client()
    force_login_verified(theirs, officer)
    assert theirs.get(reverse("password_change")).status_code == 200
    assert SignedInSession.objects.filter(user=officer).count() == 1
    force_login_verified(client, world.users["lead"])
    member = Membership.objects.get(user=officer)
    client.post(reverse("teams:member_remove", args=["stockport", member.pk]))
    response = theirs.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not SignedInSession.objects.filter(user=officer).exists()
    # Nor can they sign in again.
    response = Client().post(reverse("login"), {"username": officer.email, "password": PASSWORD})
    assert response.status_code == 200


def test_removing_someone_from_one_of_two_councils_ends_that_access_at_once(world, client):
    officer = world.users["officer"]
    Membership.objects.create(user=officer, council=world.other, role=Role.OFFICER)
    theirs = Client()
    force_login_verified(theirs, officer)
    force_login_verified(client, world.users["lead"])
    member = Membership.objects.get(user=officer, council=world.own)
    client.post(reverse("teams:member_remove", args=["stockport", member.pk]))
    assert theirs.get(reverse("password_change")).status_code == 200  # still signed in
    officer = User.objects.get(pk=officer.pk)
    assert not officer.memberships.filter(council=world.own).exists()
    assert AuditEvent.objects.filter(action="role.revoked", object_id=str(officer.pk)).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous writers need PostgreSQL; `make test` runs this on its pass.",
)
@pytest.mark.django_db(transaction=True)
def test_one_link_accepted_twice_at_the_same_moment_makes_one_account_and_one_membership():
    staff = lga_staff(email="staff@lga.test")
    bury = CouncilFactory(name="Bury", slug="bury")
    services.invite(email="head@bury.test", full_name="Jo", role=Role.LEAD, council=bury, by=staff)
    link = link_in(mail.outbox[-1])
    barrier = Barrier(2)

    def accept(n):
        barrier.wait()
        try:
            return join(Client(), link, name=f"Person {n}").status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(pool.map(accept, range(2)))
    assert statuses == [302, 410]
    assert User.objects.filter(email="head@bury.test").count() == 1
    assert Membership.objects.filter(council=bury).count() == 1
    assert AuditEvent.objects.filter(action="invitation.accepted").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous writers need PostgreSQL; `make test` runs this on its pass.",
)
@pytest.mark.django_db(transaction=True)
def test_two_heads_removing_each_other_at_once_leave_the_council_one_head():
    council = CouncilFactory(name="Bury", slug="bury")
    heads = [member_of(council, Role.LEAD, email=f"head{n}@bury.test") for n in range(2)]
    memberships = [Membership.objects.get(user=head) for head in heads]
    barrier = Barrier(2)

    def remove(n):
        barrier.wait()
        try:
            services.remove_member(membership=memberships[1 - n], by=heads[n])
            return "removed"
        except services.TeamRuleBroken:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(remove, range(2)))
    assert outcomes == ["refused", "removed"]
    assert Membership.objects.filter(council=council, role=Role.LEAD).count() == 1
