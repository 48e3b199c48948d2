"""Stored XSS: payloads saved through the forms and services are shown inert on every page
that shows them, staff pages and exports included (exports also refuse formulas)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from assessments.models import Action, Answer, Assessment
from casestudies import services as casestudy_services
from casestudies.models import CaseStudyLink, Reply
from strategies.models import ConsultationResponse
from tests.assessments.factories import rate_all
from tests.casestudies.factories import CaseStudyFactory
from tests.security.inert import BAD_LINK, FORMULA, PAYLOADS, assert_inert, assert_no_formula
from tests.security.objects import PDF, council_work
from tests.strategies import factories as s

TEXT = "\n".join(PAYLOADS)
SHORT = PAYLOADS[1]  # fits the shortest free-text fields
YEAR = str(timezone.localdate().year + 2)


def pages(client, urls, shown=None):
    """Opens each URL, checks it answers 200 and shows nothing live; `shown` must be on one."""
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert_inert(html, url)
        bodies.append(html)
    if shown is not None:
        assert any(escape(shown) in html for html in bodies), f"{shown!r} is not shown escaped"


def key_area_post(work, **fields):
    prefix = f"s{work.answer.statement.pk}-"
    data = {f"{prefix}version": work.answer.version, f"{prefix}current_level": "2", "later": "1"}
    return data | {f"{prefix}{name}": value for name, value in fields.items()}


def assessment_pages(work):
    pk = work.assessment.pk
    return [
        reverse("assessments:key_area", kwargs=work.kwargs("pk", "key_area")),
        reverse("assessments:assessment_detail", args=[pk]),
        reverse("assessments:check_answers", args=[pk]),
        reverse("assessments:activity", args=[pk]),
    ]


def test_evidence_actions_and_file_names_are_shown_inert(world, client_as):
    work = council_work(world.own, "OWN")
    client = client_as(world.users["officer"])
    upload = SimpleUploadedFile(f"{SHORT}.pdf", PDF, content_type="application/pdf")
    data = key_area_post(
        work,
        evidence_text=TEXT,
        upload=upload,
        action_what=TEXT,
        action_owner=SHORT,
        **{f"action_due_on_{i}": v for i, v in enumerate(["1", "1", YEAR])},
    )
    saved = client.post(assessment_pages(work)[0], data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Answer.objects.get(pk=work.answer.pk).evidence_text == TEXT.replace("\n", "\r\n") or TEXT
    action = Action.objects.get(what=TEXT)
    evidence = work.answer.evidence_files.exclude(pk=work.evidence.pk).get()
    urls = assessment_pages(work) + [
        reverse("assessments:action_change", args=[work.assessment.pk, action.pk]),
        reverse("assessments:action_remove", args=[work.assessment.pk, action.pk]),
        reverse("assessments:evidence_remove", args=[work.assessment.pk, evidence.pk]),
    ]
    pages(client, urls, shown=SHORT)
    download = client.get(
        reverse("assessments:evidence_download", args=[work.assessment.pk, evidence.pk])
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert "\n" not in download["Content-Disposition"]


def test_a_javascript_link_is_refused_and_its_error_shown_inert(world, client_as):
    work = council_work(world.own, "OWN")
    client = client_as(world.users["officer"])
    url = assessment_pages(work)[0]
    for link in (BAD_LINK, " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>"):
        refused = client.post(url, key_area_post(work, evidence_links=link))
        assert refused.status_code == 200
        assert_inert(refused.content.decode(), link)
        assert "javascript" not in Answer.objects.get(pk=work.answer.pk).evidence_links.lower()


def test_an_action_changed_to_payloads_is_shown_inert(world, client_as):
    work = council_work(world.own, "OWN")
    client = client_as(world.users["officer"])
    url = reverse("assessments:action_change", kwargs=work.kwargs("pk", "action"))
    data = {"what": TEXT, "owner": SHORT, "status": "in_progress"}
    data |= {f"due_on_{i}": v for i, v in enumerate(["1", "1", YEAR])}
    assert client.post(url, data).status_code == 302
    pages(client, assessment_pages(work) + [url], shown=SHORT)


def test_a_return_comment_is_shown_inert_to_officers(world, client_as):
    work = council_work(world.own, "OWN", status="submitted")
    rate_all(work.assessment)
    lead = client_as(world.users["lead"])
    url = reverse("assessments:sign_off", args=[work.assessment.pk])
    assert lead.post(url, {"decision": "return", "comment": TEXT}).status_code == 302
    assert Assessment.objects.get(pk=work.assessment.pk).status == "returned"
    pages(client_as(world.users["officer"]), assessment_pages(work), shown=SHORT)


def test_a_dashboard_shows_action_payloads_inert(world, client_as):
    work = council_work(world.own, "OWN", status="approved")
    rate_all(work.assessment)
    Action.objects.filter(pk=work.action.pk).update(what=TEXT, owner=SHORT)
    pages(client_as(world.users["councillor"]), [reverse("assessments:dashboard")])


def test_a_reply_and_its_authors_name_are_shown_inert_everywhere(world, client_as):
    case_study = CaseStudyFactory()
    officer = world.users["officer"]
    type(officer).objects.filter(pk=officer.pk).update(full_name=SHORT)
    client = client_as(officer)
    posted = client.post(
        reverse("casestudies:reply_create", args=[case_study.slug]), {"body": TEXT}
    )
    assert posted.status_code == 302
    detail = reverse("casestudies:case_study_detail", args=[case_study.slug])
    pages(client, [detail], shown=SHORT)
    staff = client_as(world.users["lga_staff"])
    pages(staff, [reverse("casestudies:reply_moderation")], shown=SHORT)
    reply = Reply.objects.get()
    staff.post(reverse("casestudies:reply_moderate", args=[reply.pk, "approve"]))
    pages(client_as(None), [detail], shown=SHORT)


MARKDOWN = "\n\n".join(
    [
        *PAYLOADS,
        f"[click me]({BAD_LINK})",
        "[click](JaVaScRiPt:alert(1))",
        "<a href='javascript:alert(1)'>raw</a>",
        '<img src=x onerror="alert(1)">',
        "![img](javascript:alert(1))",
        "<div style='background:url(javascript:alert(1))' onclick='alert(1)'>styled</div>",
    ]
)


def test_case_study_markdown_saved_through_the_services_is_shown_inert(world, client_as):
    case_study = CaseStudyFactory(status="draft", title=SHORT, summary=SHORT)
    for field in ("background", "what_they_did", "what_they_learned", "partners"):
        setattr(case_study, field, MARKDOWN)
    case_study.contact_name = SHORT
    casestudy_services.save_case_study(case_study=case_study, by=world.users["lga_staff"])
    staff = client_as(world.users["lga_staff"])
    slug = case_study.slug
    pages(
        staff,
        [
            reverse("casestudies:case_study_preview", args=[slug]),
            reverse("casestudies:case_study_revisions", args=[slug]),
            reverse("casestudies:staff_list"),
        ],
        shown=SHORT,
    )
    casestudy_services.publish_case_study(case_study=case_study, by=world.users["lga_staff"])
    visitor = client_as(None)
    list_url = reverse("casestudies:case_study_list")
    pages(visitor, [reverse("casestudies:case_study_detail", args=[slug]), list_url], shown=SHORT)
    pages(visitor, [f"{list_url}?q={SHORT}"])


def test_a_case_study_link_must_be_a_web_address(world):
    link = CaseStudyLink(case_study=CaseStudyFactory(), title="x", url=BAD_LINK)
    with pytest.raises(ValidationError):
        link.full_clean()


@pytest.fixture
def consultation():
    consultation = s.ConsultationFactory()
    s.QuestionFactory(consultation=consultation, order=1)
    return consultation


def respond(client, consultation, about, answer):
    def url(name, *args):
        return reverse(f"strategies:{name}", args=[consultation.slug, *args])

    assert client.post(url("respond_about"), about).status_code == 302
    assert client.post(url("respond_question", 1), {"answer": answer}).status_code == 302
    assert client.post(url("respond_publication"), {"publication": "with_name"}).status_code == 302
    pages(client, [url("respond_check")], shown=SHORT)
    assert client.post(url("respond_check")).status_code == 302
    pages(client, [url("respond_confirmation")])


def test_consultation_responses_are_shown_inert_to_staff_and_exports_hold_no_formula(
    world, client_as, consultation
):
    about = {"name": SHORT, "email": "pat@example.org", "respondent_type": "other_body"}
    respond(client_as(None), consultation, about | {"organisation_name": FORMULA}, TEXT)
    about = {"name": FORMULA, "email": "sam@example.org", "respondent_type": "supplier"}
    respond(client_as(None), consultation, about | {"organisation_name": SHORT}, FORMULA)
    staff = client_as(world.users["lga_staff"])
    slug = consultation.slug
    references = ConsultationResponse.objects.values_list("reference", flat=True)
    pages(
        staff,
        [reverse("strategies:response_list", args=[slug])]
        + [reverse("strategies:response_detail", args=[slug, ref]) for ref in references]
        + [reverse("strategies:response_maturity", args=[slug])],
        shown=SHORT,
    )
    exported = staff.get(reverse("strategies:export_csv", args=[slug]))
    text = b"".join(exported.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    for row in rows:
        assert_no_formula(row, "CSV")
    workbook = b"".join(staff.get(reverse("strategies:export_xlsx", args=[slug])).streaming_content)
    sheet = load_workbook(io.BytesIO(workbook)).active
    for row in sheet.iter_rows(values_only=True):
        assert_no_formula(row, "XLSX")


def test_a_published_outcome_and_strategy_markdown_are_shown_inert(world, client_as):
    past = timezone.now() - timedelta(days=1)
    closed = s.ConsultationFactory(opens_at=past - timedelta(days=9), closes_at=past)
    closed.strategy.body = MARKDOWN
    closed.strategy.key_recommendations = TEXT
    closed.strategy.save()
    staff = client_as(world.users["lga_staff"])
    published = staff.post(reverse("strategies:outcome", args=[closed.slug]), {"outcome": MARKDOWN})
    assert published.status_code == 302
    visitor = client_as(None)
    pages(
        visitor,
        [
            reverse("strategies:consultation_detail", args=[closed.slug]),
            reverse("strategies:strategy_detail", args=[closed.strategy.slug]),
        ],
        shown=SHORT,
    )


def test_questions_written_by_staff_are_shown_inert_to_respondents(world, client_as):
    consultation = s.ConsultationFactory(title=SHORT, description=TEXT)
    s.QuestionFactory(consultation=consultation, order=1, text=SHORT, hint=TEXT)
    s.ChoiceQuestionFactory(consultation=consultation, order=2, text=SHORT, hint=SHORT,
                            choices=f"{PAYLOADS[0]}\n{SHORT}")  # fmt: skip
    visitor = client_as(None)
    about = {"name": "Pat", "email": "pat@example.org", "respondent_type": "individual"}
    visitor.post(reverse("strategies:respond_about", args=[consultation.slug]), about)

    def question(n):
        return reverse("strategies:respond_question", args=[consultation.slug, n])

    pages(visitor, [question(1), question(2)], shown=SHORT)
    # With errors too: the error summary repeats the question.
    refused = visitor.post(question(2), {"answer": "not a choice"})
    assert_inert(refused.content.decode(), "question with an error")
    pages(visitor, [reverse("strategies:consultation_detail", args=[consultation.slug])])
