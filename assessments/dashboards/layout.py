"""What every PDF layout reuses within a process: the parsed stylesheets and the font configuration.

WeasyPrint's documentation recommends long-lived processes for many documents; these are the
objects it lets a caller hand in rather than build again for each one (`stylesheets=`,
`font_config=`). A report's own HTML carries only what differs between reports.
"""

import functools
import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration

STYLESHEET_DIR = Path(settings.BASE_DIR) / "templates" / "reports"

_thread = threading.local()


@dataclass(frozen=True)
class Stylesheet:
    """A parsed stylesheet and the digest of its file, which the PDF cache keys on."""

    css: CSS
    digest: str


def stylesheets(names: Sequence[str]) -> list[Stylesheet]:
    """The named stylesheets of templates/reports/, parsed once for each content of their file.

    Keyed on the file's bytes rather than its modification time, so a deploy that changes a
    stylesheet is laid out with the new one even if the file kept its time; reading 5 KB costs
    microseconds beside a layout's second."""
    return [_parsed((STYLESHEET_DIR / name).read_bytes()) for name in names]


# Parsed stylesheets are only read while a document is laid out (their selectors matched, their
# @page rules copied), so every thread shares them. A few contents per file over a process's life.
@functools.lru_cache(maxsize=16)
def _parsed(content: bytes) -> Stylesheet:
    return Stylesheet(css=CSS(string=content.decode()), digest=hashlib.sha256(content).hexdigest())


def font_config() -> FontConfiguration:
    """This thread's font configuration, kept for every layout the thread makes.

    One per thread: it wraps Pango's font map, which is not safe to use from two threads at
    once (WeasyPrint calls it without holding the GIL), and gunicorn runs several threads."""
    config = getattr(_thread, "font_config", None)
    if config is None:
        config = _thread.font_config = FontConfiguration()
    return config
