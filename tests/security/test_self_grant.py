"""Nobody gives themselves a role, or changes their own, in the back office: the form says so,
nothing is saved, and the refusal is in the audit log."""

import pytest
from django.urls import reverse

from npsportal.models import AuditEvent, Membership
from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import UserFactory, lga_staff
from tests.security.objects import council_work

REFUSED = "You cannot give yourself a role or change your own access"


def admin_form_data(response) -> dict:
    """What the browser would send back from an admin change page, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form[name].html_name] = "on"
            elif value not in (None, False):
                data[form[name].html_name] = value
    return data


@pytest.fixture
def staff(world, client):
    force_login_verified(client, world.users["lga_staff"])
    return world.users["lga_staff"]


def assert_refused(response, staff, world):
    assert response.status_code == 200
    assert REFUSED in response.text
    assert not Membership.objects.filter(user=staff, council=world.own).exists()
    assert Membership.objects.get(user=staff).role == Role.LGA_STAFF
    event = AuditEvent.objects.get(action="role.self_grant_refused")
    assert event.actor == staff


def test_lga_staff_cannot_give_themselves_a_council_role_in_the_membership_admin(
    world, client, staff, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    work = council_work(world.own, "Stockport")
    data = {"user": staff.pk, "council": world.own.pk, "role": Role.LEAD}
    response = client.post(reverse("admin:npsportal_membership_add"), data)
    assert_refused(response, staff, world)
    draft = reverse("assessments:assessment_detail", args=[work.assessment.pk])
    assert client.get(draft).status_code == 404


def test_lga_staff_cannot_turn_their_own_membership_into_a_council_role(world, client, staff):
    own = Membership.objects.get(user=staff)
    url = reverse("admin:npsportal_membership_change", args=[own.pk])
    data = admin_form_data(client.get(url)) | {"council": world.own.pk, "role": Role.OFFICER}
    assert_refused(client.post(url, data), staff, world)


def test_lga_staff_cannot_add_themselves_through_their_own_people_page(world, client, staff):
    url = reverse("admin:npsportal_user_change", args=[staff.pk])
    data = admin_form_data(client.get(url))
    data |= {"memberships-1-council": world.own.pk, "memberships-1-role": Role.LEAD}
    assert_refused(client.post(url, data), staff, world)


def test_lga_staff_cannot_add_themselves_through_a_councils_page(world, client, staff):
    url = reverse("admin:npsportal_council_change", args=[world.own.pk])
    data = admin_form_data(client.get(url))
    total = int(data["memberships-TOTAL_FORMS"])
    data |= {f"memberships-{total - 1}-user": staff.pk, f"memberships-{total - 1}-role": "lead"}
    assert_refused(client.post(url, data), staff, world)


def test_lga_staff_cannot_make_themselves_a_superuser(world, client, staff):
    url = reverse("admin:npsportal_user_change", args=[staff.pk])
    data = admin_form_data(client.get(url)) | {"is_superuser": "on"}
    assert_refused(client.post(url, data), staff, world)
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_lga_staff_still_give_other_people_roles(world, client, staff):
    newcomer = UserFactory(email="newcomer@stockport.test")
    data = {"user": newcomer.pk, "council": world.own.pk, "role": Role.OFFICER}
    response = client.post(reverse("admin:npsportal_membership_add"), data)
    assert response.status_code == 302
    assert Membership.objects.get(user=newcomer).role == Role.OFFICER
    assert AuditEvent.objects.filter(action="role.granted").exists()
    assert not AuditEvent.objects.filter(action="role.self_grant_refused").exists()


def test_lga_staff_still_edit_their_own_name(world, client, staff):
    url = reverse("admin:npsportal_user_change", args=[staff.pk])
    data = admin_form_data(client.get(url)) | {"full_name": "A New Name"}
    response = client.post(url, data)
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.full_name == "A New Name"


def test_a_second_member_of_lga_staff_may_give_the_first_a_role(world, client):
    force_login_verified(client, lga_staff(email="colleague@lga.test"))
    first = world.users["lga_staff"]
    data = {"user": first.pk, "council": world.own.pk, "role": Role.COUNCILLOR}
    response = client.post(reverse("admin:npsportal_membership_add"), data)
    assert response.status_code == 302
    assert Membership.objects.get(user=first, council=world.own).role == Role.COUNCILLOR


def test_lga_staff_cannot_take_away_their_own_role(world, client, staff):
    own = Membership.objects.get(user=staff)
    response = client.post(
        reverse("admin:npsportal_membership_delete", args=[own.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    data = {"action": "delete_selected", "_selected_action": [own.pk], "post": "yes"}
    client.post(reverse("admin:npsportal_membership_changelist"), data)
    assert Membership.objects.filter(pk=own.pk).exists()
