"""The portal's middleware: saying "busy" past capacity, refusing oversized and NUL-laden requests
early, treating a person who has given only their password as anonymous, and keeping signed-in
responses out of caches."""

from functools import cached_property
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.functional import LazyObject, SimpleLazyObject, empty

from npsportal.rules import must_use_two_factor
from npsportal.server import QUEUED_SECONDS
from npsportal.two_factor import second_step_url

NUL = "\x00"
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
# The pages an unverified person may still open, as themselves: the two-factor pages and
# signing out.
EXEMPT_URL_NAMES = {"two_factor_verify", "two_factor_set_up", "logout"}


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django refuses a malformed length itself


def _form_has_nul(request) -> bool:
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return False
    try:
        # CsrfViewMiddleware reads the form next anyway, so this costs nothing more.
        fields = request.POST.lists()
    except MultiPartParserError:
        return False  # an unreadable form is left to Django and the CSRF check, as before
    return any(NUL in name or any(NUL in value for value in values) for name, values in fields)


def has_nul(request) -> bool:
    """Whether the path, the query string or a form field holds a NUL byte."""
    query = unquote_plus(request.META.get("QUERY_STRING", ""))
    return NUL in request.path or NUL in query or _form_has_nul(request)


class BusyMiddleware:
    """Past capacity, a request that waited longer than BUSY_AFTER_SECONDS for a free thread gets
    the "service busy" page (503 with Retry-After) at once, before a session, a query or a view:
    refused whole, so nothing of it is saved, and quick to refuse, so the queue drains instead of
    growing until connections time out. The wait comes from the app server (npsportal.server)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get(QUEUED_SECONDS, 0.0) > settings.BUSY_AFTER_SECONDS:
            return busy_response(request)
        return self.get_response(request)


def busy_response(request) -> HttpResponse:
    # Read what was sent, so that the connection can be reused or closed without a reset.
    if _declared_length(request) <= settings.MAX_REQUEST_BODY_BYTES:
        while request.read(64 * 1024):
            pass
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.BUSY_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class RequestGuardMiddleware:
    """Refuses a body over MAX_REQUEST_BODY_BYTES (413) before reading a byte of it, and any NUL
    byte (400), which PostgreSQL refuses in text, before a view or a query sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > settings.MAX_REQUEST_BODY_BYTES:
            return render(request, "413.html", status=413)
        if has_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


class NoStoreMiddleware:
    """Nothing sent to a signed-in session is stored by a browser or a cache: its pages, reports,
    evidence and exports hold council data and people's names. Public pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The session, not request.user: a half-signed-in session counts too.
        if SESSION_KEY in request.session:
            add_never_cache_headers(response)
        return response


class SecondFactor:
    """The person the session was signed in as, and whether they still owe a second factor."""

    def __init__(self, person):
        self.person = person

    @cached_property
    def awaited(self) -> bool:
        person = self.person
        return (
            person.is_authenticated
            and not person.is_verified()
            and must_use_two_factor.test(person)
        )


def _on_two_factor_page(request) -> bool:
    try:
        return resolve(request.path_info).url_name in EXEMPT_URL_NAMES
    except Resolver404:
        return False


def _anonymous_user() -> AnonymousUser:
    user = AnonymousUser()
    # As django_otp.middleware.OTPMiddleware gives every user, signed in or not.
    user.otp_device = None
    user.is_verified = lambda: False
    return user


def _unwrapped(person):
    """The user behind django-otp's and Django's lazy users: read through them, each attribute
    costs a call per layer, and a page reads the user's a few hundred times."""
    while isinstance(person, LazyObject):
        if person._wrapped is empty:
            person._setup()
        person = person._wrapped
    return person


def _user_seen(request):
    second_factor = request.second_factor
    if second_factor.awaited and not _on_two_factor_page(request):
        return _anonymous_user()
    return _unwrapped(second_factor.person)


class TwoFactorMiddleware:
    """Until a person who must use a second factor has done so, they are anonymous on every
    page, error pages included, except the two-factor pages and signing out; pages that need
    signing in send them on to the code page. After OTPMiddleware, before LoginRequiredMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.second_factor = SecondFactor(request.user)
        # Lazy, as AuthenticationMiddleware's: pages that never ask cost no queries.
        request.user = SimpleLazyObject(lambda: _user_seen(request))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        public = getattr(view_func, "login_required", True) is False
        if public or request.resolver_match.url_name in EXEMPT_URL_NAMES:
            return None
        if not request.second_factor.awaited:
            return None
        return redirect(second_step_url(request.second_factor.person, request.get_full_path()))
