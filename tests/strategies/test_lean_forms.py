"""The respond pages' forms draw exactly what crispy-forms-gds and Django's widgets drew."""

import pytest
from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    ConditionalRadios,
    Div,
    Field,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.template import Context, Template

from strategies import lean_forms
from strategies.forms import (
    MAX_ANSWER,
    SAVE_AND_RETURN,
    AboutYouForm,
    PublicationForm,
    QuestionForm,
    RevealedBy,
    Type,
)
from strategies.models import Question
from tests.factories import CouncilFactory
from tests.strategies.factories import ChoiceQuestionFactory, QuestionFactory

pytestmark = pytest.mark.django_db
CRISPY = Template("{% load crispy_forms_tags %}{% crispy form %}")
LEAN = Template('{% include "strategies/forms/_lean_form.html" with fields=form.drawn %}')


def crispy_layout(form):
    """The layout the respond pages drew through crispy-forms-gds before they drew lean."""
    if isinstance(form, PublicationForm):
        field = Field.radios("publication", legend_size=Size.LARGE, legend_tag="h1")
    elif form.question.kind == Question.Kind.CHOICE:
        field = Field.radios("answer", legend_size=Size.LARGE, legend_tag="h1")
    else:
        field = Field.textarea(
            "answer", label_size=Size.LARGE, label_tag="h1", max_characters=MAX_ANSWER
        )
    buttons = [Button("continue", "Continue")]
    if form.signed_in:
        buttons.append(Button.secondary(SAVE_AND_RETURN, "Save and come back later"))
    return Layout(field, Div(*buttons, css_class="govuk-button-group"))


def both_drawings(form):
    if form.is_bound:
        form.is_valid()
    context = {"form": form, "csrf_token": "a-token"}
    lean = LEAN.render(Context(context))
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.layout = crispy_layout(form)
    return lean, CRISPY.render(Context(context))


QUESTIONS = {
    "text": {"text": "What <should> change?", "hint": ""},
    "text with a hint": {"text": "Anything else?", "hint": "Say <why> & how", "is_required": False},
    "choice": {"text": "Do you agree?", "hint": ""},
    "choice with a hint": {"text": "Do you agree?", "hint": "Pick <one>"},
}
ANSWERS = {
    "nothing yet": None,
    "left empty": {"answer": ""},
    "an answer": {"answer": "Agree"},
    "a typed answer with markup": {"answer": 'It\'s <b>"fine"</b> & more\nline two'},
    "too long": {"answer": "x" * (MAX_ANSWER + 1)},
    "not a choice": {"answer": "Perhaps"},
}


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("answer", ANSWERS)
@pytest.mark.parametrize("kind", QUESTIONS)
def test_a_question_draws_as_crispy_forms_gds_drew_it(kind, answer, signed_in):
    factory = ChoiceQuestionFactory if kind.startswith("choice") else QuestionFactory
    question = factory(**QUESTIONS[kind])
    data = ANSWERS[answer]
    form = QuestionForm(data, question=question, signed_in=signed_in)
    if data is None:
        form = QuestionForm(initial={"answer": "Agree"}, question=question, signed_in=signed_in)

    lean, crispy = both_drawings(form)

    assert lean == crispy


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("data", [None, {}, {"publication": "anonymous"}, {"publication": "x"}])
def test_the_publication_question_draws_as_crispy_forms_gds_drew_it(data, signed_in):
    form = PublicationForm(data, signed_in=signed_in)

    lean, crispy = both_drawings(form)

    assert lean == crispy


def buttons(signed_in):
    found = [Button("continue", "Continue")]
    if signed_in:
        found.append(Button.secondary(SAVE_AND_RETURN, "Save and come back later"))
    return Div(*found, css_class="govuk-button-group")


def crispy_about_you_layout(signed_in):
    """The about you page's layout before its text inputs and select were drawn lean."""
    return Layout(
        Field.text("name", field_width=Fluid.TWO_THIRDS),
        Field.text("email", field_width=Fluid.TWO_THIRDS),
        ConditionalRadios(
            "respondent_type",
            RevealedBy(Type.INDIVIDUAL.label),
            RevealedBy(Type.COUNCIL.label, Field.select("council")),
            RevealedBy(Type.SUPPLIER.label, Field.text("supplier_name")),
            RevealedBy(Type.OTHER_BODY.label, Field.text("organisation_name")),
        ),
        Div("website", css_class="app-honeypot"),
        buttons(signed_in),
    )


@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"name": "x" * 300, "email": "nope", "respondent_type": "council"},
        {"name": 'Pat "P" <b>', "email": "p@example.org", "respondent_type": "supplier"},
        {"respondent_type": "other_body", "organisation_name": "A & B", "council": "999"},
        {"name": "Pat", "email": "p@example.org", "respondent_type": "council", "council": "?"},
    ],
)
def test_the_about_you_page_draws_as_crispy_forms_gds_drew_it(data, signed_in):
    councils = [CouncilFactory(name="Bolton & Bury"), CouncilFactory(name="O'Hare <x>")]
    if data and data.get("council") == "?":
        data = {**data, "council": str(councils[1].pk)}
    form = AboutYouForm(data, signed_in=signed_in)
    if form.is_bound:
        form.is_valid()
    lean = render_crispy_form(form)

    form.fields["council"].widget = forms.Select(choices=form.fields["council"].choices)
    form.helper.layout = crispy_about_you_layout(signed_in)

    assert lean == render_crispy_form(form)


CHOICES = [("", "Select a <council>"), (1, "A & B"), ('x"y', "Q's"), (3, "Three")]


@pytest.mark.parametrize("value", [None, "", 1, "1", 'x"y', 3, "not one"])
@pytest.mark.parametrize(
    "attrs", [None, {"class": "govuk-select", "aria-invalid": "true", "a": True, "b": False}]
)
def test_the_lean_select_draws_what_djangos_select_draws(value, attrs):
    lean = lean_forms.Select(choices=CHOICES).render("council", value, attrs)

    assert lean == forms.Select(choices=CHOICES).render("council", value, attrs)
