"""Staff-written Markdown, rendered and sanitised: no script, handler, style or unsafe URL."""

from html.parser import HTMLParser

import pytest

from npsportal.markdown import ALLOWED_TAGS, render_markdown

XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>",
    '<img src="x" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<body onload="alert(1)">',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="position:fixed;top:0">overlay</div>',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example"><input name="password"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<p class="govuk-visually-hidden" id="main-content">spoof</p>',
    "![img](javascript:alert(1))",
    '<details open ontoggle="alert(1)">x</details>',
]
SAFE_SCHEMES = ("http://", "https://", "mailto:")


class Elements(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser would parse them."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives_rendering(payload):
    html = render_markdown(f"Before\n\n{payload}\n\nAfter")
    for tag, attrs in Elements(html).found:
        assert tag in ALLOWED_TAGS, html
        assert not [name for name in attrs if name.startswith("on")], html
        assert "style" not in attrs, html
        assert "id" not in attrs, html
        for name in ("href", "src"):
            if name in attrs:
                assert attrs[name].startswith(SAFE_SCHEMES), html
    assert "<script" not in html.lower()


def test_markdown_becomes_govuk_styled_html():
    html = render_markdown(
        "Intro with **bold**.\n\n- one\n- two\n\n[LGA](https://www.local.gov.uk)"
    )
    assert '<p class="govuk-body">Intro with <strong>bold</strong>.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert 'href="https://www.local.gov.uk"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_mail_links_are_kept():
    assert 'href="mailto:star@example.org"' in render_markdown("[mail](mailto:star@example.org)")


def test_a_script_is_dropped_with_its_content():
    html = render_markdown("Before <script>alert(1)</script><style>p {}</style> after")
    assert "alert" not in html
    assert "p {}" not in html
