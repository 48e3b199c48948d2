"""Helpers for browser journeys: sign in through the form, and check every page with axe-core."""

import json
from pathlib import Path

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
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe-core on {page.url}:\n{json.dumps(violations, indent=2)}"


def visit(page, url: str) -> None:
    """Opens a page and checks it with axe-core and for Content Security Policy violations."""
    watch_csp(page)
    page.goto(url)
    assert_accessible(page)


def submit_password(page, base_url: str, email: str, password: str) -> None:
    """Fills in and sends the sign-in page, checking it; the code page may come next."""
    visit(page, f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def sign_in(page, base_url: str, email: str, password: str) -> None:
    """Signs in through the sign-in page (and the code page when asked), checking the first."""
    submit_password(page, base_url, email, password)
    if page.url.split("?")[0].endswith("/accounts/two-factor/"):
        code = authenticator_code(User.objects.get(email__iexact=email))
        page.get_by_label("Enter the code from your authenticator app").fill(code)
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
