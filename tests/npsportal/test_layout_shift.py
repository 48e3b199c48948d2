"""Pages do not move after they load (Cumulative Layout Shift under 0.01, where Lighthouse
calls 0.1 poor): on a phone, govuk-frontend's script collapsing the service navigation used to
push the whole page up by 0.1 (public) to 0.25 (LGA staff)."""

import pytest

from tests.browser import sign_in, visit
from tests.factories import PASSWORD, lga_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports each shift to a PerformanceObserver; `buffered` includes those before it ran.
WATCH_SHIFTS = """
window.__layoutShift = 0;
new PerformanceObserver(list => {
  for (const shift of list.getEntries()) {
    if (!shift.hadRecentInput) window.__layoutShift += shift.value;
  }
}).observe({type: 'layout-shift', buffered: true});
"""
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def layout_shift(page, url) -> float:
    """The page's cumulative layout shift, once govuk-frontend has set up its components."""
    visit(page, url)
    page.wait_for_selector("[data-govuk-service-navigation-init]", state="attached")
    # Entries are delivered asynchronously: two frames later every shift so far has arrived.
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return page.evaluate("() => window.__layoutShift")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_do_not_shift_after_loading(page, live_server, viewport):
    page.set_viewport_size(viewport)
    page.add_init_script(WATCH_SHIFTS)
    for path in ["/", "/case-studies/", "/accounts/login/"]:
        assert layout_shift(page, f"{live_server.url}{path}") < 0.01, path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_pages_do_not_shift_after_loading(page, live_server, viewport):
    staff = lga_staff(email="staff@lga.test")
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, staff.email, PASSWORD)
    page.add_init_script(WATCH_SHIFTS)
    for path in ["/assessments/", "/national/", "/accounts/password-change/"]:
        assert layout_shift(page, f"{live_server.url}{path}") < 0.01, path
