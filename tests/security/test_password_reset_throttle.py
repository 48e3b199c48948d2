"""Password reset emails are throttled per account, and the page never tells who has one."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask_for_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email}, follow=True)


def test_six_requests_send_at_most_the_hourly_limit_with_the_same_page_each_time(client, settings):
    UserFactory(email="someone@council.test")
    pages = [ask_for_reset(client, "someone@council.test") for _ in range(6)]
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAILS_PER_HOUR
    assert settings.PASSWORD_RESET_EMAILS_PER_HOUR <= 3
    assert {page.redirect_chain[-1][0] for page in pages} == {reverse("password_reset_done")}
    assert len({page.content for page in pages}) == 1


def test_changing_capitals_does_not_buy_more_emails(client, settings):
    UserFactory(email="someone@council.test")
    spellings = ["someone@council.test", "SOMEONE@council.test", " Someone@Council.TEST "]
    for n in range(6):
        ask_for_reset(client, spellings[n % 3])
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAILS_PER_HOUR
    assert {message.to[0] for message in mail.outbox} == {"someone@council.test"}


def test_an_unknown_address_gets_the_same_page_and_no_email(client):
    UserFactory(email="someone@council.test")
    known = ask_for_reset(client, "someone@council.test")
    unknown = ask_for_reset(client, "nobody@council.test")
    assert unknown.content == known.content
    assert len(mail.outbox) == 1


def test_a_throttled_address_gets_the_same_page_as_an_unknown_one(client, settings):
    UserFactory(email="someone@council.test")
    for _ in range(settings.PASSWORD_RESET_EMAILS_PER_HOUR):
        ask_for_reset(client, "someone@council.test")
    throttled = ask_for_reset(client, "someone@council.test")
    unknown = ask_for_reset(client, "nobody@council.test")
    assert throttled.content == unknown.content


def test_one_accounts_throttle_leaves_others_their_emails(client, settings):
    UserFactory(email="someone@council.test")
    UserFactory(email="colleague@council.test")
    for _ in range(settings.PASSWORD_RESET_EMAILS_PER_HOUR + 2):
        ask_for_reset(client, "someone@council.test")
    ask_for_reset(client, "colleague@council.test")
    assert mail.outbox[-1].to == ["colleague@council.test"]


def test_the_allowance_comes_back_after_an_hour(client, settings, time_machine):
    UserFactory(email="someone@council.test")
    time_machine.move_to("2027-05-12 09:00:00+00:00", tick=False)
    for _ in range(settings.PASSWORD_RESET_EMAILS_PER_HOUR + 1):
        ask_for_reset(client, "someone@council.test")
    time_machine.move_to("2027-05-12 10:00:01+00:00", tick=False)
    ask_for_reset(client, "someone@council.test")
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAILS_PER_HOUR + 1


def test_the_reset_page_has_one_form_with_a_button(client):
    html = client.get(reverse("password_reset")).content.decode()
    assert html.count("<form") == 1
    assert ">Send the link</button>" in html
    assert 'name="email"' in html


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Simultaneous writers need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_send_no_more_than_the_limit(settings):
    UserFactory(email="someone@council.test")
    barrier = Barrier(8)

    def ask(_n):
        barrier.wait()
        try:
            return Client().post(reverse("password_reset"), {"email": "someone@council.test"})
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(ask, range(8)))
    assert {response.status_code for response in responses} == {302}
    assert len(mail.outbox) == settings.PASSWORD_RESET_EMAILS_PER_HOUR


def test_a_badly_formed_address_gets_a_govuk_error_at_the_field(client):
    response = client.post(reverse("password_reset"), {"email": "not an address"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert html.count("Enter an email address in the correct format") == 2
    assert len(mail.outbox) == 0
