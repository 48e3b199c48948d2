"""A signed-in person's own API access tokens: listed, created (shown once) and revoked."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import FormView, TemplateView, View

from npsportal.tokens import selectors, services
from npsportal.tokens.forms import TokenForm

# The new token's text waits here between the form and the page that shows it, and is
# removed as that page is made: a reload shows it no more.
NEW_TOKEN_SESSION_KEY = "new_api_token"  # nosec B105 # a session key's name, not a secret


class TokenListView(TemplateView):
    """The person's tokens: name, first characters, dates and state."""

    template_name = "npsportal/tokens/list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=selectors.token_rows(self.request.user), **kwargs)


class TokenCreateView(FormView):
    """Names a new token and chooses how long it works; the next page shows it once."""

    form_class = TokenForm
    template_name = "npsportal/tokens/create.html"

    def form_valid(self, form):
        token, key = services.create_token(user=self.request.user, **form.cleaned_data)
        self.request.session[NEW_TOKEN_SESSION_KEY] = {"pk": token.pk, "key": key}
        return redirect("tokens:created")


class TokenCreatedView(View):
    """The new token, shown this once; afterwards only its first characters are."""

    def get(self, request):
        new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        if new is None:
            messages.info(request, "A token is shown only once, just after it is created")
            return redirect("tokens:list")
        token = get_object_or_404(selectors.tokens_of(request.user), pk=new["pk"])
        return render(request, "npsportal/tokens/created.html", {"token": token, "key": new["key"]})


class TokenRevokeView(View):
    """Asks to confirm, then stops one of the person's own tokens working."""

    def _token(self, request, pk):
        return get_object_or_404(selectors.tokens_of(request.user), pk=pk, revoked_at=None)

    def get(self, request, pk):
        token = self._token(request, pk)
        return render(request, "npsportal/tokens/revoke.html", {"token": token})

    def post(self, request, pk):
        token = self._token(request, pk)
        services.revoke_token(token=token, by=request.user)
        messages.success(request, f"{token.name} has been revoked and no longer works")
        return redirect("tokens:list")
