"""The permission matrix's vocabulary; each app lists its URLs in tests/<app>/matrix.py."""

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = [
    "anonymous",
    "officer",
    "lead",
    "councillor",
    # A colleague outside procurement: sees only the key areas given to them (issue 16).
    "contributor",
    "other_officer",
    "other_lead",
    "other_councillor",
    "lga_staff",
]
OWN_COUNCIL = ["officer", "lead", "councillor"]
OTHER_COUNCIL = ["other_officer", "other_lead", "other_councillor"]
SIGNED_IN = [role for role in ROLES if role != "anonymous"]
TO_LOGIN = 302  # anonymous users are sent to the sign-in page


def _no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class Row:
    """One URL and the status each role gets from it (GET unless `method` says otherwise)."""

    url_name: str
    expected: dict
    kwargs: Callable = field(default=_no_kwargs)
    method: str = "get"
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        missing = set(ROLES) - set(self.expected)
        assert not missing, f"{self.url_name}: no expected status for {sorted(missing)}"


def statuses(default: int, anonymous: int = TO_LOGIN, **overrides: int) -> dict:
    """Expected statuses: `default` for every signed-in role unless overridden by name."""
    expected = {role: default for role in SIGNED_IN} | {"anonymous": anonymous}
    expected.update(overrides)
    return expected


def for_roles(allowed: list[str], ok: int = 200, refused: int = 404) -> dict:
    """Expected statuses: `ok` for the allowed roles, `refused` for other signed-in roles."""
    return statuses(refused) | {role: ok for role in allowed}
