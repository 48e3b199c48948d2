"""Invitations through the pages: LGA staff invite a head, the email's link, joining, and every
way a link can be bad."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from npsportal.models import AuditEvent, Invitation, Membership, User
from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import PASSWORD, CouncilFactory, UserFactory, lga_staff, member_of

NEW_PASSWORD = "a-long-new-password-42"


def link_in(email) -> str:
    """The path of the invitation link in an email."""
    url = re.search(re.escape(settings.SITE_URL) + r"(/invitations/[^/\s]+/)", email.body)
    assert url, email.body
    return url.group(1)


@pytest.fixture
def staff(db):
    return lga_staff(email="staff@lga.test", full_name="Alex Staff")


@pytest.fixture
def bury(db):
    return CouncilFactory(name="Bury", slug="bury")


def invite_head(client, staff, council, email="Jo.Head@Bury.test", name="Jo Head"):
    force_login_verified(client, staff)
    url = reverse("teams:invite_head", args=[council.slug])
    response = client.post(url, {"full_name": name, "email": email})
    client.logout()
    return response


def join(client, link, name="Jo Head", password=NEW_PASSWORD, again=None):
    data = {"full_name": name, "new_password1": password, "new_password2": again or password}
    return client.post(link, data)


def test_lga_staff_invite_a_head_who_gets_an_email_with_a_single_use_link(client, staff, bury):
    with time_machine.travel("2027-05-05 10:00 +01:00", tick=False):
        response = invite_head(client, staff, bury)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "jo.head@bury.test"  # capitals typed, one spelling stored
    (email,) = mail.outbox
    assert email.to == ["jo.head@bury.test"]
    assert email.subject == "Join Bury on NPS Portal"
    assert "Alex Staff has invited you to join Bury on NPS Portal as head of procurement" in (
        email.body
    )
    assert "stops working on 12 May 2027" in email.body
    token = link_in(email).split("/")[2]
    # Only a hash of the link's secret is kept.
    assert token not in invitation.token_hash
    assert AuditEvent.objects.filter(action="invitation.sent", actor=staff).exists()


def test_a_new_head_joins_sets_up_two_factor_and_lands_on_their_start_page(client, staff, bury):
    invite_head(client, staff, bury)
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert "Join Bury on NPS Portal" in page.text
    assert 'value="Jo Head"' in page.text  # the name, filled in
    response = join(client, link, name="Jo Head-Smith")
    assert response["Location"] == f"{reverse('two_factor_set_up')}?next=%2F"
    head = User.objects.get(email="jo.head@bury.test")
    assert head.full_name == "Jo Head-Smith"
    assert head.check_password(NEW_PASSWORD)
    assert Membership.objects.get(user=head).role == Role.LEAD
    assert client.get(response["Location"]).status_code == 200  # the set-up page
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == head
    assert invitation.state == Invitation.State.ACCEPTED
    assert AuditEvent.objects.filter(action="invitation.accepted", actor=head).exists()
    granted = AuditEvent.objects.get(action="role.granted", object_id=str(head.pk))
    assert granted.actor == staff


def test_a_used_link_says_it_has_been_used(client, staff, bury):
    invite_head(client, staff, bury)
    link = link_in(mail.outbox[0])
    join(client, link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation has already been used" in response.text
    response = join(client, link, name="Someone Else")
    assert response.status_code == 410
    assert User.objects.get(email="jo.head@bury.test").full_name == "Jo Head"


def test_an_expired_link_says_when_it_expired_and_creates_nothing(client, staff, bury):
    with time_machine.travel("2027-05-05 10:00 +01:00", tick=False):
        invite_head(client, staff, bury)
    link = link_in(mail.outbox[0])
    with time_machine.travel("2027-05-12 10:01 +01:00", tick=False):
        response = join(client, link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.text
    assert "12 May 2027" in response.text
    assert "Alex Staff" in response.text
    assert not User.objects.filter(email="jo.head@bury.test").exists()
    with time_machine.travel("2027-05-12 09:59 +01:00", tick=False):
        assert client.get(link).status_code == 200


def test_a_revoked_link_says_it_was_withdrawn(client, staff, bury):
    invite_head(client, staff, bury)
    link = link_in(mail.outbox[0])
    force_login_verified(client, staff)
    invitation = Invitation.objects.get()
    client.post(reverse("teams:invitation_revoke", args=[invitation.pk]))
    client.logout()
    response = join(client, link)
    assert response.status_code == 410
    assert "This invitation has been withdrawn" in response.text
    assert not User.objects.filter(email="jo.head@bury.test").exists()
    assert AuditEvent.objects.filter(action="invitation.revoked", actor=staff).exists()


def test_an_unknown_link_says_to_check_it(client, db):
    response = client.get(reverse("teams:accept", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert "This invitation link does not work" in response.text


def test_a_link_opened_while_signed_in_as_someone_else_offers_to_sign_out(client, staff, bury):
    invite_head(client, staff, bury)
    link = link_in(mail.outbox[0])
    other = member_of(CouncilFactory(), Role.OFFICER, email="other@council.test")
    force_login_verified(client, other)
    for response in (client.get(link), join(client, link)):
        assert response.status_code == 403
        assert "You are signed in as other@council.test" in response.text
        assert "Sign out, then open the link again" in response.text
        assert f'action="{reverse("logout")}"' in response.text
    assert Invitation.objects.get().state == Invitation.State.WAITING
    assert not Membership.objects.filter(council=bury).exists()


def test_an_address_already_at_the_council_is_refused_at_the_field(client, staff, bury):
    member_of(bury, Role.OFFICER, email="jo@bury.test")
    response = invite_head(client, staff, bury, email="JO@bury.test")
    assert response.status_code == 200
    assert "Error: Invite a head of procurement" in response.text
    assert "There is a problem" in response.text
    assert "jo@bury.test already belongs to Bury" in response.text
    assert 'href="#id_email"' in response.text
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_second_invitation_to_a_waiting_address_is_refused(client, staff, bury):
    invite_head(client, staff, bury)
    response = invite_head(client, staff, bury, email="jo.head@BURY.test")
    assert "An invitation to jo.head@bury.test is waiting" in response.text
    assert Invitation.objects.count() == 1


def test_an_expired_invitation_can_be_replaced_by_a_new_one(client, staff, bury):
    invite_head(client, staff, bury)
    later = timezone.now() + timedelta(days=8)
    with time_machine.travel(later):
        invite_head(client, staff, bury)
    old, new = Invitation.objects.order_by("pk")
    assert old.state == Invitation.State.REVOKED
    assert new.state == Invitation.State.WAITING


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("short", "short", "must be at least 8 characters"),
        ("password123", "password123", "is too common"),
        ("12345678901", "12345678901", "must not be only numbers"),
        (NEW_PASSWORD, "something-else-entirely", "The passwords do not match"),
    ],
)
def test_a_weak_or_unmatched_password_is_refused_and_nothing_is_made(
    client, staff, bury, password, again, message
):
    invite_head(client, staff, bury)
    link = link_in(mail.outbox[0])
    response = join(client, link, password=password, again=again)
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert not User.objects.filter(email="jo.head@bury.test").exists()
    assert Invitation.objects.get().state == Invitation.State.WAITING


def test_an_empty_form_asks_for_each_answer(client, staff, bury):
    invite_head(client, staff, bury)
    response = client.post(link_in(mail.outbox[0]), {})
    for message in [
        "Enter your full name",
        "Enter your new password",
        "Enter your new password again",
    ]:
        assert message in response.text


def test_someone_with_an_account_signs_in_and_accepting_adds_the_council(client, staff, bury):
    person = member_of(CouncilFactory(name="Rochdale"), Role.OFFICER, email="shared@star.test")
    invite_head(client, staff, bury, email="Shared@STAR.test")
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert "You already have an NPS Portal account" in page.text
    assert f"{reverse('login')}?next={link.replace('/', '%2F')}" in page.text
    # The form for new people is not there to fill in: nobody can set their password.
    join(client, link, password="someone-elses-password")
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
    force_login_verified(client, person)
    assert "Accept and join" in client.get(link).text
    response = client.post(link)
    assert response["Location"] == reverse("home")
    roles = set(Membership.objects.filter(user=person).values_list("council__name", "role"))
    assert roles == {("Rochdale", Role.OFFICER), ("Bury", Role.LEAD)}


def test_a_removed_person_invited_again_chooses_a_new_password_and_is_back(client, staff, bury):
    former = UserFactory(email="back@bury.test", is_active=False)
    invite_head(client, staff, bury, email="back@bury.test")
    response = join(client, link_in(mail.outbox[0]), name="Back Again")
    assert response.status_code == 302
    former.refresh_from_db()
    assert former.is_active
    assert former.check_password(NEW_PASSWORD)
    assert User.objects.filter(email="back@bury.test").count() == 1


def test_resending_sends_a_new_link_and_the_old_one_stops_working(client, staff, bury):
    invite_head(client, staff, bury)
    old_link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    force_login_verified(client, staff)
    url = reverse("teams:invitation_resend", args=[invitation.pk])
    assert "Send a new link" in client.get(url).text
    # A double click sends the same form twice: one email.
    client.post(url, {"sends": "1"})
    client.post(url, {"sends": "1"})
    assert len(mail.outbox) == 2
    new_link = link_in(mail.outbox[1])
    client.logout()
    assert client.get(old_link).status_code == 404
    assert client.get(new_link).status_code == 200
    assert AuditEvent.objects.filter(action="invitation.resent").count() == 1


def test_the_invitation_list_shows_and_filters_states(client, staff, bury):
    invite_head(client, staff, bury, email="waiting@bury.test", name="Wai Ting")
    invite_head(client, staff, bury, email="gone@bury.test", name="Gone Away")
    Invitation.objects.filter(email="gone@bury.test").update(revoked_at=timezone.now())
    force_login_verified(client, staff)
    page = client.get(reverse("teams:invitation_list")).text
    assert "Wai Ting" in page
    assert "Gone Away" in page
    waiting = client.get(reverse("teams:invitation_list"), {"state": "waiting"}).text
    assert "Wai Ting" in waiting
    assert "Gone Away" not in waiting
    revoked = client.get(reverse("teams:invitation_list"), {"state": "revoked"}).text
    assert "Gone Away" in revoked
    assert "Wai Ting" not in revoked


def test_the_councils_list_shows_heads_and_whether_each_joined_and_searches(client, staff, bury):
    member_of(bury, Role.LEAD, email="boss@bury.test", full_name="Bea Boss")
    CouncilFactory(name="Wigan", slug="wigan")
    force_login_verified(client, staff)
    page = client.get(reverse("teams:council_list")).text
    assert "Bea Boss" in page
    assert "Not joined" in page
    assert "Joined" in page
    found = client.get(reverse("teams:council_list"), {"q": "wig"}).text
    assert "Wigan" in found
    assert "Bury" not in found


def test_lga_staff_invite_a_colleague_who_joins_as_lga_staff(client, staff):
    force_login_verified(client, staff)
    client.post(reverse("teams:lga_invite"), {"full_name": "Cam New", "email": "cam@lga.test"})
    client.logout()
    join(client, link_in(mail.outbox[0]), name="Cam New")
    cam = User.objects.get(email="cam@lga.test")
    assert Membership.objects.get(user=cam).role == Role.LGA_STAFF
    assert cam.is_staff


def test_nobody_invites_themselves(client, staff, bury):
    response = invite_head(client, staff, bury, email="STAFF@lga.test")
    assert "You cannot invite yourself" in response.text
    assert not Invitation.objects.exists()
