"""The world `make load` drives: councils with officers and councillors, an open round with a draft
assessment per council, and a plan file telling Locust who is who. Throwaway databases only.

A tool for developers, run by .ci/load.sh: python tests/load/seed_world.py --plan PLAN_FILE.
"""
# ruff: noqa: E402 – the portal's modules are imported once Django is set up, below.

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npsportal.settings")
django.setup()

import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments import demo
from assessments.models import Assessment, Round
from assessments.selectors import assessed_statements
from npsportal.models import Council, Membership, User
from npsportal.roles import Role

# The authenticator key every load-test account shares (hex, as django-otp stores it).
TOTP_KEY = "3132333435363738393031323334353637383930"
PASSWORD = "load-test-password-not-secret"  # nosec B105 # throwaway load-test accounts
DOMAIN = "load.test"


class Command(BaseCommand):
    """Run as a script, not through manage.py: a developer's tool, not part of the portal."""

    help = "Creates the load-test world and writes the plan Locust reads. Not for real databases."

    def add_arguments(self, parser):
        parser.add_argument("--officers", type=int, default=300)
        parser.add_argument("--per-council", type=int, default=5)
        parser.add_argument("--plan", type=Path, required=True)

    def handle(self, *args, officers, per_council, plan, **options):
        if not settings.DATABASES["default"]["NAME"] or "load" not in str(
            settings.DATABASES["default"]["NAME"]
        ):
            raise CommandError("Refusing: the database's name must contain 'load' (throwaway).")
        with transaction.atomic():
            councils = _councils(-(-officers // per_council))
            demo.create_demo_data()  # both rounds' assessments for councils without them
            current = _open_round()
            people = _people(councils, officers, per_council, current)
        plan.write_text(json.dumps(people | {"password": PASSWORD, "totp_key": TOTP_KEY}))
        self.stdout.write(
            f"Load world: {len(councils)} councils, {len(people['officers'])} officers, "
            f"{len(people['councillors'])} councillors; plan in {plan}"
        )


def _councils(count: int) -> list[Council]:
    regions = Council.Region.values
    councils = []
    for n in range(1, count + 1):
        council, _ = Council.objects.get_or_create(
            slug=f"load-council-{n}",
            defaults={
                "name": f"Load Council {n}",
                "gss_code": f"E99{n:06d}",
                "kind": Council.Kind.UNITARY,
                "region": regions[n % len(regions)],
            },
        )
        councils.append(council)
    return councils


def _open_round() -> Round:
    today = timezone.localdate()
    round = Round.objects.filter(opens_on__lte=today, closes_on__gte=today).first()
    if round is None:
        raise CommandError("No open round: run `seed_demo` (DEBUG=true) first.")
    return round


def _people(councils, officers: int, per_council: int, round: Round) -> dict:
    password = make_password(PASSWORD)  # hashed once: hashing 300 times takes minutes
    key_areas = sorted({s.key_area_id for s in assessed_statements(round.framework_id)})
    plan = {"officers": [], "councillors": []}
    for index, council in enumerate(councils):
        draft = _draft_assessment(council, round)
        approved = (
            Assessment.objects.filter(council=council, status=Assessment.Status.APPROVED)
            .exclude(round=round)
            .first()
        )
        for k in range(min(per_council, officers - index * per_council)):
            user = _member(council, Role.OFFICER, f"officer-{index + 1}-{k + 1}", password)
            # Officers of one council work on different key areas, as a team would share them.
            key_area = key_areas[k % len(key_areas)]
            plan["officers"].append(
                {"email": user.email, "session": _session(user), "assessment": draft.pk}
                | {"key_area": key_area}
            )
        user = _member(council, Role.COUNCILLOR, f"councillor-{index + 1}", password)
        report = approved.pk if approved else draft.pk
        plan["councillors"].append(
            {"email": user.email, "session": _session(user)} | {"report": report}
        )
    return plan


def _draft_assessment(council, round) -> Assessment:
    assessment, _ = Assessment.objects.get_or_create(council=council, round=round)
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.DRAFT, submitted_at=None, approved_at=None
    )
    return assessment


def _member(council, role, name: str, password: str) -> User:
    user, _ = User.objects.update_or_create(
        email=f"{name}@{DOMAIN}", defaults={"full_name": name, "password": password}
    )
    Membership.objects.get_or_create(user=user, council=council, defaults={"role": role})
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator app", defaults={"key": TOTP_KEY, "confirmed": True}
        )
    return user


def _session(user) -> str:
    """A signed-in (and, with two-factor sign-in, verified) session, as after a real sign-in:
    Locust starts from it so the measured minute is the deadline-day work, not password hashing."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "npsportal.backends.EmailPasswordBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if apps.is_installed("django_otp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.filter(user=user).first()
        if device:
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


if __name__ == "__main__":
    Command().run_from_argv(["python", "tests/load/seed_world.py", *sys.argv[1:]])
