"""Safety nets: every URL is classified, and answers each role as the matrix says."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.assessments import dashboard_matrix
from tests.assessments import matrix as assessments_matrix
from tests.casestudies import matrix as casestudies_matrix
from tests.matrix import ROLES
from tests.npsportal import matrix as npsportal_matrix
from tests.strategies import matrix as strategies_matrix

MATRICES = [
    npsportal_matrix,
    assessments_matrix,
    dashboard_matrix,
    casestudies_matrix,
    strategies_matrix,
]
ROWS = [row for m in MATRICES for row in m.ROWS]
PUBLIC = set().union(*(m.PUBLIC for m in MATRICES))


def walk(patterns, namespace=""):
    """Yields (name, view function) for every named URL outside the Django admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


URLS = dict(walk(get_resolver().url_patterns))


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_url_is_public_or_in_the_permission_matrix(name):
    in_matrix = {row.url_name for row in ROWS}
    assert name in PUBLIC or name in in_matrix, f"{name} is neither public nor in the matrix"


@pytest.mark.parametrize("name", sorted(URLS))
def test_only_public_urls_skip_the_login_requirement(name):
    view = URLS[name]
    opted_out = getattr(view, "login_required", True) is False
    assert opted_out == (name in PUBLIC), (
        f"{name}: public list says {name in PUBLIC}, view opted out of login: {opted_out}"
    )


CASES = [(row, role) for row in ROWS for role in ROLES]


@pytest.mark.parametrize(
    ("row", "role"), CASES, ids=[f"{row.url_name}-{row.method}-{role}" for row, role in CASES]
)
def test_each_role_gets_the_expected_status(world, client_as, row, role):
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    client = client_as(world.users[role])
    response = getattr(client, row.method)(url, row.data)
    assert response.status_code == row.expected[role], f"{role} {row.method.upper()} {url}"
    if role == "anonymous" and response.status_code == 302 and row.url_name not in PUBLIC:
        assert response["Location"].startswith(reverse("login"))
