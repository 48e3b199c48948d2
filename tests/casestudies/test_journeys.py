"""Browser journeys: staff write and publish a case study; the public finds it; a member replies."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import click_and_wait, sign_in, visit
from tests.casestudies.factories import CaseStudyFactory, key_area
from tests.factories import PASSWORD, CouncilFactory, lga_staff, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_in_the_back_office(page, base_url):
    """The Django admin (axe checks it in tests/npsportal/test_admin_accessibility.py)."""
    page.goto(f"{base_url}/admin/casestudies/casestudy/add/")
    page.fill("#id_title", "STaR Shared Procurement Service")  # the slug follows the title
    page.fill("#id_summary", "Stockport, Trafford and Rochdale buy together.")
    page.fill("#id_what_they_did", "They set up a **shared procurement** service.")
    page.select_option("#id_tags-0-key_area", label="Working with partners")
    page.select_option("#id_tags-0-level", label="Innovator")
    click_and_wait(page, page.locator("input[name=_save]"), check=False)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def test_staff_publish_a_case_study_and_the_public_finds_it(page, live_server):
    base = live_server.url
    key_area("working-with-partners", "Working with partners")
    CaseStudyFactory(title="Supplier days", summary="Small firms.")
    staff = lga_staff(email="staff@lga.test")
    sign_in(page, base, staff.email, PASSWORD)
    write_in_the_back_office(page, base)
    visit(page, f"{base}/case-studies/staff/")
    click_and_wait(page, "STaR Shared Procurement Service", expect_title="Preview: STaR")
    expect(page.get_by_text("The public cannot see it yet")).to_be_visible()
    click_and_wait(page, "Publish", expect_title="Preview: STaR")
    expect(page.get_by_text("“STaR Shared Procurement Service” published")).to_be_visible()
    click_and_wait(page, "Revisions", expect_title="Revisions of STaR")
    expect(page).to_have_url(re.compile("/star-shared-procurement-service/revisions/$"))
    visit(page, f"{base}/case-studies/staff/replies/")
    click_and_wait(page, "Sign out")

    visit(page, f"{base}/case-studies/")
    page.get_by_label("Search case studies").fill("shared procurement")
    click_and_wait(page, "Search", expect_title="Case studies: shared procurement")
    results = page.locator(".app-results")
    expect(results.get_by_role("link", name="STaR Shared Procurement Service")).to_be_visible()
    expect(results.get_by_role("link", name="Supplier days")).to_have_count(0)

    visit(page, f"{base}/case-studies/")
    page.get_by_label("Working with partners (1)").check()
    click_and_wait(page, "Apply filters", expect_title="Case studies")
    expect(page).to_have_url(re.compile("key_area=working-with-partners"))
    found = page.locator(".app-results").get_by_role("link", name="STaR Shared Procurement Service")
    click_and_wait(page, found, expect_title="STaR Shared Procurement Service")
    expect(page.get_by_role("heading", name="STaR Shared Procurement Service")).to_be_visible()
    expect(page.get_by_text("Working with partners at Innovator")).to_be_visible()


def test_a_member_replies_after_correcting_an_error(page, live_server):
    base = live_server.url
    case_study = CaseStudyFactory(title="STaR", slug="star")
    officer = member_of(CouncilFactory(), "officer", email="officer@stockport.test")
    sign_in(page, base, officer.email, PASSWORD)
    visit(page, f"{base}{case_study.get_absolute_url()}")
    click_and_wait(page, "Post reply", expect_title="Error: STaR")  # the reply is missing
    page.get_by_label("Your reply").fill("We set up something similar in 2020.")
    click_and_wait(page, "Post reply", expect_title="STaR")
    expect(
        page.get_by_text("Your reply will appear once LGA staff have approved it")
    ).to_be_visible()
    expect(page.get_by_text("Awaiting moderation")).to_be_visible()
