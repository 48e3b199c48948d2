from dataclasses import dataclass, field

import pytest

from npsportal.roles import Role
from tests.factories import CouncilFactory, lga_staff, member_of

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# Debian's Chromium, headless, with nothing that reaches out to the network.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }


@dataclass
class World:
    """Two councils with a person in each role, LGA staff, and room for apps' objects."""

    own: object
    other: object
    users: dict
    objects: dict = field(default_factory=dict)


@pytest.fixture
def world(db):
    stockport = CouncilFactory(name="Stockport", slug="stockport", gss_code="E08000007")
    trafford = CouncilFactory(name="Trafford", slug="trafford", gss_code="E08000009")
    users = {
        "anonymous": None,
        "officer": member_of(stockport, Role.OFFICER, email="officer@stockport.test"),
        "lead": member_of(stockport, Role.LEAD, email="lead@stockport.test"),
        "councillor": member_of(stockport, Role.COUNCILLOR, email="councillor@stockport.test"),
        "other_officer": member_of(trafford, Role.OFFICER, email="officer@trafford.test"),
        "other_lead": member_of(trafford, Role.LEAD, email="lead@trafford.test"),
        "other_councillor": member_of(trafford, Role.COUNCILLOR, email="councillor@trafford.test"),
        "lga_staff": lga_staff(email="staff@lga.test"),
    }
    return World(own=stockport, other=trafford, users=users)


@pytest.fixture
def client_as(client):
    """Returns a test client signed in as the given user (None: anonymous)."""

    def sign_in(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
