"""Responding to a consultation: about you, one page per question, publication, check your
answers, confirmation. Anyone may respond; the answers so far live in the session."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from npsportal.audit import client_ip
from npsportal.formatting import govuk_deadline
from npsportal.models import Council
from strategies import (
    change_links,
    deadlines,
    respond_reads,
    response_draft,
    selectors,
    sent_responses,
    services,
)
from strategies.forms import (
    SAVE_AND_RETURN,
    AboutYouForm,
    PublicationForm,
    QuestionForm,
)
from strategies.models import Consultation, ConsultationResponse
from strategies.sent_response_forms import ChangeResponseForm

State = Consultation.State
REFUSALS = {
    # reason: HTTP status
    State.DRAFT: 404,
    State.FORTHCOMING: 403,
    State.CLOSED: 410,
    State.OUTCOME_PUBLISHED: 410,
    "not_open": 410,
    "rate_limited": 429,
    "duplicate": 409,
    "spam": 400,
}


def refuse(request, consultation, reason: str):
    """A clear page saying why a response cannot be taken, with a fitting status."""
    status = REFUSALS[reason]
    if status == 404:
        raise Http404
    context = {"consultation": consultation, "reason": reason}
    return render(request, "strategies/respond_refused.html", context, status=status)


def _sent_key(consultation) -> str:
    return f"strategies:sent:{consultation.pk}"


def _receipt_key(consultation) -> str:
    return f"strategies:receipt:{consultation.pk}"


@method_decorator(login_not_required, name="dispatch")
class RespondMixin:
    """Loads the consultation and the answers so far; refuses unless the consultation is open."""

    # Only the final submission may arrive after the close (see docs/decisions/0002).
    accepts_late_post = False
    # Pages whose services read consultation.questions again get them from one query.
    questions_read_again = False

    def dispatch(self, request, *args, **kwargs):
        visible = selectors.consultations_visible_to(request.user)
        self.consultation = get_object_or_404(visible, slug=kwargs["slug"])
        state = self.consultation.state
        late_post = self.accepts_late_post and request.method == "POST"
        if state != State.OPEN and not (late_post and state != State.DRAFT):
            return refuse(request, self.consultation, state)
        if self.questions_read_again:
            prefetch_related_objects([self.consultation], "questions")
            self.questions = list(self.consultation.questions.all())
        else:
            self.questions = respond_reads.questions_of(self.consultation)
        self.draft = response_draft.load(request, self.consultation)
        self.prepare()
        return super().dispatch(request, *args, **kwargs)

    def prepare(self):
        """Reads what the page needs from the URL; pages override it."""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"signed_in": self.request.user.is_authenticated}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["consultation"] = self.consultation
        context["back_url"] = self.back_url()
        return context

    def step(self) -> int:
        """Where this page is in the journey: 0 about you, 1 to n the questions, then
        publication (n + 1) and check your answers (n + 2)."""
        raise NotImplementedError

    def step_url(self, step: int) -> str:
        # One address worked out per page, not the whole journey's: every page asks.
        slug, count = self.consultation.slug, len(self.questions)
        if step == 0:
            return reverse("strategies:respond_about", args=[slug])
        if step <= count:
            return reverse("strategies:respond_question", args=[slug, step])
        if step == count + 1:
            return reverse("strategies:respond_publication", args=[slug])
        return reverse("strategies:respond_check", args=[slug])

    def step_urls(self) -> list[str]:
        return [self.step_url(step) for step in range(len(self.questions) + 3)]

    def back_url(self) -> str:
        if self.step() > 0:
            return self.step_url(self.step() - 1)
        return reverse("strategies:consultation_detail", args=[self.consultation.slug])

    def keep(self, **changes):
        """Saves the answers so far and goes on: to the next page, back to check your answers
        after a change, or to the consultation page when a signed-in respondent saves."""
        self.draft.update(changes)
        response_draft.save(self.request, self.consultation, self.draft)
        if SAVE_AND_RETURN in self.request.POST and self.request.user.is_authenticated:
            closes = govuk_deadline(self.consultation.closes_at)
            messages.success(
                self.request, f"Your answers are saved. You can come back until {closes}."
            )
            return redirect("strategies:consultation_detail", self.consultation.slug)
        if self.request.GET.get("change"):
            return redirect(self.step_url(len(self.questions) + 2))
        return redirect(self.step_url(self.step() + 1))


class AboutYouView(RespondMixin, FormView):
    template_name = "strategies/respond_about.html"
    form_class = AboutYouForm

    def step(self):
        return 0

    def get_initial(self):
        return AboutYouForm.initial_from(self.draft["about"])

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_spam():
            return refuse(request, self.consultation, "spam")
        if not form.is_valid():
            return self.form_invalid(form)
        return self.keep(about=form.stored())


class QuestionView(RespondMixin, FormView):
    template_name = "strategies/respond_question.html"

    def prepare(self):
        number = self.kwargs["number"]
        if not 1 <= number <= len(self.questions):
            raise Http404
        self.question = self.questions[number - 1]

    def step(self):
        return self.kwargs["number"]

    def get_form(self, form_class=None):
        return QuestionForm(question=self.question, **self.get_form_kwargs())

    def get_initial(self):
        return {"answer": self.draft["answers"].get(str(self.question.pk), "")}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["number"] = self.kwargs["number"]
        context["count"] = len(self.questions)
        return context

    def form_valid(self, form):
        answers = {**self.draft["answers"], str(self.question.pk): form.cleaned_data["answer"]}
        return self.keep(answers=answers)


class PublicationView(RespondMixin, FormView):
    template_name = "strategies/respond_publication.html"
    form_class = PublicationForm

    def step(self):
        return len(self.questions) + 1

    def get_initial(self):
        return {"publication": self.draft["publication"]}

    def form_valid(self, form):
        return self.keep(publication=form.cleaned_data["publication"])


def already_sent(request, consultation):
    """The reference of the response this browser just sent, when it has not started another."""
    if response_draft.has_answers(response_draft.load(request, consultation)):
        return None
    reference = request.session.get(_sent_key(consultation))
    if not reference:
        return None
    context = {"consultation": consultation, "reference": reference}
    return render(request, "strategies/respond_already_sent.html", context)


# Never cached, so Back after sending asks again and hears that the response has gone.
@method_decorator(never_cache, name="dispatch")
class CheckAnswersView(RespondMixin, View):
    accepts_late_post = True
    questions_read_again = True  # what is missing, and the save

    def step(self):
        return len(self.questions) + 2

    def first_missing(self) -> str | None:
        return response_draft.first_unanswered(self.consultation, self.draft)

    def answers(self) -> dict:
        return {str(q.pk): self.draft["answers"].get(str(q.pk), "") for q in self.questions}

    def get(self, request, *args, **kwargs):
        missing = self.first_missing()
        if missing:
            return already_sent(request, self.consultation) or redirect(missing)
        about = self.draft["about"]
        digest = services.response_digest(
            consultation_id=self.consultation.pk, email=about["email"], answers=self.answers()
        )
        token = deadlines.check_token(
            consultation_id=self.consultation.pk, digest=digest, at=timezone.now()
        )
        return render(request, "strategies/respond_check.html", self.summary(token))

    def summary(self, token: str) -> dict:
        about = self.draft["about"]
        # Change links come back here once the answer is changed.
        urls = [f"{u}?change=1" for u in self.step_urls()]
        council = about.get("council") and Council.objects.filter(pk=about["council"]).first()
        kind = ConsultationResponse.RespondentType(about["respondent_type"])
        on_behalf = council.name if council else about.get("organisation_name", "")
        rows = [
            ("Name", about["name"], urls[0]),
            ("Email address", about["email"], urls[0]),
            ("Responding as", f"{kind.label}{': ' if on_behalf else ''}{on_behalf}", urls[0]),
        ]
        answers = self.answers()
        for n, question in enumerate(self.questions, start=1):
            rows.append((question.text, answers[str(question.pk)] or "Not answered", urls[n]))
        publication = ConsultationResponse.Publication(self.draft["publication"]).label
        rows.append(("Publication", publication, urls[-2]))
        return {
            "consultation": self.consultation,
            "rows": rows,
            "token": token,
            "back_url": self.back_url(),
        }

    def post(self, request, *args, **kwargs):
        if self.first_missing():
            return already_sent(request, self.consultation) or redirect(self.first_missing())
        try:
            response = services.submit_response(
                consultation=self.consultation,
                details={**self.draft["about"], "publication": self.draft["publication"]},
                answers=self.answers(),
                received_at=timezone.now(),
                check_token=request.POST.get("checked", ""),
                user=request.user,
                ip_address=client_ip(request),
            )
        except services.ResponseRefused as refusal:
            return refuse(request, self.consultation, refusal.reason)
        response_draft.forget(request, self.consultation)
        request.session[_sent_key(self.consultation)] = response.reference
        request.session[_receipt_key(self.consultation)] = response.receipt_queued
        return redirect("strategies:respond_confirmation", self.consultation.slug)


@login_not_required
def confirmation(request, slug):
    """The reference of the response just sent, from the session (so only its sender sees it)."""
    consultation = get_object_or_404(selectors.consultations_visible_to(request.user), slug=slug)
    reference = request.session.get(_sent_key(consultation))
    if not reference:
        return redirect("strategies:consultation_detail", slug)
    context = {
        "consultation": consultation,
        "reference": reference,
        "receipt": request.session.get(_receipt_key(consultation), True),
    }
    return render(request, "strategies/respond_confirmation.html", context)


# Changing a sent response before the close: signed in, or through the link in the receipt.


@method_decorator(never_cache, name="dispatch")
class ChangeResponseMixin(FormView):
    """The response form pre-filled; saved answers replace the old ones (kept in history)."""

    template_name = "strategies/respond_change.html"
    form_class = ChangeResponseForm

    def dispatch(self, request, *args, **kwargs):
        visible = selectors.consultations_visible_to(request.user)
        self.consultation = get_object_or_404(visible, slug=kwargs["slug"])
        # Who may is checked before when: a wrong link learns nothing about any response.
        self.response = self.find_response()
        if not sent_responses.may_change(consultation=self.consultation, at=timezone.now()):
            context = {"consultation": self.consultation}
            return render(request, "strategies/respond_change_closed.html", context, status=410)
        return super().dispatch(request, *args, **kwargs)

    def find_response(self) -> ConsultationResponse:
        raise NotImplementedError

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"questions": self.consultation.questions.all()}

    def get_initial(self):
        initial = ChangeResponseForm.initial_answers(self.response)
        return initial | {"publication": self.response.publication}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        back = reverse("strategies:consultation_detail", args=[self.consultation.slug])
        return (
            context
            | {"consultation": self.consultation, "response": self.response}
            | {"back_url": back}
        )

    def form_valid(self, form):
        try:
            changed = sent_responses.change_response(
                response=self.response,
                answers=form.answers(),
                publication=form.cleaned_data["publication"],
                at=timezone.now(),
            )
        except services.DuplicateResponse:
            form.add_error(
                form.first_answer_name(),
                "You have already sent another response with exactly these answers. "
                "Change an answer, or keep this response as it was",
            )
            return self.form_invalid(form)
        except services.ConsultationNotOpen:
            context = {"consultation": self.consultation}
            return render(
                self.request, "strategies/respond_change_closed.html", context, status=410
            )
        reference = self.response.reference
        if changed:
            messages.success(
                self.request,
                f"Your response {reference} is changed. We have emailed you a new receipt.",
            )
        else:
            messages.info(self.request, f"You did not change anything in response {reference}.")
        return redirect("strategies:consultation_detail", self.consultation.slug)


class SignedInChangeResponseView(ChangeResponseMixin):
    """The signed-in sender changes their response, from the consultation page."""

    def find_response(self):
        response = get_object_or_404(
            self.consultation.responses, reference=self.kwargs["reference"]
        )
        if not self.request.user.has_perm("strategies.change_response", response):
            raise Http404
        return response


@method_decorator(login_not_required, name="dispatch")
class LinkChangeResponseView(ChangeResponseMixin):
    """Anyone holding the signed link from the receipt changes that one response."""

    def find_response(self):
        reference = change_links.reference_from(self.kwargs["token"])
        if not reference:
            raise Http404
        return get_object_or_404(self.consultation.responses, reference=reference)
