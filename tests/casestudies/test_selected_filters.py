"""Filters the visitor chose stay in sight and can be removed one by one, even when together
they find nothing; on a phone the filters fold away above the results."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from npsportal.models import Council
from tests.browser import visit
from tests.casestudies.factories import CaseStudyFactory, key_area
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:case_study_list")


@pytest.fixture
def library():
    key_area("working-with-partners", "Working with partners")
    key_area("engaging-local-smes", "Engaging local SMEs")
    kent = CouncilFactory(name="Kent", kind=Council.Kind.COUNTY, region=Council.Region.SOUTH_EAST)
    CaseStudyFactory(title="Shared services", tags={"working-with-partners": 4})
    CaseStudyFactory(title="Supplier days", councils=[kent], tags={"engaging-local-smes": 4})


def checked(html: str, name: str, value: str) -> bool:
    box = re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', html)
    return bool(box) and "checked" in box.group(0)


def test_a_ticked_key_area_that_finds_nothing_stays_ticked(client, library):
    query = {"key_area": "working-with-partners", "region": "south_east"}
    html = client.get(LIST, query).content.decode()
    assert "0 case studies" in html
    assert checked(html, "key_area", "working-with-partners")
    assert "Working with partners (0)" in html
    assert checked(html, "region", "south_east")


def test_selected_filters_show_as_tags_each_with_a_remove_link(client, library):
    query = {"key_area": "working-with-partners", "region": "south_east", "q": "shared"}
    html = client.get(LIST, query).content.decode()
    selected = re.search(r'<div class="app-selected-filters">.*?</ul>\s*</div>', html, re.S)
    assert selected
    block = selected.group(0)
    assert "Remove this filter</span> Working with partners" in block
    assert "Remove this filter</span> South East" in block
    # Removing the key area keeps the region and the words.
    link = re.search(
        r'href="([^"]+)"[^>]*>\s*<span class="govuk-visually-hidden">Remove this '
        r"filter</span> Working with partners",
        block,
    ).group(1)
    assert "key_area" not in link
    assert "region=south_east" in link
    assert "q=shared" in link


def test_the_filter_panel_folds_away_on_a_phone(client, library):
    html = client.get(LIST).content.decode()
    assert '<details class="govuk-details app-filter-panel"' in html
    results = html.index('id="results"')
    assert html.index("Filter case studies") < results  # the summary only, folded on a phone


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_results_come_before_the_folded_filters(page, live_server, library):
    page.set_viewport_size({"width": 320, "height": 800})
    visit(page, f"{live_server.url}{LIST}?region=south_east")
    expect(page.get_by_text("Filter case studies")).to_be_visible()
    expect(page.get_by_role("checkbox", name="South East (1)")).to_be_hidden()
    expect(page.get_by_role("link", name="Remove this filter South East")).to_be_visible()
    panel = page.locator(".app-filter-panel").bounding_box()
    results = page.locator("#results").bounding_box()
    assert panel["height"] < 80  # folded: the results follow it, not 900 px of checkboxes
    assert results["y"] - (panel["y"] + panel["height"]) < 80
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(page.get_by_role("checkbox", name="South East (1)")).to_be_visible()
    expect(page.get_by_text("Filter case studies")).to_be_hidden()
