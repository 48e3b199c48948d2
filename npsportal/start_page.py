"""The signed-in start page: what each app says a person should do next (decision 0007).

An app names a function in its `AppConfig.start_page` ("app.module.function"); called with the
user, it returns `Panel`s (rendered with the app's own template) and `Waiting` lines.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import import_string

from npsportal.selectors import memberships_of


@dataclass(frozen=True)
class Panel:
    """A part of the start page that an app renders with its own template.

    `council` is the council it is about (None: not about one council), so that someone with
    several councils reads one panel per council, in the councils' name order.
    """

    template_name: str
    context: dict = field(default_factory=dict)
    council: object = None


@dataclass(frozen=True)
class Waiting:
    """A line of "Waiting for you": how many of something wait, and the page to deal with them."""

    count: int
    singular: str  # "case study in review"
    plural: str  # "case studies in review"
    href: str

    @property
    def text(self) -> str:
        if self.count == 0:
            return f"No {self.plural}"
        return f"{self.count} {self.singular if self.count == 1 else self.plural}"


@dataclass(frozen=True)
class StartPage:
    """What the start page shows: panels about a council first (by council), then the others."""

    panels: list[Panel]
    waiting: list[Waiting]
    has_role: bool


def start_page(user) -> StartPage:
    """Every installed app's contribution to the user's start page, in a reading order."""
    found: list = []
    for config in apps.get_app_configs():
        hook = getattr(config, "start_page", None)
        if hook:
            found += import_string(hook)(user)
    panels = [item for item in found if isinstance(item, Panel)]
    # Stable sort: within a council (and among panels about none), apps keep their order.
    panels.sort(key=lambda p: (p.council is None, str(p.council or "")))
    waiting = [item for item in found if isinstance(item, Waiting)]
    return StartPage(panels=panels, waiting=waiting, has_role=bool(memberships_of(user)))
