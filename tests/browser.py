"""Helpers for browser journeys: sign in through the form, and check every page with axe-core.

Every step that leaves a page goes through `visit` or `click_and_wait`, which return only once the
next page has loaded: reading the page straight after a bare `.click()` races the navigation, and on
a busy machine reads the page being left.
"""

import json
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from npsportal.models import User
from tests.factories import authenticator_code

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Runs before any page script, so it hears every Content Security Policy refusal of the page.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
  `${e.effectiveDirective} refused ${e.blockedURI || 'inline'} at ${e.sourceFile || ''}:` +
  `${e.lineNumber} ${e.sample || ''}`));
"""
SIGN_IN_PAGES = re.compile(r"/accounts/(login|two-factor)/")
# Playwright gives an `expect` 5 s to come true: short on a busy machine, and a longer wait costs
# nothing when it comes true sooner.
expect.set_options(timeout=15_000)


def watch_csp(page) -> None:
    """Records the Content Security Policy violations of every later page load of `page`."""
    if not getattr(page, "_csp_watched", False):
        page.add_init_script(CSP_WATCH)
        page._csp_watched = True


def assert_no_csp_violations(page) -> None:
    """Fails, naming them, when the page broke its Content Security Policy (inline code)."""
    violations = page.evaluate("() => window.__cspViolations")
    assert violations is not None, f"CSP not watched on {page.url}: open it with visit() first"
    assert not violations, f"Content Security Policy violations on {page.url}:\n" + "\n".join(
        violations
    )


def assert_accessible(page) -> None:
    """Fails when axe-core finds a WCAG 2.2 A or AA problem, or the page broke its CSP."""
    assert_no_csp_violations(page)
    # Evaluated through the DevTools protocol, which the page's CSP does not govern; a <script>
    # tag with axe inline would be refused (and rightly).
    if page.evaluate("() => typeof axe === 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    # govuk-frontend's conditional radios carry aria-expanded, which ARIA 1.2 does not list for
    # a radio; GOV.UK keeps it on purpose (it tells screen readers what the choice reveals), so
    # axe is told to allow that one attribute there and nothing else.
    page.evaluate(
        "axe.configure({checks: [{id: 'aria-allowed-attr', options: {radio: ['aria-expanded']}}]})"
    )
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe-core on {page.url}:\n{json.dumps(violations, indent=2)}"


def visit(page: Page, url: str) -> None:
    """Opens a page and checks it with axe-core and for Content Security Policy violations."""
    watch_csp(page)
    page.goto(url)
    assert_accessible(page)


def click_and_wait(
    page: Page,
    target: str | Locator,
    *,
    expect_title: str | re.Pattern | None = None,
    check: bool = True,
) -> None:
    """Clicks a button or link that leaves the page (found by name as `get_by_role` finds it, or a
    locator), waits until the next page has loaded, expects its title to start with
    `expect_title`, then checks the page with axe-core (unless `check=False`)."""
    watch_csp(page)
    if isinstance(target, str):
        target = page.get_by_role("button", name=target).or_(page.get_by_role("link", name=target))
    # A new document, even at the same address (a form posted back with its errors).
    with page.expect_navigation():
        target.click()
    if expect_title is not None:
        if isinstance(expect_title, str):
            expect_title = re.compile("^" + re.escape(expect_title))
        expect(page).to_have_title(expect_title)
    if check:
        assert_accessible(page)


def submit_password(page: Page, base_url: str, email: str, password: str) -> None:
    """Fills in and sends the sign-in page, checking it; the code page may come next."""
    visit(page, f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Sign in"), check=False)


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Signs in through the sign-in page (and the code page when asked), checking the first, and
    fails at once when the portal did not sign the person in."""
    submit_password(page, base_url, email, password)
    if page.url.split("?")[0].endswith("/accounts/two-factor/"):
        code = authenticator_code(User.objects.get(email__iexact=email))
        page.get_by_label("Enter the code from your authenticator app").fill(code)
        click_and_wait(page, page.get_by_role("button", name="Continue"), check=False)
    expect(page).not_to_have_url(SIGN_IN_PAGES)
