"""After the password and before the code, a person who must use a second factor is anonymous:
every public page answers them exactly as it answers someone who never signed in."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from npsportal.roles import Role
from strategies.models import ResponseDraft
from tests.conftest import MODEL_BACKEND
from tests.factories import member_of
from tests.strategies import matrix as strategies_matrix
from tests.strategies.factories import CategoryStrategyFactory
from tests.test_permission_matrix import PUBLIC, ROWS

# Tokens that differ between any two sessions, whoever is signed in.
PER_SESSION = [
    (re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'), b'name="csrfmiddlewaretoken"'),
    (re.compile(rb'nonce="[^"]*"'), b'nonce=""'),
]
SAVED_NAME = "Olive Officer-Private"
SAVED_EMAIL = "olive.private@home.example.com"


def _draft_strategy_document(world):
    from strategies.models import StrategyDocument

    strategy = CategoryStrategyFactory(status="draft")
    document = StrategyDocument.objects.create(
        strategy=strategy, title="Draft strategy", original_name="draft.pdf",
        content_type="application/pdf", size=len(strategies_matrix.PDF),
        file=strategies_matrix.DOCUMENT,
    )  # fmt: skip
    return {"slug": strategy.slug, "pk": document.pk}


def _reset_link(world):
    user = world.users["officer"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(user)}


# Public URLs that the permission matrix does not request, or not with these objects.
EXTRA = [
    ("accessibility", lambda world: {}),
    ("cookies", lambda world: {}),
    ("password_reset", lambda world: {}),
    ("password_reset_done", lambda world: {}),
    ("password_reset_confirm", _reset_link),
    ("password_reset_complete", lambda world: {}),
    ("strategies:document_download", _draft_strategy_document),
]


def public_urls(world) -> list[str]:
    """Every public URL, with drafts, draft documents and an open consultation among them."""
    rows = [(row.url_name, row.kwargs) for row in ROWS if row.url_name in PUBLIC]
    rows = [r for r in rows if r[0] != "login"] + EXTRA + [("login", lambda world: {})]
    assert {name for name, _ in rows} == PUBLIC, "a public URL is missing from the walk"
    urls = [reverse(name, kwargs=kwargs(world)) for name, kwargs in rows]
    return [*dict.fromkeys(urls), "/no-such-page/"]


def _saved_answers(world):
    """The officer's saved answers to the open consultation: their name and personal email."""
    consultation = strategies_matrix._objects(world)["open"]
    about = {"name": SAVED_NAME, "email": SAVED_EMAIL, "respondent_type": "individual"}
    ResponseDraft.objects.create(
        consultation=consultation,
        user=world.users["officer"],
        data={"about": about, "answers": {}, "publication": ""},
    )


def _seen(client, url) -> tuple[int, bytes]:
    response = client.get(url)
    body = response.getvalue() if response.streaming else response.content
    for pattern, replacement in PER_SESSION:
        body = pattern.sub(replacement, body)
    return response.status_code, body


def _half_signed_in(user) -> Client:
    """A session that has given the password but not the code."""
    client = Client()
    client.force_login(user, backend=MODEL_BACKEND)
    return client


@pytest.mark.parametrize("role", ["lga_staff", "officer"])
def test_a_half_signed_in_person_gets_exactly_what_anonymous_gets_on_every_public_page(
    world, settings, tmp_path, role
):
    settings.MEDIA_ROOT = tmp_path
    _saved_answers(world)
    urls = public_urls(world)
    half, anonymous = _half_signed_in(world.users[role]), Client()
    differences = []
    for url in urls:
        seen, expected = _seen(half, url), _seen(anonymous, url)
        if seen != expected:
            differences.append(f"{url}: {seen[0]} and a page unlike anonymous's {expected[0]}")
    assert not differences, "\n".join(differences)


def test_a_half_signed_in_officer_is_not_offered_their_saved_answers(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _saved_answers(world)
    consultation = strategies_matrix._objects(world)["open"]
    client = _half_signed_in(world.users["officer"])
    response = client.get(reverse("strategies:respond_about", args=[consultation.slug]))
    assert response.status_code == 200
    assert SAVED_NAME not in response.text
    assert SAVED_EMAIL not in response.text
    assert world.users["officer"].email not in response.text


def test_a_half_signed_in_person_still_reaches_the_code_page_and_can_sign_out(world):
    user = world.users["lga_staff"]
    client = _half_signed_in(user)
    response = client.get(reverse("assessments:assessment_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert user.email in response.text
    assert "Sign out" in response.text
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_demo_account_skipping_the_code_under_debug_is_signed_in_with_the_password(
    world, settings
):
    settings.DEBUG = True
    demo = member_of(world.own, Role.OFFICER, email="officer@stockport.example.org")
    response = _half_signed_in(demo).get(reverse("home"))
    assert demo.email in response.text
    assert "Sign out" in response.text
