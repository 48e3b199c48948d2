"""Browser journey: an officer starts an NPS 2022 round from the council's NPS 2018 answers."""

import re

import pytest
from playwright.sync_api import expect

from npsportal.roles import Role
from tests.assessments.test_carry_across_versions import versions  # noqa: F401 (a fixture)
from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_starts_from_nps_2018_answers_and_is_told_which_level_to_check(
    page,
    live_server,
    world,
    versions,  # noqa: F811
):
    member_of(world.own, Role.OFFICER, email="carry@stockport.test")
    sign_in(page, live_server.url, "carry@stockport.test", PASSWORD)
    visit(page, live_server.url + versions.start_url)
    expect(page.get_by_text("Your 2024/25 self-assessment was on NPS 2018.")).to_be_visible()
    page.get_by_label("Start from our previous answers").check()
    click_and_wait(page, page.get_by_role("button", name="Start", exact=True))
    expect(page).to_have_title(re.compile("^2026/27 self-assessment"))
    expect(page.get_by_text("1 level came from NPS 2018 key areas")).to_be_visible()
    click_and_wait(page, page.get_by_role("link", name="Strategy", exact=True))
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Check this level: it was carried across from NPS 2018"
    )
    expect(page.get_by_text("“Partners” (NPS 2018, rated Developing) is part of")).to_be_visible()
