"""The portal's Content Security Policy refuses inline code, and the journeys' visit() notices."""

import pytest
from django.contrib import admin
from django.db import IntegrityError, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.browser import assert_no_csp_violations, visit, watch_csp
from tests.test_permission_matrix import ROWS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INJECTED = (
    '<!DOCTYPE html><html lang="en"><head><title>Probe</title></head><body><main>'
    '<h1 style="color: red">Injected</h1><script>document.title = "ran"</script>'
    "</main></body></html>"
)
# Whose view of a page to check: the richest first (a lead sees their council's buttons).
PREFERRED = ["lead", "lga_staff", "anonymous"]
PORTAL_APPS = {"npsportal", "assessments", "casestudies", "strategies"}
# Matrix rows whose data clash with other rows' in one database (each makes the 2026/27 round):
# files, and the national picture, which its own browser journey checks.
CHECKED_ELSEWHERE = {
    "assessments:national",
    "assessments:national_csv",
    "assessments:national_xlsx",
    "assessments:national_report",
    "assessments:assessment_report",
    # tests/assessments/test_report_build_browser.py watches these for violations.
    "assessments:round_reports",
    "assessments:report_build_progress",
    "assessments:report_build_archive",
}


def test_the_portals_policy_refuses_inline_style_and_script_and_visit_fails(page, live_server):
    policy = Client().get("/")["Content-Security-Policy"]
    probe = f"{live_server.url}/csp-probe/"
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": policy},
            body=INJECTED,
        ),
    )
    with pytest.raises(AssertionError, match="Content Security Policy violations") as failure:
        visit(page, probe)
    assert "style-src-attr" in str(failure.value)
    assert "script-src-elem" in str(failure.value)
    assert page.title() == "Probe"  # the inline script never ran


def _pages(world) -> list[tuple[str, str]]:
    """(role, path) of every page in the permission matrix, each as a role that may see it,
    and the back office's list, add and change pages of the portal's models."""
    pages, clashed = [], set()
    for row in ROWS:
        role = next((r for r in PREFERRED if row.expected[r] == 200), None)
        if row.method == "get" and role:
            try:
                with transaction.atomic():
                    pages.append((role, reverse(row.url_name, kwargs=row.kwargs(world))))
            except IntegrityError:
                clashed.add(row.url_name)
    assert clashed <= CHECKED_ELSEWHERE, f"check these pages for CSP violations: {clashed}"
    staff = RequestFactory().get("/")
    staff.user = world.users["lga_staff"]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in PORTAL_APPS:
            continue
        name, first = f"admin:{meta.app_label}_{meta.model_name}", None
        if model_admin.has_view_or_change_permission(staff):
            first = model_admin.get_queryset(staff).first()
        pages.append(("lga_staff", reverse(f"{name}_changelist")))
        if model_admin.has_add_permission(staff):
            pages.append(("lga_staff", reverse(f"{name}_add")))
        if first is not None:
            pages.append(("lga_staff", reverse(f"{name}_change", args=[first.pk])))
    return pages


def test_every_page_obeys_the_content_security_policy(page, live_server, world, client_as):
    watch_csp(page)
    pages = _pages(world)
    for role in dict.fromkeys(role for role, _ in pages):
        client = client_as(world.users[role])
        page.context.clear_cookies()
        if world.users[role]:
            cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
            page.context.add_cookies([cookie | {"url": live_server.url}])
        for path in (path for who, path in pages if who == role):
            response = client.get(path)
            assert response.status_code == 200, f"{role} {path}"
            if "text/html" in response["Content-Type"]:  # files: see test_security_headers
                page.goto(f"{live_server.url}{path}")
                assert_no_csp_violations(page)
