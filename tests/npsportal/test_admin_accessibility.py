"""The back office (Django's admin, used by LGA staff) is checked with axe-core like every page."""

import pytest

from tests.browser import sign_in, visit
from tests.factories import PASSWORD, CouncilFactory, lga_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/admin/",
    "/admin/npsportal/council/",
    "/admin/npsportal/council/add/",
    "/admin/npsportal/auditevent/",
    "/admin/assessments/round/",
    "/admin/casestudies/casestudy/add/",
    "/admin/strategies/categorystrategy/add/",
    "/admin/strategies/consultation/add/",
    "/admin/casestudies/reply/",
    "/admin/npsportal/user/add/",
    "/admin/npsportal/membership/add/",
    "/admin/assessments/round/add/",
    "/admin/assessments/assessment/",
    "/admin/assessments/statement/add/",
    "/admin/assessments/framework/add/",
    "/admin/strategies/consultationresponse/",
    "/admin/casestudies/category/add/",
]


def test_back_office_pages_pass_axe(page, live_server):
    CouncilFactory(name="Stockport")
    staff = lga_staff(email="staff@lga.test")
    sign_in(page, live_server.url, staff.email, PASSWORD)
    for path in PAGES:
        visit(page, f"{live_server.url}{path}")
