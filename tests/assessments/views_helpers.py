"""Colleagues' views of statements, for the tests of giving views and agreeing levels; and
the drawing of a form through crispy-forms, which the lean field templates are held to."""

import datetime

from crispy_forms.utils import render_crispy_form
from django.urls import reverse
from django.utils import timezone

from assessments import selectors
from assessments.models import KeyAreaAssignment, StatementView
from npsportal.roles import Role
from tests.factories import member_of


def key_area_of(assessment, index=0):
    """The index-th key area of the assessment, with its statements."""
    return selectors.key_area_answers(assessment)[index]


def views_url(assessment, index=0) -> str:
    key_area = key_area_of(assessment, index).key_area
    return reverse("assessments:give_views", kwargs={"pk": assessment.pk, "key_area": key_area.pk})


def view_data(assessment, index=0, **per_field) -> dict:
    """POST data giving a view of each statement of the key area (per_field overrides)."""
    data = {}
    for statement in key_area_of(assessment, index).statements:
        prefix = f"s{statement.pk}-"
        data |= {prefix + "level": 2, prefix + "comment": "", prefix + "evidence": ""}
        data |= {prefix + name: value for name, value in per_field.items()}
    return data


def give(assessment, person, statement, level, comment="", evidence="") -> StatementView:
    """A view given directly (not through the page)."""
    return StatementView.objects.create(
        assessment=assessment,
        statement=statement,
        person=person,
        level=level,
        comment=comment,
        evidence=evidence,
    )


def contributor(council, assessment=None, key_area=None, **fields):
    """A contributor at the council, given the key area of the assessment when both are named."""
    person = member_of(council, Role.CONTRIBUTOR, **fields)
    if assessment is not None:
        KeyAreaAssignment.objects.create(
            assessment=assessment,
            key_area=key_area,
            assignee=person,
            due_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    return person


def text(response) -> str:
    return " ".join(response.content.decode().split())


def crispy_drawn(form) -> str:
    """The form's markup as crispy-forms draws it, its errors included when it is bound."""
    if form.is_bound:
        form.is_valid()
    return render_crispy_form(form)
