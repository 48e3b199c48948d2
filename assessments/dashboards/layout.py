"""What every PDF layout reuses within a process: the parsed stylesheets and the font configuration;
the room on Python's stack that a layout runs in; and the HTML parser's cache, mended.

WeasyPrint's documentation recommends long-lived processes for many documents; these are the
objects it lets a caller hand in rather than build again for each one (`stylesheets=`,
`font_config=`). A report's own HTML carries only what differs between reports.
"""

import functools
import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from tinyhtml5 import inputstream
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


# CPython 3.11 keeps a thread's Python frames in chunks of 16 KiB and frees a chunk as soon as the
# frame at its base returns (python/cpython#142183, mended in 3.13 and 3.14 only). WeasyPrint's
# layout recurses deep and loops there: where a loop's calls cross a chunk's edge, each call maps
# and unmaps a chunk, 4,000 to 17,000 times a report (a fifth of its time, measured), and how
# often depends on how deep its caller was. A frame too big for the current chunk is given a
# fresh one of 256 KiB (the smallest power of two holding it with CPython's margin); the layout
# then runs above it with ~135 KiB of room, more than a report's deepest recursion (23 to 40 KiB,
# measured), wherever it is called from. The extra slots are never used, only reserved.
_STACK_ROOM_SLOTS = 15_400


def with_stack_room(function):
    """function(), run on a fresh stretch of Python's frame stack with room for a layout's depth."""
    return function()


with_stack_room.__code__ = with_stack_room.__code__.replace(
    co_stacksize=with_stack_room.__code__.co_stacksize + _STACK_ROOM_SLOTS
)


class _SelfFillingPatternCache(dict):
    """The cache of the character patterns tinyhtml5 (WeasyPrint's HTML parser) reads text with,
    filling itself on a miss.

    tinyhtml5 2.1.0 stores each new pattern under the wrong key: in `HTMLUnicodeInputStream.
    chars_until`, `characters = cache[(characters, opposite)] = regex` rebinds `characters` to the
    pattern before the key is made, so the lookup never hits and every call builds and compiles
    its pattern again: 3,400 times and over half the parsing of a report's HTML (76 to 31 ms,
    measured). Answering the lookup here means that store never runs. The pattern is built as
    tinyhtml5 builds it; once tinyhtml5 mends its store, this is simply its cache.
    """

    def __missing__(self, key):
        characters, opposite = key
        listed = "".join(f"\\x{ord(character):02x}" for character in characters)
        self[key] = pattern = re.compile(f"[{'' if opposite else '^'}{listed}]+")
        return pattern


def mend_html_parser_cache() -> None:
    """Gives tinyhtml5 a pattern cache that works (see _SelfFillingPatternCache); run once, when
    the portal starts. Left alone if a later tinyhtml5 no longer has that cache."""
    if isinstance(getattr(inputstream, "characters_until_regex", None), dict):
        inputstream.characters_until_regex = _SelfFillingPatternCache()
