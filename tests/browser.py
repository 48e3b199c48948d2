"""Helpers for browser journeys: sign in through the form, and check every page with axe-core."""

import json
from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page) -> None:
    """Fails, naming rules and elements, when axe-core finds a WCAG 2.2 A or AA problem."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert not violations, f"axe-core on {page.url}:\n{json.dumps(violations, indent=2)}"


def visit(page, url: str) -> None:
    """Opens a page and checks it with axe-core."""
    page.goto(url)
    assert_accessible(page)


def sign_in(page, base_url: str, email: str, password: str) -> None:
    """Signs in through the sign-in page, checking that page on the way."""
    visit(page, f"{base_url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
