"""Every page type is valid HTML: the Nu HTML checker (vnu.jar, from npm's vnu-jar) finds no error.

One URL of each page type (each row of the permission matrix that some role opens with 200, as
that role, and the pages only a journey reaches) is written to a file, and the checker runs once
over them all: starting Java costs seconds, checking a page milliseconds.
"""

import json
import subprocess
from pathlib import Path

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from npsportal.models import User
from tests.factories import PASSWORD, lga_staff
from tests.matrix import ROLES
from tests.strategies.factories import QuestionFactory
from tests.test_permission_matrix import ROWS

SIGN_IN = {"username": "officer@stockport.test", "password": PASSWORD}
VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def _html_of(client, method, url, data=None):
    response = getattr(client, method)(url, data or {}, follow=True)
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content.decode()


def _matrix_pages(world, client_as):
    """(label, html) for each matrix row some role opens with 200, as the first such role."""
    for row in ROWS:
        role = next((r for r in ROLES if row.expected[r] == 200), None)
        if role is None:
            continue
        # Each row's objects in a savepoint rolled back after it, as if in a test of its own:
        # rows' factories may clash (two rounds of one name), and a POST may change things.
        with transaction.atomic():
            world.objects = {}
            url = reverse(row.url_name, kwargs=row.kwargs(world))
            html = _html_of(client_as(world.users[role]), row.method, url, row.data)
            transaction.set_rollback(True)
        if html is not None:
            yield f"{row.method.upper()} {url} as {role}", html


def _journey_pages(world, client_as):
    """Pages no matrix row shows with 200: forms with errors, pages a journey reaches, errors."""
    yield from _account_pages(world, client_as)
    yield from _response_pages(client_as(None))
    client = client_as(None)
    for name in ["accessibility", "cookies", "password_reset_done", "password_reset_complete"]:
        yield name, _html_of(client, "get", reverse(name))
    yield "page not found", client.get("/no-such-page/").content.decode()
    refused = client_as(world.users["councillor"]).get(reverse("assessments:national"))
    yield "permission denied", refused.content.decode()


def _account_pages(world, client_as):
    client = client_as(None)
    yield "sign-in with errors", _html_of(client, "post", reverse("login"), {"username": "x"})
    yield "reset", _html_of(client, "get", reverse("password_reset"))
    yield "reset with errors", _html_of(client, "post", reverse("password_reset"), {"email": "x"})
    # Fresh from the database: the token hashes the last sign-in, which rows rolled back.
    person = User.objects.get(pk=world.users["officer"].pk)
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    new_password = _html_of(client, "get", link)
    assert "Choose a new password" in new_password
    yield "new password (from the email's link)", new_password
    yield "new password with errors", _html_of(client, "post", client.get(link)["Location"])
    yield "expired reset link", _html_of(client, "get", link.replace("-", "x", 1))
    signed_in = client_as(world.users["officer"])
    yield "password change with errors", _html_of(signed_in, "post", reverse("password_change"))
    code_page = client_as(None)
    yield "two-factor code", _html_of(code_page, "post", reverse("login"), SIGN_IN)
    set_up = client_as(None)
    lga_staff(email="new@lga.test", totp_device=False)
    new_staff = SIGN_IN | {"username": "new@lga.test"}
    yield "two-factor set-up", _html_of(set_up, "post", reverse("login"), new_staff)


def _response_pages(client):
    """A consultation response from its first question to its confirmation."""
    consultation = QuestionFactory(text="What should change?").consultation

    def url(name, *args):
        return reverse(f"strategies:{name}", args=[consultation.slug, *args])

    about = {"name": "Pat Jones", "email": "pat@example.org", "respondent_type": "individual"}
    client.post(url("respond_about"), about)
    client.post(url("respond_question", 1), {"answer": "Buy together."})
    client.post(url("respond_publication"), {"publication": "with_name"})
    check = _html_of(client, "get", url("respond_check"))
    assert "Check your answers" in check
    yield "consultation response: check your answers", check
    yield "consultation response: sent", _html_of(client, "post", url("respond_check"))


def run_checker(files: list[Path]) -> list[dict]:
    """The checker's errors over the files, one run."""
    result = subprocess.run(  # noqa: S603 - a fixed command over files this test wrote
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_page_type_passes_the_nu_html_checker(world, client_as, tmp_path):
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` (vnu-jar is a devDependency)"
    pages = [*_matrix_pages(world, client_as), *_journey_pages(world, client_as)]
    labels = {}
    for number, (label, html) in enumerate(pages):
        path = tmp_path / f"page-{number:03}.html"
        path.write_text(html, encoding="utf-8")
        labels[path.name] = label
    errors = run_checker(sorted(tmp_path.glob("*.html")))
    readable = [
        f"{labels.get(e.get('url', '').rpartition('/')[2])}, line {e.get('lastLine')}: "
        f"{e['message']}\n    {' '.join(e.get('extract', '').split())}"
        for e in errors
    ]
    assert len(pages) > 40
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(readable)


def test_the_checker_reports_a_form_nested_in_a_form(tmp_path):
    page = tmp_path / "nested.html"
    page.write_text(
        "<!DOCTYPE html><html lang=en><title>x</title><form><form></form></form>", encoding="utf-8"
    )
    messages = run_checker([page])
    assert any("form" in m["message"] for m in messages)
