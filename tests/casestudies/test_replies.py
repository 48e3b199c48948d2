"""Replies: signed-in users post, staff moderate; a honeypot and rate limits stop spam."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy, Reply
from casestudies.selectors import REPLIES_PER_IP_PER_HOUR, REPLIES_PER_USER_PER_HOUR
from tests.casestudies.factories import CaseStudyFactory, ReplyFactory
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, UserFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study():
    return CaseStudyFactory(slug="star", title="STaR")


@pytest.fixture
def officer(client):
    user = member_of(CouncilFactory(), "officer", full_name="Olive Officer")
    force_login_verified(client, user)
    return user


def reply_url(case_study):
    return reverse("casestudies:reply_create", args=[case_study.slug])


def post(client, case_study, body="We did this too.", ip="192.0.2.10", follow=False, **extra):
    data = {"body": body, **extra}
    return client.post(reply_url(case_study), data, follow=follow, REMOTE_ADDR=ip)


def test_a_reply_waits_for_moderation_and_only_its_author_sees_it(client, case_study, officer):
    response = post(client, case_study, follow=True)
    html = response.content.decode()
    assert "Your reply will appear once LGA staff have approved it" in html
    assert "We did this too." in html
    assert "Awaiting moderation" in html
    reply = Reply.objects.get()
    assert (reply.author, reply.status, reply.ip_address) == (officer, "pending", "192.0.2.10")
    client.logout()
    assert "We did this too." not in client.get(case_study.get_absolute_url()).content.decode()


def test_staff_approve_a_reply_and_then_everyone_sees_it(client, case_study):
    ReplyFactory(case_study=case_study, body="Approved words", author=UserFactory(full_name="Pat"))
    ReplyFactory(case_study=case_study, body="Rejected words")
    force_login_verified(client, lga_staff())
    queue = client.get(reverse("casestudies:reply_moderation")).content.decode()
    assert "Approved words" in queue
    assert "Rejected words" in queue
    approved, rejected = Reply.objects.order_by("pk")
    client.post(reverse("casestudies:reply_moderate", args=[approved.pk, "approve"]))
    client.post(reverse("casestudies:reply_moderate", args=[rejected.pk, "reject"]))
    assert (
        "No replies are waiting"
        in client.get(reverse("casestudies:reply_moderation")).content.decode()
    )
    client.logout()
    html = client.get(case_study.get_absolute_url()).content.decode()
    assert "Approved words" in html
    assert "Rejected words" not in html


def test_a_moderated_reply_cannot_be_moderated_again(client, case_study):
    reply = ReplyFactory(case_study=case_study, status=Reply.Status.REJECTED)
    force_login_verified(client, lga_staff())
    url = reverse("casestudies:reply_moderate", args=[reply.pk, "approve"])
    assert client.post(url).status_code == 404


def test_an_empty_reply_shows_an_error_and_saves_nothing(client, case_study, officer):
    response = post(client, case_study, body="   ")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: STaR" in html
    assert "There is a problem" in html
    assert html.count("Enter your reply") == 2  # in the summary and at the field
    assert not Reply.objects.exists()


def test_a_reply_too_long_shows_an_error_and_keeps_the_text(client, case_study, officer):
    response = post(client, case_study, body="x" * 2001)
    html = response.content.decode()
    assert "Your reply must be 2,000 characters or fewer" in html
    assert "x" * 2001 in html
    assert not Reply.objects.exists()


def test_a_filled_honeypot_looks_sent_but_saves_nothing(client, case_study, officer):
    response = post(client, case_study, website="https://spam.example")
    assert response.status_code == 302
    assert not Reply.objects.exists()


def test_replies_are_plain_text(client, case_study):
    ReplyFactory(case_study=case_study, body="<b>bold</b> <script>x()</script>", status="approved")
    html = client.get(case_study.get_absolute_url()).content.decode()
    assert "&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;" in html


def test_signing_in_is_needed_to_reply(client, case_study):
    assert "Sign in to leave a reply" in client.get(case_study.get_absolute_url()).content.decode()
    response = post(client, case_study)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Reply.objects.exists()


def test_archived_case_studies_take_no_replies(client, officer):
    archived = CaseStudyFactory(status=CaseStudy.Status.ARCHIVED)
    assert "Leave a reply" not in client.get(archived.get_absolute_url()).content.decode()
    assert post(client, archived).status_code == 404


def test_one_person_may_post_five_replies_an_hour_then_gets_429(client, case_study, officer):
    for n in range(REPLIES_PER_USER_PER_HOUR):
        assert post(client, case_study, body=f"Reply {n}", ip=f"192.0.2.{n}").status_code == 302
    response = post(client, case_study, body="One too many", ip="198.51.100.1")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent too many replies" in html
    assert "Wait an hour, then try again" in html
    assert Reply.objects.count() == REPLIES_PER_USER_PER_HOUR
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        assert post(client, case_study, body="Later").status_code == 302


def test_one_address_may_post_twenty_replies_an_hour_then_gets_429(client, case_study):
    ReplyFactory.create_batch(
        REPLIES_PER_IP_PER_HOUR, case_study=case_study, ip_address="203.0.113.5"
    )
    force_login_verified(client, UserFactory())
    assert post(client, case_study, ip="203.0.113.5").status_code == 429
    assert post(client, case_study, ip="203.0.113.6").status_code == 302
