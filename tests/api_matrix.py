"""The API's permission matrix: each API URL and the status each kind of token gets from it.

Every URL under /api/ must be in an API matrix (tests/test_permission_matrix.py fails otherwise).
Each app lists its own in tests/<app>/api_matrix.py as `ROWS = [ApiRow(...), ...]`; requests
carry `Authorization: Bearer <token>` of a token made for the role's person (anonymous: none).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

API_ROLES = [
    "anonymous",
    "officer",
    "lead",
    "councillor",
    "contributor",
    "lga_staff",
    "other_officer",  # another council's officer
]
TOKEN_ROLES = [role for role in API_ROLES if role != "anonymous"]
UNAUTHENTICATED = 401  # no token where one is needed


def _no_kwargs(world) -> dict:
    return {}


@dataclass(frozen=True)
class ApiRow:
    """One API URL and the status each role's token gets from it (GET unless `method` says)."""

    url_name: str
    expected: dict
    kwargs: Callable = field(default=_no_kwargs)
    method: str = "get"

    def __post_init__(self):
        missing = set(API_ROLES) - set(self.expected)
        assert not missing, f"{self.url_name}: no expected status for {sorted(missing)}"


def api_statuses(default: int, anonymous: int = UNAUTHENTICATED, **overrides: int) -> dict:
    """Expected statuses: `default` for every token unless overridden by role."""
    return {role: default for role in TOKEN_ROLES} | {"anonymous": anonymous} | overrides


PUBLIC = api_statuses(200, anonymous=200)
READ_ONLY = api_statuses(405, anonymous=405)

ROWS = [
    ApiRow("api:root", PUBLIC),
    ApiRow("api:schema", PUBLIC),
    ApiRow("api:docs", PUBLIC),
    ApiRow("api:root", READ_ONLY, method="post"),
]
