"""Whole pages kept for the person who asked, under a fingerprint of everything they show
(docs/decisions/0021): the most viewed signed-in page, the task list, is then a cache read and
the request's own CSRF token put in.

A kept page is never shared: its key holds the person (`chrome_key`: who they are and every
role they hold), the address asked for and the view's `page_version`, which must change with
anything else the page shows. A page with a message to show once is drawn afresh.
"""

import hashlib

from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token

from npsportal.context_processors import chrome_key

# What every {% csrf_token %} of a kept page holds until the request's own token replaces it.
CSRF_PLACEHOLDER = "kept-page-csrf-token-placeholder"
KEPT_PAGE_SECONDS = 60 * 60


def page_key(request, version: str) -> str:
    """The cache key of the page `request` asks for, as the person asking sees it."""
    parts = (request.get_full_path(), chrome_key(request.user), version)
    return "kept-page:" + hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def has_messages(request) -> bool:
    """Whether a message waits to be shown (counting them does not use them up)."""
    return len(messages.get_messages(request)) > 0


class KeptPageMixin:
    """For a TemplateView: the page is kept under `page_version(context)`, or drawn afresh
    every time when that is None."""

    def page_version(self, context) -> str | None:
        return None

    def render_to_response(self, context, **response_kwargs):
        version = self.page_version(context)
        request = self.request
        if version is None or has_messages(request):
            return super().render_to_response(context, **response_kwargs)
        key = page_key(request, version)
        kept = caches["pages"]
        html = kept.get(key)
        if html is None:
            drawn = super().render_to_response(
                {**context, "csrf_token": CSRF_PLACEHOLDER}, **response_kwargs
            )
            html = drawn.rendered_content
            kept.set(key, html, KEPT_PAGE_SECONDS)
        # get_token also has the CSRF cookie sent when the browser has none.
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
