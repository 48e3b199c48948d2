from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from npsportal.roles import Role
from tests.factories import TOTP_KEY, CouncilFactory, lga_staff, member_of

MODEL_BACKEND = "npsportal.backends.EmailPasswordBackend"

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


@pytest.fixture(scope="session", autouse=True)
def _static_root_exists():
    # WhiteNoise warns "No directory at: STATIC_ROOT" for every client until collectstatic has
    # run; tests get static files from the finders, so an empty folder is all they need.
    Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    # Files written by tests (evidence, documents, the demo's PDFs) go to a folder deleted with
    # the test, never into the project's media/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Tests see a task's effect as soon as it is queued; tests of the queue itself (a real
    # worker draining the database queue) set their own backend.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


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
        "contributor": member_of(stockport, Role.CONTRIBUTOR, email="contributor@stockport.test"),
        "other_officer": member_of(trafford, Role.OFFICER, email="officer@trafford.test"),
        "other_lead": member_of(trafford, Role.LEAD, email="lead@trafford.test"),
        "other_councillor": member_of(trafford, Role.COUNCILLOR, email="councillor@trafford.test"),
        "lga_staff": lga_staff(email="staff@lga.test"),
    }
    return World(own=stockport, other=trafford, users=users)


def force_login_verified(client, user):
    """Signs the test client in as the user, with the second factor already confirmed."""
    client.force_login(user, backend=MODEL_BACKEND)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", key=TOTP_KEY)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_as(client):
    """Returns a test client signed in as the given user (None: anonymous), code confirmed."""

    def sign_in(user):
        client.logout()
        if user is not None:
            force_login_verified(client, user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached figures are keyed by what they were computed from, but ids are reused between tests
    # on SQLite (rolled back), so each test starts with empty caches.
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    # A test that drives the browser is a browser test, so `-m browser` runs every one of them
    # (and `-m "not browser"` none) even where the mark was forgotten.
    for item in items:
        if "page" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
