"""Hypothesis strategies for hostile form input: odd text, numbers, dates and files."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    max_examples=25,
    deadline=None,
    # CI must not turn red on a case nobody has seen: there the examples are the same every run;
    # on developers' machines Hypothesis keeps exploring.
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

EDGE_TEXT = [
    "", " ", "\x00", "a\x00b", "\r\n", "0", "-1", "1.5", "1e309", "NaN", "99999999999999999999",
    "-99999999999999999999", "31", "02", "2026", "0000", "<script>alert(1)</script>",
    "' OR 1=1 --", "%s%n%x", "../../etc/passwd", "\u202egnp.exe", "😀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\ufeff",
    "javascript:alert(1)", "=HYPERLINK(\"https://evil.example\")", "on", "yes", "approve",
    "return", "done", "individual", "council", "supplier", "with_name", "1", "2", "5", "6",
]  # fmt: skip

text = st.one_of(
    st.sampled_from(EDGE_TEXT),
    # Browsers send UTF-8, which cannot carry a lone surrogate.
    st.text(st.characters(codec="utf-8"), max_size=200),
    st.integers().map(str),
    # Very long: a character repeated, cheap to make however long.
    st.builds(lambda c, n: c * n, st.characters(codec="utf-8"), st.integers(0, 30_000)),
)

# A date's day, month and year parts, including ones that make no date (31 February).
date_part = st.one_of(
    st.sampled_from(["31", "29", "30", "2", "13", "0", "-1", "2026", "10000", "99999999999", ""]),
    text,
)

MAGIC = [
    b"", b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff\xe0", b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"MZ", b"<svg onload=alert(1)>",
]  # fmt: skip
FILE_NAMES = [
    "evidence.pdf", "photo.PNG", "x.exe", "report.pdf.exe", "../../../etc/passwd.pdf",
    "a" * 300 + ".pdf", "no-extension", ".pdf", "évidence 😀.docx", "<img src=x onerror=1>.gif",
    "sheet.xlsx", "doc.doc", "image.jpeg",
]  # fmt: skip


def as_sent(name: str) -> str:
    """The file name as a form receives it: Django's request parser drops a file whose name has
    nothing left after its folders ("", ".", "..", "a/"), so such a name never reaches a form."""
    return name if os.path.basename(name) not in {"", ".", ".."} else "x"


files = st.builds(
    lambda name, head, body: SimpleUploadedFile(as_sent(name), head + body),
    st.one_of(st.sampled_from(FILE_NAMES), st.text(st.characters(codec="utf-8"), max_size=40)),
    st.sampled_from(MAGIC),
    st.one_of(st.just(b""), st.binary(max_size=2048)),
)


def form_data(*names, **special):
    """Any subset of the named fields with hostile text, plus fields with their own strategy."""
    return st.fixed_dictionaries({}, optional={name: text for name in names} | special)


def assert_answered(response, what: str = "") -> None:
    """200, a redirect or a 4xx: anything but a server error."""
    status = response.status_code
    assert status in (200, 302) or 400 <= status < 500, f"{what}: {status}"
