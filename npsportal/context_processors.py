import functools

from django.apps import apps
from django.conf import settings
from django.urls import reverse

from npsportal.selectors import memberships_of

# The header and navigation are drawn once per person and kept (templates/base.html): their
# key, `chrome_key`, holds all they depend on, so a change of role shows on the next page.
CHROME_CACHE_SECONDS = 60 * 60


@functools.cache
def navigation_items() -> tuple[tuple[str, str, str | None], ...]:
    """(label, href, permission) of each app's navigation items: the URLs never change while the
    process runs."""
    return tuple(
        (label, reverse(url_name), permission)
        for config in apps.get_app_configs()
        for label, url_name, permission in getattr(config, "navigation", [])
    )


def is_within(path: str, href: str) -> bool:
    """Whether the page at `path` is in the navigation item's section ("/" only holds itself)."""
    return path == href or (href != "/" and path.startswith(href))


def sections_of(path: str) -> list[str]:
    """The navigation items' addresses the page falls under: with `chrome_key`, all the
    navigation depends on."""
    return [href for _, href, _ in navigation_items() if is_within(path, href)]


def service_navigation(request) -> list[dict]:
    """The navigation items each app contributes that this user may use, the current one marked."""
    items = [
        {"label": label, "href": href, "current": False}
        for label, href, permission in navigation_items()
        if not permission or request.user.has_perm(permission)
    ]
    # The longest matching prefix is the current section.
    matches = [i for i in items if is_within(request.path, i["href"])]
    if matches:
        max(matches, key=lambda i: len(i["href"]))["current"] = True
    return items


def chrome_key(user) -> str:
    """What the header and navigation show that differs by person: who they are and what they
    may do. Every permission is a rule on their memberships (npsportal.backends), or they are a
    superuser."""
    if not user.is_authenticated:
        return "anonymous"
    roles = sorted((m.role, m.council_id or 0) for m in memberships_of(user))
    return f"{user.pk}|{user.email}|{user.is_active}|{user.is_superuser}|{roles}"


def portal(request):
    signed_in = hasattr(request, "user")
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "consultation_retention_days": settings.CONSULTATION_RETENTION_DAYS,
        # Callables: worked out only when the cached header and navigation are missing.
        "service_navigation": (lambda: service_navigation(request)) if signed_in else [],
        "chrome_key": (lambda: chrome_key(request.user)) if signed_in else "",
        "sections": lambda: sections_of(request.path),
        "chrome_cache_seconds": CHROME_CACHE_SECONDS,
    }
