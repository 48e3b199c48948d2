from django.apps import apps
from django.conf import settings
from django.urls import reverse


def service_navigation(request) -> list[dict]:
    """The navigation items each app contributes that this user may use, the current one marked."""
    items = []
    for config in apps.get_app_configs():
        for label, url_name, permission in getattr(config, "navigation", []):
            if permission and not request.user.has_perm(permission):
                continue
            href = reverse(url_name)
            items.append({"label": label, "href": href, "current": False})
    # The longest matching prefix is the current section ("/" only matches itself).
    matches = [
        i
        for i in items
        if request.path == i["href"] or (i["href"] != "/" and request.path.startswith(i["href"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["href"]))["current"] = True
    return items


def portal(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "consultation_retention_days": settings.CONSULTATION_RETENTION_DAYS,
        "service_navigation": service_navigation(request) if hasattr(request, "user") else [],
    }
