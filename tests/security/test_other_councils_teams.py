"""A head of procurement runs their own council's team and never reaches another council's."""

import pytest
from django.urls import reverse

from npsportal.models import Invitation, Membership
from npsportal.roles import Role
from npsportal.teams import services

STOCKPORT = ["officer", "lead", "councillor"]


@pytest.fixture
def trafford(world):
    """Trafford's officer's membership and an invitation Trafford's head sent."""
    member = Membership.objects.get(council=world.other, role=Role.OFFICER)
    invitation = services.invite(
        email="new.officer@trafford.test",
        full_name="TRAFFORDONLY",
        role=Role.OFFICER,
        council=world.other,
        by=Membership.objects.get(council=world.other, role=Role.LEAD).user,
    )
    return member, invitation


def urls(world, member, invitation):
    own, other = world.own.slug, world.other.slug
    return [
        ("get", reverse("teams:team", args=[other])),
        ("get", reverse("teams:invite", args=[other])),
        ("post", reverse("teams:invite", args=[other])),
        ("get", reverse("teams:member_role", args=[other, member.pk])),
        ("post", reverse("teams:member_role", args=[own, member.pk])),
        ("get", reverse("teams:member_remove", args=[own, member.pk])),
        ("post", reverse("teams:member_remove", args=[own, member.pk])),
        ("post", reverse("teams:member_remove", args=[other, member.pk])),
        ("get", reverse("teams:invitation_resend", args=[invitation.pk])),
        ("post", reverse("teams:invitation_resend", args=[invitation.pk])),
        ("post", reverse("teams:invitation_revoke", args=[invitation.pk])),
    ]


def snapshot(member, invitation):
    return (
        list(Membership.objects.filter(pk=member.pk).values("role", "council")),
        list(Invitation.objects.filter(pk=invitation.pk).values("token_hash", "revoked_at")),
    )


@pytest.mark.parametrize("role", STOCKPORT)
def test_stockports_people_get_404_for_traffords_team_members_and_invitations(
    world, client_as, trafford, role
):
    member, invitation = trafford
    before = snapshot(member, invitation)
    client = client_as(world.users[role])
    data = {"email": "x@stockport.test", "full_name": "X", "role": Role.OFFICER}
    for method, url in urls(world, member, invitation):
        response = getattr(client, method)(url, data | {"role": Role.LEAD})
        assert response.status_code == 404, f"{role} {method.upper()} {url}"
        assert b"TRAFFORDONLY" not in response.content
    assert snapshot(member, invitation) == before


def test_the_same_team_urls_with_stockports_own_objects_work(world, client_as):
    # The control: the 404s above come from the objects, not from broken URLs.
    member = Membership.objects.get(council=world.own, role=Role.OFFICER)
    client = client_as(world.users["lead"])
    for url in (
        reverse("teams:team", args=[world.own.slug]),
        reverse("teams:member_role", args=[world.own.slug, member.pk]),
        reverse("teams:member_remove", args=[world.own.slug, member.pk]),
    ):
        assert client.get(url).status_code == 200, url
