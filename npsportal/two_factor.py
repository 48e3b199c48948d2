"""Two-factor sign-in: authenticator app devices, recovery codes, and checking codes."""

import math
from base64 import b32encode
from dataclasses import dataclass
from urllib.parse import urlencode

import django_otp
import qrcode
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from npsportal.audit import record_event
from npsportal.rules import must_use_two_factor

APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# Recovery codes are shown once, between confirming the app and the recovery codes page.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


@dataclass(frozen=True)
class CodeCheck:
    """What checking a code found: the device that accepted it, or how long to wait."""

    device: object = None
    wait_seconds: int = 0


def app_device_of(user, *, confirmed: bool = True) -> TOTPDevice | None:
    """The user's authenticator app device, confirmed or still being set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def second_step_url(user, next_url: str) -> str | None:
    """The code or set-up page for someone who must use a second factor, then on to next_url."""
    if not must_use_two_factor.test(user):
        return None
    step = "two_factor_verify" if app_device_of(user) else "two_factor_set_up"
    return f"{reverse(step)}?{urlencode({'next': next_url})}"


def remaining_recovery_codes(user) -> int:
    """How many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_path(text: str) -> tuple[int, str]:
    """The size and SVG path of a QR code for the text: one unit square per dark module."""
    code = qrcode.QRCode(border=4)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    squares = (
        f"M{x} {y}h1v1h-1z" for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark
    )
    return len(matrix), "".join(squares)


@transaction.atomic
def start_set_up(*, user) -> TOTPDevice:
    """The unconfirmed authenticator app device being set up, created on first visit."""
    device = app_device_of(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _wait_seconds(device) -> int:
    allowed, details = device.verify_is_allowed()
    if allowed or not details or "locked_until" not in details:
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def confirm_set_up(*, request, device: TOTPDevice, code: str) -> CodeCheck:
    """Confirms the app with a code from it; the session is then verified."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    wait = _wait_seconds(device)
    if wait or not device.verify_token(_normalise(code)):
        record_event(action="auth.two_factor_failed", request=request, details={"step": "set_up"})
        return CodeCheck(wait_seconds=wait)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    django_otp.login(request, device)
    record_event(action="auth.two_factor_set_up", request=request)
    return CodeCheck(device=device)


@transaction.atomic
def new_recovery_codes(*, user) -> list[str]:
    """Replaces the user's recovery codes with ten new single-use ones."""
    replaced, _ = StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    # How many, and whether old ones stopped working; never the codes.
    details = {"count": len(codes), "replaced_old_codes": bool(replaced)}
    record_event(action="auth.recovery_codes_regenerated", actor=user, details=details)
    return codes


def _device_for(user, code: str):
    # Authenticator codes are six digits; recovery codes are eight letters and digits.
    if code.isdigit() and len(code) == 6:
        return TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    return StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()


@transaction.atomic
def check_code(*, request, code: str) -> CodeCheck:
    """Verifies the session with an app code or a recovery code; throttled after wrong codes."""
    user, code = request.user, _normalise(code)
    device = _device_for(user, code)
    wait = _wait_seconds(device) if device is not None else 0
    if device is None or wait or not device.verify_token(code):
        record_event(action="auth.two_factor_failed", request=request, details={"step": "sign_in"})
        return CodeCheck(wait_seconds=wait)
    django_otp.login(request, device)
    record_event(action="auth.two_factor_verified", request=request)
    if isinstance(device, StaticDevice):
        record_event(
            action="auth.recovery_code_used",
            request=request,
            details={"remaining": remaining_recovery_codes(user)},
        )
    return CodeCheck(device=device)
