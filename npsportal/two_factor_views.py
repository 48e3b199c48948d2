"""Pages of two-factor sign-in: confirm a code, set up an authenticator app, recovery codes."""

from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView

from npsportal import two_factor

WRONG_CODE = "Enter the code shown in your authenticator app now, or one of your recovery codes"
WRONG_SET_UP_CODE = "Enter the code shown in your authenticator app now"
TOO_MANY = "You have entered too many wrong codes. Wait {seconds} seconds, then try again"


class CodeForm(forms.Form):
    """One code: from the authenticator app, or (when signing in) a recovery code."""

    code = forms.CharField(
        label="Enter the code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, hint: str = "", button: str = "Continue", heading=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.helper = FormHelper()
        self.helper.form_tag = False
        # On the sign-in step the question is the page's heading; on set-up it is step 3.
        label = {"label_size": "l", "label_tag": "h1"} if heading else {"label_size": "m"}
        self.helper.layout = Layout(
            Field.text("code", field_width=Fixed.TEN, **label), Button("submit", button)
        )


def _next_url(request) -> str:
    """Where to go after the code: `next` when it is on this site, otherwise the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _code_error(form, check, wrong_code: str) -> None:
    too_many = TOO_MANY.format(seconds=check.wait_seconds) if check.wait_seconds else ""
    form.add_error("code", too_many or wrong_code)


class TwoFactorVerifyView(FormView):
    """The second sign-in step: a code from the app, or a recovery code."""

    template_name = "registration/two_factor_verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(_next_url(request))
        if two_factor.app_device_of(request.user) is None:
            return redirect(_with_next("two_factor_set_up", _next_url(request)))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        hint = "It is 6 digits. If you cannot use the app, enter one of your recovery codes."
        return super().get_form_kwargs() | {"hint": hint, "heading": True}

    def form_valid(self, form):
        check = two_factor.check_code(request=self.request, code=form.cleaned_data["code"])
        if check.device is None:
            _code_error(form, check, WRONG_CODE)
            return self.form_invalid(form)
        return redirect(_next_url(self.request))

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"next": _next_url(self.request)}


class TwoFactorSetUpView(FormView):
    """Sets up an authenticator app: scan the QR code, confirm with a code from the app."""

    template_name = "registration/two_factor_set_up.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        # Replacing a confirmed app would let a stolen password skip the second factor.
        if two_factor.app_device_of(request.user) is not None:
            return redirect(_with_next("two_factor_verify", _next_url(request)))
        self.device = two_factor.start_set_up(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"hint": "It is 6 digits.", "button": "Confirm"}

    def form_valid(self, form):
        code = form.cleaned_data["code"]
        check = two_factor.confirm_set_up(request=self.request, device=self.device, code=code)
        if check.device is None:
            _code_error(form, check, WRONG_SET_UP_CODE)
            return self.form_invalid(form)
        codes = two_factor.new_recovery_codes(user=self.request.user)
        self.request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
        return redirect(_with_next("two_factor_recovery_codes", _next_url(self.request)))

    def get_context_data(self, **kwargs):
        size, path = two_factor.qr_code_path(self.device.config_url)
        return super().get_context_data(**kwargs) | {
            "qr_size": size,
            "qr_path": path,
            "secret": two_factor.secret_for_manual_entry(self.device),
            "next": _next_url(self.request),
        }


class RecoveryCodesView(View):
    """New recovery codes, shown once; a button replaces them all."""

    def get(self, request):
        context = {
            "codes": request.session.pop(two_factor.NEW_CODES_SESSION_KEY, None),
            "remaining": two_factor.remaining_recovery_codes(request.user),
            "next": _next_url(request),
        }
        return render(request, "registration/two_factor_recovery_codes.html", context)

    def post(self, request):
        codes = two_factor.new_recovery_codes(user=request.user)
        request.session[two_factor.NEW_CODES_SESSION_KEY] = codes
        messages.success(request, "Your old recovery codes no longer work")
        return redirect("two_factor_recovery_codes")
