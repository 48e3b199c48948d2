"""Safety nets: every URL is classified, and answers each role as the matrix says."""

import importlib
import importlib.util

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.api_matrix import API_ROLES
from tests.assessments import (
    dashboard_matrix,
    mapping_matrix,
    open_data_matrix,
    projection_matrix,
    regard_matrix,
)
from tests.assessments import matrix as assessments_matrix
from tests.casestudies import matrix as casestudies_matrix
from tests.matrix import ROLES
from tests.npsportal import matrix as npsportal_matrix
from tests.npsportal import tokens_matrix
from tests.strategies import analysis_matrix
from tests.strategies import matrix as strategies_matrix

MATRICES = [
    npsportal_matrix,
    tokens_matrix,
    assessments_matrix,
    dashboard_matrix,
    regard_matrix,
    mapping_matrix,
    projection_matrix,
    open_data_matrix,
    casestudies_matrix,
    strategies_matrix,
    analysis_matrix,
]
ROWS = [row for m in MATRICES for row in m.ROWS]
PUBLIC = set().union(*(m.PUBLIC for m in MATRICES))

# The API's matrices (tests/api_matrix.py and each app's tests/<app>/api_matrix.py), checked with
# access tokens instead of sessions. An app's file is picked up as soon as it exists.
API_MATRIX_MODULES = [
    "tests.api_matrix",
    "tests.assessments.api_matrix",
    "tests.casestudies.api_matrix",
    "tests.strategies.api_matrix",
]
API_ROWS = [
    row
    for name in API_MATRIX_MODULES
    if importlib.util.find_spec(name)
    for row in importlib.import_module(name).ROWS
]
API_PREFIX = "api/"


def walk(patterns, namespace="", route=""):
    """Yields (name, view function, route) for every named URL outside the Django admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, ns, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback, route + str(pattern.pattern)


ALL_URLS = list(walk(get_resolver().url_patterns))
URLS = {name: view for name, view, route in ALL_URLS if not route.startswith(API_PREFIX)}
API_URLS = {name: view for name, view, route in ALL_URLS if route.startswith(API_PREFIX)}


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_url_is_public_or_in_the_permission_matrix(name):
    in_matrix = {row.url_name for row in ROWS}
    assert name in PUBLIC or name in in_matrix, f"{name} is neither public nor in the matrix"


@pytest.mark.parametrize("name", sorted(API_URLS))
def test_every_api_url_is_in_the_api_matrix(name):
    assert name in {row.url_name for row in API_ROWS}, f"{name} is not in an API matrix"


@pytest.mark.parametrize("name", sorted(API_URLS))
def test_api_urls_skip_the_login_page_and_answer_tokens_themselves(name):
    assert getattr(API_URLS[name], "login_required", True) is False, (
        f"{name}: API views must opt out of the login page (npsportal.api.base.ApiMixin)"
    )


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


API_CASES = [(row, role) for row in API_ROWS for role in API_ROLES]


@pytest.mark.parametrize(
    ("row", "role"),
    API_CASES,
    ids=[f"{row.url_name}-{row.method}-{role}" for row, role in API_CASES],
)
def test_each_token_gets_the_expected_status_from_the_api(world, client, row, role):
    from npsportal.tokens.services import create_token

    url = reverse(row.url_name, kwargs=row.kwargs(world))
    headers = {}
    if role != "anonymous":
        _token, key = create_token(user=world.users[role], name="Matrix", days=30)
        headers["Authorization"] = f"Bearer {key}"
    response = getattr(client, row.method)(url, headers=headers)
    assert response.status_code == row.expected[role], f"{role} {row.method.upper()} {url}"
