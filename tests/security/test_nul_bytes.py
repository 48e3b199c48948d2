"""A NUL byte anywhere in a request (PostgreSQL refuses it in text) gets the 400 page, never a
500, whoever asks and wherever."""

import pytest
from django.urls import reverse

from tests.strategies.factories import ConsultationFactory


@pytest.fixture
def consultation(db):
    return ConsultationFactory()


def _requests(consultation):
    responses = reverse("strategies:response_list", args=[consultation.slug])
    return [
        ("get", f"{responses}NPS-%00/", {}),
        ("get", "/%00/", {}),
        ("get", f"{reverse('admin:npsportal_user_changelist')}?q=%00", {}),
        ("get", f"{reverse('admin:npsportal_membership_changelist')}?role=%00", {}),
        ("get", f"{reverse('strategies:consultation_list')}?page=1%00", {}),
        ("get", f"{reverse('casestudies:case_study_list')}?q%00=x", {}),
        ("post", reverse("login"), {"username": "someone\x00@council.test", "password": "x"}),
        ("post", reverse("password_reset"), {"email": "a@b.test\x00"}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "lga_staff"])
def test_a_nul_byte_in_the_path_query_or_form_gets_the_bad_request_page(
    world, client_as, consultation, who
):
    client = client_as(world.users[who])
    for method, url, data in _requests(consultation):
        response = getattr(client, method)(url, data)
        assert response.status_code == 400, f"{method.upper()} {url} {data}"
        assert "Sorry, there is a problem with your request" in response.text, url
        assert response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url


def test_a_request_without_nul_bytes_is_answered_as_before(world, client_as, consultation):
    client = client_as(world.users["lga_staff"])
    response = client.get(reverse("admin:npsportal_user_changelist"), {"q": "staff"})
    assert response.status_code == 200
    url = reverse("strategies:response_detail", args=[consultation.slug, "NPS-0000"])
    assert client.get(url).status_code == 404
