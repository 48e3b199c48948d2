import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from npsportal.models import Council, Membership, User
from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db


def test_lga_staff_manage_councils_in_the_back_office(client):
    CouncilFactory(name="Stockport")
    force_login_verified(client, lga_staff())
    response = client.get(reverse("admin:npsportal_council_changelist"), {"q": "Stock"})
    assert response.status_code == 200
    assert "Stockport" in response.content.decode()
    response = client.get(reverse("admin:npsportal_membership_changelist"), {"role": "officer"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEAD, Role.COUNCILLOR])
def test_council_members_cannot_use_the_back_office(client, role):
    user = member_of(CouncilFactory(), role, is_staff=True)
    force_login_verified(client, user)
    response = client.get(reverse("admin:npsportal_council_changelist"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_demo_world_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")


def test_demo_world_can_be_created_twice_and_its_accounts_sign_in(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert Council.objects.get(slug="stockport").gss_code == "E08000007"
    assert Council.objects.get(slug="rochdale").gss_code == "E08000005"
    assert Council.objects.count() >= 20
    assert User.objects.filter(email__endswith=".example.org").count() == 9
    expected = {
        "officer@stockport.example.org": (Role.OFFICER, "stockport"),
        "lead@stockport.example.org": (Role.LEAD, "stockport"),
        "deputy@stockport.example.org": (Role.LEAD, "stockport"),
        "councillor@stockport.example.org": (Role.COUNCILLOR, "stockport"),
        "contributor@stockport.example.org": (Role.CONTRIBUTOR, "stockport"),
        "officer@trafford.example.org": (Role.OFFICER, "trafford"),
        "officer@salford.example.org": (Role.OFFICER, "salford"),
        "lead@salford.example.org": (Role.LEAD, "salford"),
        "staff@lga.example.org": (Role.LGA_STAFF, None),
    }
    for email, (role, slug) in expected.items():
        membership = Membership.objects.get(user__email=email)
        assert (membership.role, membership.council.slug if membership.council else None) == (
            role,
            slug,
        )
        response = client.post(reverse("login"), {"username": email, "password": "nps-demo-2026"})
        assert response.status_code == 302, email
        client.post(reverse("logout"))


def test_kinds_and_regions_of_demo_councils_cover_the_country(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert set(Council.objects.values_list("kind", flat=True)) == set(Council.Kind.values)
    assert set(Council.objects.values_list("region", flat=True)) == set(Council.Region.values)
