"""The API's shared behaviour: JSON errors in words, read only, pagination, throttling, a schema
that validates, and a documentation page served by the portal itself."""

import pytest
from django.core.management import call_command
from django.urls import path, reverse
from playwright.sync_api import expect
from rest_framework.generics import ListAPIView

from npsportal.api.base import ApiMixin
from npsportal.models import Council
from npsportal.tokens.services import create_token
from tests.browser import assert_no_csp_violations, visit
from tests.casestudies.factories import CaseStudyFactory

ROOT = "/api/v1/"


class NationalView(ApiMixin, ListAPIView):
    """A collection only LGA staff may read, as the national pages."""

    permission_required = "npsportal.view_national_picture"
    queryset = Council.objects.order_by("pk")

    def list(self, request, *args, **kwargs):
        from rest_framework.response import Response

        return Response({"ok": True})


urlpatterns = [path("api/v1/national-probe/", NationalView.as_view(), name="probe")]


def bearer(user) -> dict:
    _token, key = create_token(user=user, name="Test", days=30)
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.django_db
def test_the_root_lists_every_collection_with_its_address(client):
    endpoints = client.get(ROOT).json()["endpoints"]
    assert endpoints["casestudies:case_study_list"].endswith("/api/v1/case-studies/")
    assert endpoints["strategies:consultation_list"].endswith("/api/v1/consultations/")
    assert endpoints["api:docs"].endswith("/api/v1/docs/")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_collection_needing_a_token_refuses_anonymous_with_401_in_words(client):
    response = client.get("/api/v1/national-probe/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Sign in with an access token: send the header 'Authorization: Bearer <token>'."
    }


@pytest.mark.urls(__name__)
def test_a_collection_the_role_may_not_read_is_403_in_words(world, client):
    response = client.get("/api/v1/national-probe/", headers=bearer(world.users["officer"]))
    assert response.status_code == 403
    assert response.json() == {"detail": "Your account may not see this."}
    staff = client.get("/api/v1/national-probe/", headers=bearer(world.users["lga_staff"]))
    assert staff.status_code == 200


@pytest.mark.django_db
def test_an_unknown_address_under_the_api_is_a_json_404(client):
    for url in ["/api/v1/nothing-here/", "/api/v2/", "/api/v1/case-studies/no-such-study/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {
            "detail": "Not found: nothing is here, or your account may not see it."
        }


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_and_says_so(client, method):
    response = getattr(client, method)("/api/v1/case-studies/", content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {
        "detail": f"The API is read only: {method.upper()} is not allowed here. Use GET."
    }


@pytest.mark.django_db
def test_a_malformed_authorization_header_is_401_in_words(client):
    response = client.get(ROOT, headers={"Authorization": "Bearer two words"})
    assert response.status_code == 401
    assert "followed by one token" in response.json()["detail"]


@pytest.mark.django_db
def test_lists_come_fifty_a_page_and_page_size_asks_for_fewer_or_more(client):
    CaseStudyFactory.create_batch(51)
    first = client.get("/api/v1/case-studies/").json()
    assert first["count"] == 51
    assert len(first["results"]) == 50
    assert first["next"].endswith("/api/v1/case-studies/?page=2")
    assert len(client.get("/api/v1/case-studies/?page=2").json()["results"]) == 1
    assert len(client.get("/api/v1/case-studies/?page_size=10").json()["results"]) == 10
    assert len(client.get("/api/v1/case-studies/?page_size=200").json()["results"]) == 51
    missing = client.get("/api/v1/case-studies/?page=9")
    assert missing.status_code == 404
    assert "There is no page 9" in missing.json()["detail"]


def test_too_many_requests_are_refused_with_429_in_words(world, client, settings):
    settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"}
    }
    assert [client.get(ROOT).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(ROOT)
    assert refused.json()["detail"].startswith("Too many requests. Try again in")
    assert "Retry-After" in refused

    headers = bearer(world.users["officer"])
    assert [client.get(ROOT, headers=headers).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    # Per person: another person's token still gets through.
    assert client.get(ROOT, headers=bearer(world.users["lead"])).status_code == 200


@pytest.mark.django_db
def test_token_answers_are_kept_by_no_cache(world, client):
    response = client.get(ROOT, headers=bearer(world.users["officer"]))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_schema_validates_without_warnings(tmp_path):
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    assert "/api/v1/case-studies/" in text
    assert "accessToken" in text


@pytest.mark.django_db
def test_the_schema_is_public_json_on_request(client):
    response = client.get(reverse("api:schema") + "?format=json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "NPS Portal API"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_loads_its_assets_from_the_portal_and_passes_csp_and_axe(page, live_server):
    CaseStudyFactory()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    visit(page, f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", name="API documentation", level=1)).to_be_visible()
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    visit(page, page.url)  # axe and the CSP once Swagger UI has drawn the operations
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.locator(".swagger-ui .opblock-summary").first.click()  # opens one: more icons drawn
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    assert_no_csp_violations(page)  # Swagger UI's own drawing too, not only the first load
    assert requested
    assert all(url.startswith(live_server.url) for url in requested), requested
