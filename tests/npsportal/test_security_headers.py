"""Every kind of page, public or signed in, HTML or file, carries the security headers."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from assessments.models import Evidence
from casestudies.models import CaseStudyDocument
from strategies.models import StrategyDocument
from tests.assessments.factories_dashboard import rated, rounds
from tests.casestudies.factories import CaseStudyFactory
from tests.strategies.factories import ConsultationFactory, ConsultationResponseFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
]


def _stored(instance, name="plan.pdf"):
    instance.file.save(name, ContentFile(PDF), save=False)
    instance.save()
    return instance


def _case_study(world):
    case_study = CaseStudyFactory(councils=[world.own])
    document = CaseStudyDocument(
        case_study=case_study, title="Report", content_type="application/pdf", size=len(PDF)
    )
    return case_study, _stored(document)


def _strategy(world):
    consultation = ConsultationFactory()
    ConsultationResponseFactory(consultation=consultation)
    document = StrategyDocument(
        strategy=consultation.strategy,
        title="Strategy",
        original_name="strategy.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return consultation, _stored(document)


def _assessment(world):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3, target=4)
    evidence = Evidence(
        answer=assessment.answers.first(),
        original_name="plan.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    return assessment, _stored(evidence)


def public_pages(world):
    case_study, case_document = _case_study(world)
    consultation, strategy_document = _strategy(world)
    strategy = consultation.strategy
    return {
        "home": reverse("home"),
        "sign-in": reverse("login"),
        "not found": "/no-such-page/",
        "case study list": reverse("casestudies:case_study_list"),
        "case study": reverse("casestudies:case_study_detail", args=[case_study.slug]),
        "case study document": reverse(
            "casestudies:case_study_document", args=[case_study.slug, case_document.pk]
        ),
        "strategy list": reverse("strategies:strategy_list"),
        "strategy": reverse("strategies:strategy_detail", args=[strategy.slug]),
        "strategy document": reverse(
            "strategies:document_download", args=[strategy.slug, strategy_document.pk]
        ),
        "consultation list": reverse("strategies:consultation_list"),
        "consultation": reverse("strategies:consultation_detail", args=[consultation.slug]),
    }


def council_pages(world):
    assessment, evidence = _assessment(world)
    return {
        "assessment list": reverse("assessments:assessment_list"),
        "assessment": reverse("assessments:assessment_detail", args=[assessment.pk]),
        "dashboard with charts": reverse("assessments:dashboard"),
        "evidence download": reverse(
            "assessments:evidence_download", args=[assessment.pk, evidence.pk]
        ),
        "PDF report": reverse("assessments:assessment_report", args=[assessment.pk]),
    }


def staff_pages(world):
    consultation, _ = _strategy(world)
    return {
        "case study staff list": reverse("casestudies:staff_list"),
        "consultation responses": reverse("strategies:response_list", args=[consultation.slug]),
        "CSV export": reverse("strategies:export_csv", args=[consultation.slug]),
        "national picture": reverse("assessments:national"),
        "back office": reverse("admin:index"),
    }


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def assert_security_headers(response, name):
    assert response["X-Content-Type-Options"] == "nosniff", name
    assert response["Referrer-Policy"] == "same-origin", name
    assert response["X-Frame-Options"] == "DENY", name
    policy = response.get("Content-Security-Policy", "")
    for directive in POLICY:
        assert directive in policy, f"{name}: {directive} missing from {policy}"
    assert "unsafe-inline" not in policy, name
    assert "unsafe-eval" not in policy, name


@pytest.mark.parametrize(
    ("user", "pages", "expected"),
    [
        ("anonymous", public_pages, {"not found": 404}),
        ("officer", council_pages, {}),
        ("lga_staff", staff_pages, {}),
    ],
)
def test_every_page_type_sends_csp_nosniff_referrer_policy_and_frame_denial(
    world, client_as, user, pages, expected
):
    urls = pages(world)
    client = client_as(world.users[user])
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == expected.get(name, 200), f"{name}: {url}"
        assert_security_headers(response, name)


def test_a_form_answered_with_errors_sends_the_headers_too(world, client):
    response = client.post(reverse("login"), {"username": "nobody@example.org", "password": "x"})
    assert response.status_code == 200
    assert_security_headers(response, "sign-in with errors")


def test_static_files_carry_the_content_security_policy_and_frame_denial(settings):
    # Served from the source folders, as WhiteNoise does when it finds files itself.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/images/favicon.svg")
    assert response.status_code == 200
    assert_security_headers(response, "static file")


def signed_in_downloads(world):
    assessment, evidence = _assessment(world)
    consultation, _ = _strategy(world)
    return {
        "officer": {
            "signed-in page": reverse("assessments:assessment_list"),
            "PDF report": reverse("assessments:assessment_report", args=[assessment.pk]),
            "evidence download": reverse(
                "assessments:evidence_download", args=[assessment.pk, evidence.pk]
            ),
        },
        "lga_staff": {
            "national CSV export": reverse("assessments:national_csv"),
            "responses CSV export": reverse("strategies:export_csv", args=[consultation.slug]),
            "responses XLSX export": reverse("strategies:export_xlsx", args=[consultation.slug]),
        },
    }


def test_signed_in_pages_reports_evidence_and_exports_are_never_stored(world, client_as):
    for role, urls in signed_in_downloads(world).items():
        client = client_as(world.users[role])
        for name, url in urls.items():
            response = client.get(url)
            assert response.status_code == 200, f"{name}: {url}"
            assert "no-store" in response.get("Cache-Control", ""), name
            assert "private" in response.get("Cache-Control", ""), name


def test_public_pages_stay_cacheable_for_people_not_signed_in(world, client):
    urls = public_pages(world)
    for name in ["home", "case study", "strategy document"]:
        response = client.get(urls[name])
        assert "no-store" not in response.get("Cache-Control", ""), name
