"""Councils know statements by name: no page or report they see shows a bare statement code."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Action, Descriptor, Level, Statement
from tests.assessments.factories import (
    AssessmentFactory,
    FrameworkFactory,
    KeyAreaFactory,
    RoundFactory,
    ThemeFactory,
)
from tests.assessments.test_reports import pdf_text

pytestmark = pytest.mark.django_db
# The framework's codes, as the NPS matrix writes them.
CODE = re.compile(r"\b[A-Z]{2}\d\b")


class _VisibleText(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def statement(key_area, code, text=""):
    made = Statement.objects.create(key_area=key_area, code=code, text=text, order=int(code[-1]))
    for level in Level:
        Descriptor.objects.create(statement=made, level=level, text=f"What {level.label} means.")
    return made


@pytest.fixture
def assessment(world):
    """A framework coded as the NPS matrix is: one key area of one statement, one of two."""
    framework = FrameworkFactory()
    theme = ThemeFactory(framework=framework, name="Showing leadership")
    councillors = KeyAreaFactory(theme=theme, name="Engaging councillors", order=1)
    contracts = KeyAreaFactory(theme=theme, name="Managing contracts", order=2)
    statement(councillors, "SL1")
    statement(contracts, "BC2", "Contracts are managed for what they deliver")
    statement(contracts, "BC3", "Suppliers are partners in improvement")
    round = RoundFactory(framework=framework)
    return AssessmentFactory(council=world.own, round=round, created_by=world.users["officer"])


def url(name, assessment, *args):
    return reverse(f"assessments:{name}", args=[assessment.pk, *args])


def ratings(assessment, key_area, level, action=False):
    data = {"continue": "1"}
    for item in key_area.statements.all():
        answer = assessment.answers.filter(statement=item).first()
        prefix = f"s{item.pk}-"
        data |= {prefix + "version": answer.version if answer else 0}
        if level:
            data |= {prefix + "current_level": level, prefix + "target_level": 5}
        if action:
            due = timezone.localdate() + datetime.timedelta(days=60)
            data |= {
                prefix + "action_what": "Brief the cabinet",
                prefix + "action_owner": "Head of procurement",
                prefix + "action_due_on_0": due.day,
                prefix + "action_due_on_1": due.month,
                prefix + "action_due_on_2": due.year,
            }
    return data


def assert_no_codes(text, where):
    found = CODE.findall(text)
    assert not found, f"{where} shows the statement codes {found}"


def test_no_page_or_report_a_council_sees_shows_a_bare_statement_code(
    world, client_as, assessment, tmp_path
):
    officer = client_as(world.users["officer"])
    key_areas = list(assessment.round.framework.themes.get().key_areas.order_by("order"))
    pages = {}
    for key_area in key_areas:
        page = url("key_area", assessment, key_area.pk)
        pages[f"{key_area} form"] = officer.get(page)
        pages[f"{key_area} errors"] = officer.post(page, ratings(assessment, key_area, None))
        officer.post(page, ratings(assessment, key_area, 3, action=True))
        # A second save over an old version: the page that says someone else saved first.
        stale = ratings(assessment, key_area, 4)
        stale = {k: (0 if k.endswith("version") else v) for k, v in stale.items()}
        pages[f"{key_area} conflict"] = officer.post(page, stale)
    action = Action.objects.filter(answer__assessment=assessment).first()
    pages["change action"] = officer.get(url("action_change", assessment, action.pk))
    pages["remove action"] = officer.get(url("action_remove", assessment, action.pk))
    pages["task list"] = officer.get(url("assessment_detail", assessment))
    pages["check answers"] = officer.get(url("check_answers", assessment))
    officer.post(url("check_answers", assessment), {"declaration": "on"})
    pages["activity"] = officer.get(url("activity", assessment))
    lead = client_as(world.users["lead"])
    pages["sign-off"] = lead.get(url("sign_off", assessment))
    lead.post(url("sign_off", assessment), {"decision": "approve"})
    councillor = client_as(world.users["councillor"])
    pages["dashboard"] = councillor.get(reverse("assessments:dashboard"))
    pages["activity, councillor"] = councillor.get(url("activity", assessment))
    report = councillor.get(url("assessment_report", assessment))

    for where, response in pages.items():
        assert response.status_code == 200, where
        assert_no_codes(visible_text(response), where)
    assert_no_codes(pdf_text(report.content, tmp_path), "the councillors' report")
    answers = visible_text(pages["check answers"])
    assert "Engaging councillors" in answers
    assert "Contracts are managed for what they deliver" in answers
    assert "Select the current level for Suppliers are partners in improvement" in (
        visible_text(pages["Managing contracts errors"])
    )
    conflict = visible_text(pages["Engaging councillors conflict"])
    assert "Someone else saved this key area" in conflict


def test_a_statement_is_named_by_its_principle_else_by_its_key_area(assessment):
    named = Statement.objects.get(code="BC2")
    unnamed = Statement.objects.get(code="SL1")
    assert named.label == "Contracts are managed for what they deliver"
    assert unnamed.label == "Engaging councillors"
