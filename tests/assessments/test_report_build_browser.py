"""The staff page follows a round's report build by itself, with no inline script."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.dashboards import report_builds
from assessments.models import ReportBuild
from tests.assessments.factories_dashboard import rated, rounds
from tests.browser import assert_accessible, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_moves_and_the_zip_is_offered_without_a_reload(
    page, live_server, world, client_as
):
    this = rounds(count=1)[0]
    rated(world.own, this)
    staff = world.users["lga_staff"]
    build = ReportBuild.objects.create(round=this, requested_by=staff, total=3, done=1)
    client = client_as(staff)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([cookie | {"url": live_server.url}])
    visit(page, f"{live_server.url}{reverse('assessments:round_reports', args=[this.slug])}")
    words, bar = page.locator("#report-build-words"), page.locator("progress")
    expect(words).to_have_text("1 of 3 reports laid out")
    # Workers elsewhere count two more reports, one failing: the page shows it by itself.
    ReportBuild.objects.filter(pk=build.pk).update(done=2, failed=0)
    expect(words).to_have_text("2 of 3 reports laid out")
    expect(bar).to_have_js_property("value", 2)
    ReportBuild.objects.filter(pk=build.pk).update(failed=1)
    report_builds.finish_build(build_id=build.pk)
    expect(page.get_by_role("link", name=re.compile("Download all 2 reports"))).to_be_visible()
    expect(words).to_have_text("2 of 3 reports laid out; 1 could not be")
    assert_accessible(page)
