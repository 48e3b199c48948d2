"""Payloads for stored XSS and formula injection, and checks that a page shows them inert."""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "'><a href=javascript:alert(1)>x</a>",
    "{{7*7}}{% now 'Y' %}",
    "</textarea><iframe src=javascript:alert(1)></iframe>",
]
BAD_LINK = "javascript:alert(1)"
FORMULA = '=HYPERLINK("https://evil.example","click")'
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        if tag == "iframe" or (tag == "img" and ("src", "x") in attrs):
            self.problems.append(f"<{tag}> from a payload")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            cleaned = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and cleaned.startswith(("javascript:", "vbscript:", "data:")):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert" in data:
            self.problems.append(f"<script>{data[:40]}</script>")


def assert_inert(html: str, where: str = "") -> None:
    """Fails when the HTML holds a script, handler or script link that a payload could make."""
    parser = _Elements()
    parser.feed(html)
    assert not parser.problems, f"{where}: {parser.problems}"


def assert_no_formula(cells, where: str = "") -> None:
    """Fails when a spreadsheet cell would start a formula."""
    for cell in cells:
        if isinstance(cell, str):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), f"{where}: {cell!r}"
