"""A head of procurement runs their council's team; LGA staff run theirs: through the pages."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from npsportal.models import AuditEvent, Invitation, Membership
from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, lga_staff, member_of


@pytest.fixture
def lead(world, client):
    force_login_verified(client, world.users["lead"])
    return world.users["lead"]


def team_url(world, council=None):
    return reverse("teams:team", args=[(council or world.own).slug])


def membership(user, council):
    return Membership.objects.get(user=user, council=council)


def test_a_head_sees_their_team_and_invites_an_officer(client, world, lead):
    page = client.get(team_url(world)).text
    for role in ("officer", "councillor"):
        assert world.users[role].email in page
    response = client.post(
        reverse("teams:invite", args=["stockport"]),
        {"full_name": "Ola Officer", "email": "Ola@Stockport.test", "role": Role.OFFICER},
    )
    assert response["Location"] == team_url(world)
    invitation = Invitation.objects.get()
    assert (invitation.council, invitation.role) == (world.own, Role.OFFICER)
    assert "as officer" in mail.outbox[0].body
    page = client.get(team_url(world)).text
    assert "ola@stockport.test" in page
    assert "Waiting" in page


def test_the_invite_page_opened_to_bring_in_a_contributor_has_that_role_chosen(client, world, lead):
    page = client.get(reverse("teams:invite", args=["stockport"]), {"role": "contributor"}).text
    assert re.search(r'value="contributor"[^>]*checked', page)
    assert not re.search(r'value="officer"[^>]*checked', page)


def test_inviting_needs_a_role(client, world, lead):
    response = client.post(
        reverse("teams:invite", args=["stockport"]), {"full_name": "A B", "email": "ab@x.test"}
    )
    assert "Select a role" in response.text
    assert not Invitation.objects.exists()


def test_an_existing_member_is_refused_at_invite_time(client, world, lead):
    response = client.post(
        reverse("teams:invite", args=["stockport"]),
        {"full_name": "Again", "email": "OFFICER@stockport.test", "role": Role.COUNCILLOR},
    )
    assert "officer@stockport.test already belongs to Stockport" in response.text


def test_a_head_changes_a_members_role(client, world, lead):
    officer = world.users["officer"]
    url = reverse("teams:member_role", args=["stockport", membership(officer, world.own).pk])
    assert "What should" in client.get(url).text
    response = client.post(url, {"role": Role.LEAD})
    assert response["Location"] == team_url(world)
    assert membership(officer, world.own).role == Role.LEAD
    event = AuditEvent.objects.get(action="role.granted", object_id=str(officer.pk))
    assert (event.actor, event.details["previous_role"]) == (lead, Role.OFFICER)


def test_nobody_changes_their_own_role_or_removes_themselves(client, world, lead):
    own = membership(lead, world.own)
    member_lead = member_of(world.own, Role.LEAD)  # not the last head either
    assert member_lead
    role = client.post(
        reverse("teams:member_role", args=["stockport", own.pk]), {"role": "officer"}
    )
    assert "You cannot change your own role or remove yourself" in role.text
    remove = client.post(reverse("teams:member_remove", args=["stockport", own.pk]))
    assert "You cannot change your own role or remove yourself" in remove.text
    assert membership(lead, world.own).role == Role.LEAD
    assert "(you)" in client.get(team_url(world)).text


def test_the_last_head_cannot_be_removed_or_demoted_and_the_page_says_why(client, world):
    """LGA staff help a council whose head has left; they cannot leave it with no head."""
    lead = world.users["lead"]
    force_login_verified(client, world.users["lga_staff"])
    only = membership(lead, world.own)
    response = client.post(reverse("teams:member_remove", args=["stockport", only.pk]))
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "is Stockport&#x27;s only head of procurement" in response.text
    assert "Invite or choose another head of procurement first" in response.text
    role_url = reverse("teams:member_role", args=["stockport", only.pk])
    response = client.post(role_url, {"role": Role.OFFICER})
    assert "is Stockport&#x27;s only head of procurement" in response.text
    assert membership(lead, world.own).role == Role.LEAD
    # With a second head, the first may go.
    member_of(world.own, Role.LEAD, email="deputy@stockport.test")
    assert (
        client.post(reverse("teams:member_remove", args=["stockport", only.pk])).status_code == 302
    )
    assert not Membership.objects.filter(user=lead).exists()


def test_removing_a_member_ends_their_access_at_once_and_keeps_their_account(client, world, lead):
    officer = world.users["officer"]
    member = membership(officer, world.own)
    url = reverse("teams:member_remove", args=["stockport", member.pk])
    assert "Are you sure you want to remove" in client.get(url).text
    response = client.post(url)
    assert response["Location"] == team_url(world)
    assert not Membership.objects.filter(user=officer).exists()
    officer.refresh_from_db()
    assert officer.pk
    assert not officer.is_active
    assert AuditEvent.objects.filter(action="role.revoked", object_id=str(officer.pk)).exists()
    assert AuditEvent.objects.filter(action="person.switched_off", actor=lead).exists()


def test_a_person_with_another_council_keeps_it_and_stays_active(client, world, lead):
    officer = world.users["officer"]
    Membership.objects.create(user=officer, council=world.other, role=Role.OFFICER)
    client.post(
        reverse("teams:member_remove", args=["stockport", membership(officer, world.own).pk])
    )
    officer.refresh_from_db()
    assert officer.is_active
    assert list(Membership.objects.filter(user=officer).values_list("council", flat=True)) == [
        world.other.pk
    ]


def test_a_head_revokes_and_resends_their_councils_invitations(client, world, lead):
    client.post(
        reverse("teams:invite", args=["stockport"]),
        {"full_name": "Ola", "email": "ola@stockport.test", "role": Role.OFFICER},
    )
    invitation = Invitation.objects.get()
    resend = reverse("teams:invitation_resend", args=[invitation.pk])
    assert client.post(resend, {"sends": "1"})["Location"] == team_url(world)
    assert len(mail.outbox) == 2
    revoke = reverse("teams:invitation_revoke", args=[invitation.pk])
    assert "Are you sure you want to revoke" in client.get(revoke).text
    client.post(revoke)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.REVOKED


def test_a_head_of_two_councils_picks_a_team(client, world, lead):
    Membership.objects.create(user=lead, council=world.other, role=Role.LEAD)
    page = client.get(reverse("teams:team_choose"))
    assert "Which council's team do you want to manage?" in page.text
    assert team_url(world, world.other) in page.text


def test_a_head_of_one_council_goes_straight_to_its_team(client, world, lead):
    assert client.get(reverse("teams:team_choose"))["Location"] == team_url(world)


def test_the_navigation_leads_heads_to_their_team_and_staff_to_the_councils(client, world, lead):
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', client.get("/").text, re.S)
    assert nav
    assert "Your team" in nav.group(0)
    assert "Councils" not in nav.group(0)
    force_login_verified(client, world.users["lga_staff"])
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', client.get("/").text, re.S)
    assert nav
    assert "Councils" in nav.group(0)
    assert "Your team" not in nav.group(0)


def test_lga_staff_remove_a_colleague_who_loses_the_back_office(client, world):
    staff = world.users["lga_staff"]
    colleague = lga_staff(email="colleague@lga.test")
    force_login_verified(client, staff)
    page = client.get(reverse("teams:lga_team")).text
    assert "colleague@lga.test" in page
    member = Membership.objects.get(user=colleague)
    client.post(reverse("teams:lga_member_remove", args=[member.pk]))
    colleague.refresh_from_db()
    assert not colleague.is_staff
    assert not colleague.is_active
    own = Membership.objects.get(user=staff)
    refused = client.post(reverse("teams:lga_member_remove", args=[own.pk]))
    assert "You cannot change your own role or remove yourself" in refused.text


def test_a_council_member_cannot_be_removed_through_the_lga_team(client, world):
    force_login_verified(client, world.users["lga_staff"])
    officer = membership(world.users["officer"], world.own)
    response = client.post(reverse("teams:lga_member_remove", args=[officer.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=officer.pk).exists()


def test_a_head_at_two_councils_runs_each_team_separately(client, world):
    shared = member_of(world.own, Role.LEAD, email="shared@star.test")
    Membership.objects.create(
        user=shared, council=CouncilFactory(name="Wigan", slug="wigan"), role=Role.OFFICER
    )
    force_login_verified(client, shared)
    assert client.get(team_url(world)).status_code == 200
    assert client.get(reverse("teams:team", args=["wigan"])).status_code == 404
