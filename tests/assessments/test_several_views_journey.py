"""Browser journey: an officer hands two key areas to two colleagues, their views differ, the
officer agrees the council's levels with a reason, and the head signs off, warnings shown."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from npsportal.roles import Role
from tests.assessments.factories import AssessmentFactory, RoundFactory, small_framework
from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, CouncilFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, url, email):
    page.context.clear_cookies()
    sign_in(page, url, email, PASSWORD)


def assign(page, key_area, person, due):
    click_and_wait(
        page,
        page.get_by_role("link", name=f"Assign {key_area} to a colleague"),
        expect_title=f"Assign {key_area}",
    )
    page.get_by_label(person).check()
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    click_and_wait(page, "Assign the key area", expect_title="2026/27 self-assessment")
    expect(page.get_by_text(f"{key_area} assigned to {person}")).to_be_visible()


def give_view(page, url, key_area, level, comment):
    visit(page, url)
    expect(page).to_have_title(re.compile(f"^Your view: {key_area}"))
    expect(page.get_by_text("Give your view to see your colleagues")).to_be_visible()
    page.get_by_role("radio", name=level).check()
    page.get_by_label("Comment").fill(comment)
    click_and_wait(page, "Save your views", expect_title=f"Your view: {key_area}")
    expect(page.get_by_text("your views are saved")).to_be_visible()


def test_colleagues_views_differ_the_officer_agrees_with_a_reason_and_the_head_signs_off(
    page, live_server
):
    framework = small_framework(key_areas=2, statements=1)
    round = RoundFactory(name="2026/27", framework=framework)
    stockport = CouncilFactory(name="Stockport", slug="stockport", gss_code="E08000007")
    member_of(stockport, Role.OFFICER, email="officer@stockport.test", full_name="Sam Officer")
    member_of(stockport, Role.LEAD, email="lead@stockport.test", full_name="Lee Lead")
    member_of(stockport, Role.CONTRIBUTOR, email="sol@stockport.test", full_name="Sol Social")
    member_of(stockport, Role.OFFICER, email="cam@stockport.test", full_name="Cam Contracts")
    assessment = AssessmentFactory(council=stockport, round=round)
    url, due = live_server.url, timezone.localdate() + datetime.timedelta(days=10)
    task_list = f"{url}/assessments/{assessment.pk}/"
    first, second = framework.themes.get(kind="theme").key_areas.order_by("order")
    views_of = {ka.name: f"{task_list}key-areas/{ka.pk}/your-view/" for ka in (first, second)}

    # The officer hands each key area to a colleague; the task list says who has which.
    sign_in(page, url, "officer@stockport.test", PASSWORD)
    visit(page, task_list)
    assign(page, first.name, "Sol Social", due)
    assign(page, second.name, "Cam Contracts", due)
    expect(page.get_by_text("Sol Social, due")).to_be_visible()
    expect(page.get_by_text("Cam Contracts, due")).to_be_visible()

    # Each colleague gives a view without seeing the others'; the officer gives theirs too.
    switch_to(page, url, "sol@stockport.test")
    expect(page.get_by_role("link", name=re.compile(first.name)).first).to_be_visible()
    give_view(page, views_of[first.name], first.name, "Leader", "Social value plans in place")
    switch_to(page, url, "cam@stockport.test")
    give_view(page, views_of[second.name], second.name, "Mature", "Contracts reviewed yearly")
    switch_to(page, url, "officer@stockport.test")
    give_view(page, views_of[first.name], first.name, "Minimum", "Only in a few contracts")
    expect(page.get_by_text("2 views: Minimum, Leader")).to_be_visible()

    # Views three levels apart: the agreed level needs a reason.
    visit(page, f"{task_list}key-areas/{first.pk}/")
    page.locator("input[name$='-current_level'][value='2']").check()
    click_and_wait(page, "Save and continue", expect_title=f"Error: {first.name}")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why you agreed this level")
    page.get_by_label("Why you agreed this level").fill("Plans exist; few contracts use them")
    click_and_wait(page, "Save and continue", expect_title=second.name)
    # Leader with no evidence: a warning for later, never a block.
    page.locator("input[name$='-current_level'][value='4']").check()
    click_and_wait(page, "Save and continue", expect_title="Check your answers")
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("before you submit")
    expect(banner).to_contain_text("no evidence")
    page.get_by_label(re.compile("I confirm that these answers")).check()
    click_and_wait(page, "Submit self-assessment", expect_title="2026/27 self-assessment")

    # The head sees the same warnings at sign-off, and approves.
    switch_to(page, url, "lead@stockport.test")
    visit(page, f"{task_list}sign-off/")
    banner = page.get_by_role("region", name="Important")
    expect(banner).to_contain_text("before you sign off")
    expect(banner).to_contain_text("no evidence")
    click_and_wait(page, "Approve", expect_title="2026/27 self-assessment")
    expect(page.get_by_text("You approved the 2026/27 self-assessment")).to_be_visible()
