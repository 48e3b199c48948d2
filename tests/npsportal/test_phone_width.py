"""Every page type fits a 320 px phone without sideways scrolling (WCAG 1.4.10, reflow), its
charts' text legible (at least 12 px on screen).

One URL of each page type from the permission matrix, opened as a role that gets it (public pages
without signing in), plus each role's start page. Wide tables may scroll inside themselves; the
page itself must not.
"""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from npsportal.roles import Role
from tests.assessments import dashboard_matrix
from tests.assessments.factories import ActionFactory, RoundFactory
from tests.assessments.factories_dashboard import peers, rated
from tests.browser import sign_in, visit
from tests.factories import PASSWORD
from tests.test_permission_matrix import PUBLIC, ROWS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}
# Who opens a page that several roles may open: the first of these it lets in.
ROLES = ["anonymous", "lga_staff", "councillor", "officer", "lead"]
SIGNED_IN = [Role.LGA_STAFF, Role.COUNCILLOR, Role.OFFICER, Role.LEAD]


def html_pages(world, client_as) -> dict[str, list[str]]:
    """The path of one page of each type (GET, HTML, 200) by the role that opens it."""
    by_role: dict[str, list[str]] = {role: [] for role in ROLES}
    seen = set()  # URL names opened once with a 200: a page, or a download
    for row in [row for row in ROWS if row.method == "get"]:
        role = next((r for r in ROLES if row.expected[r] == 200), None)
        if row.url_name in seen or role is None:
            continue
        seen.add(row.url_name)
        path = reverse(row.url_name, kwargs=row.kwargs(world))
        if client_as(world.users[role]).get(path)["Content-Type"].startswith("text/html"):
            by_role[role].append(path)
    # Public pages outside the matrix: the footer's pages and the password reset.
    for name in sorted(PUBLIC - seen):
        try:
            path = reverse(name)
        except NoReverseMatch:  # needs arguments: its type is covered by the matrix
            continue
        if client_as(None).get(path)["Content-Type"].startswith("text/html"):
            by_role["anonymous"].append(path)
    for role in ROLES[1:]:
        by_role[role].append(reverse("home"))  # each role's start page
    return by_role


@pytest.fixture
def filled_world(world):
    """The matrix's world with a dashboard worth drawing: two rounds, peers and actions."""
    # The matrix's rows each build their own objects in one test elsewhere, here all in one:
    # the factory's round names must not meet the dashboard rows' fixed "2026/27".
    RoundFactory.reset_sequence(100)
    this = dashboard_matrix._assessment(world, "approved").round
    opened = this.opens_on - datetime.timedelta(days=365)
    last = RoundFactory(name="2025/26", framework=this.framework, opens_on=opened, closes_on=opened)
    rated(world.own, last, level=2)
    answer = this.assessments.get(council=world.own).answers.first()
    ActionFactory(answer=answer, what="Publish a pipeline of contracts over £100,000 " * 2)
    peers(6, this, level=2)
    return world


# The smallest text of each chart on show, in pixels on screen: its font size scaled as the
# chart is (drawn in its viewBox's units, shown at its rendered width).
CHART_TEXT = """() => [...document.querySelectorAll('svg[viewBox]')]
  .filter(svg => svg.getBoundingClientRect().width > 0 && svg.querySelector('text[font-size]'))
  .map(svg => Math.min(...[...svg.querySelectorAll('text[font-size]')].map(
    text => +text.getAttribute('font-size'))) * svg.getBoundingClientRect().width
    / svg.viewBox.baseVal.width)"""
LEGIBLE = 12  # px


def problems(page, base_url: str, paths: list[str]) -> list[str]:
    """What is wrong with each page on a phone: too wide, a chart's text too small, or axe-core's
    findings; every page's, rather than the first page's alone."""
    found = []
    for path in paths:
        try:
            visit(page, f"{base_url}{path}")  # axe-core checks the page at phone width too
        except AssertionError as problem:
            found.append(" ".join(str(problem).split())[:300])
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            found.append(f"{path} is {width} px wide")
        smallest = min(page.evaluate(CHART_TEXT), default=LEGIBLE)
        if smallest < LEGIBLE:
            found.append(f"{path} has chart text {smallest:.1f} px high")
    return found


@pytest.mark.parametrize("role", ["anonymous", *SIGNED_IN])
def test_every_page_type_fits_a_320_pixel_phone_with_legible_charts(
    page, live_server, filled_world, client_as, role
):
    role = {Role.LGA_STAFF: "lga_staff"}.get(role, str(role))
    paths = html_pages(filled_world, client_as)[role]
    page.set_viewport_size(PHONE)
    user = filled_world.users[role]
    if user is not None:
        user.set_password(PASSWORD)
        user.save()
        sign_in(page, live_server.url, user.email, PASSWORD)
    assert paths
    found = problems(page, live_server.url, paths)
    assert not found, "\n".join(found)
