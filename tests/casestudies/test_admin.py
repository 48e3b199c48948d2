"""The back office: LGA staff write case studies with a preview link and lifecycle actions."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy
from npsportal.history import FieldChange
from tests.casestudies.factories import CaseStudyFactory, key_area
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:casestudies_casestudy_changelist")
INLINES = ["tags", "outcomes", "links", "documents"]


def inline_management(**forms) -> dict:
    data = {}
    for prefix in INLINES:
        data |= {f"{prefix}-TOTAL_FORMS": forms.get(prefix, 0), f"{prefix}-INITIAL_FORMS": 0}
    return data


@pytest.fixture
def staff_client(client):
    force_login_verified(client, lga_staff())
    return client


def test_staff_write_a_case_study_that_search_then_finds_once_published(staff_client, client):
    area = key_area("working-with-partners", "Working with partners")
    data = inline_management(tags=1) | {
        "title": "Joint legal services",
        "slug": "joint-legal-services",
        "summary": "Two councils share one legal procurement team.",
        "background": "A **shared** team.",
        "councils": [CouncilFactory().pk],
        "tags-0-key_area": area.pk,
        "tags-0-level": 4,
    }
    response = staff_client.post(reverse("admin:casestudies_casestudy_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    case_study = CaseStudy.objects.get(slug="joint-legal-services")
    assert case_study.status == CaseStudy.Status.DRAFT
    assert case_study.tags.get().level == 4
    staff_client.post(CHANGELIST, {"action": "publish", "_selected_action": [case_study.pk]})
    client.logout()
    found = client.get(reverse("casestudies:case_study_list"), {"q": "legal procurement"})
    assert [c.title for c in found.context["case_studies"]] == ["Joint legal services"]


def test_the_change_page_links_to_the_preview_and_the_revisions(staff_client):
    case_study = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    url = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    html = staff_client.get(url).content.decode()
    assert reverse("casestudies:case_study_preview", args=[case_study.slug]) in html
    assert reverse("casestudies:case_study_revisions", args=[case_study.slug]) in html


def test_archive_action_refuses_a_draft_and_archives_a_published_one(staff_client):
    draft = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    published = CaseStudyFactory()
    response = staff_client.post(
        CHANGELIST, {"action": "archive", "_selected_action": [draft.pk, published.pk]}, follow=True
    )
    assert "cannot be archived" in response.content.decode()
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == ("draft", "archived")


def test_council_members_cannot_use_the_case_study_back_office(client):
    force_login_verified(client, member_of(CouncilFactory(), "lead", is_staff=True))
    assert client.get(CHANGELIST).status_code == 302


def test_staff_find_case_studies_due_for_review(staff_client):
    today = timezone.localdate()
    CaseStudyFactory(title="Checked last month", last_reviewed=today - timedelta(days=30))
    CaseStudyFactory(title="Checked long ago", last_reviewed=today - timedelta(days=400))
    CaseStudyFactory(title="Never checked", last_reviewed=None)
    CaseStudyFactory(title="A draft", status=CaseStudy.Status.DRAFT, last_reviewed=None)
    response = staff_client.get(CHANGELIST, {"review": "due"})
    shown = {c.title for c in response.context["cl"].result_list}
    assert shown == {"Checked long ago", "Never checked"}


def test_staff_upload_a_document_in_the_back_office_and_a_fake_one_is_refused(
    staff_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case_study = CaseStudyFactory()
    url = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    data = inline_management(documents=1) | {
        "title": case_study.title,
        "slug": case_study.slug,
        "summary": case_study.summary,
        "documents-0-title": "Annual report",
        "documents-0-file": SimpleUploadedFile("report.pdf", b"MZ not a pdf"),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "The selected file must be a PDF or a Word document" in response.content.decode()
    assert not case_study.documents.exists()
    data["documents-0-file"] = SimpleUploadedFile("report.pdf", b"%PDF-1.4\n%%EOF\n")
    assert staff_client.post(url, data).status_code == 302
    document = case_study.documents.get()
    assert document.file.name.endswith(".pdf")
    assert (document.content_type, document.size) == ("application/pdf", 15)


def test_revisions_show_which_councils_categories_and_key_areas_a_save_changed(staff_client):
    area = key_area("working-with-partners", "Working with partners")
    first, second = CouncilFactory(name="Oldham"), CouncilFactory(name="Bury")
    fields = {"title": "Shared legal team", "slug": "shared-legal-team", "summary": "Shared."}
    added = staff_client.post(
        reverse("admin:casestudies_casestudy_add"),
        inline_management(tags=1)
        | fields
        | {"councils": [first.pk], "tags-0-key_area": area.pk, "tags-0-level": 3},
    )
    assert added.status_code == 302
    case_study = CaseStudy.objects.get(slug="shared-legal-team")
    tag = case_study.tags.get()
    changed = staff_client.post(
        reverse("admin:casestudies_casestudy_change", args=[case_study.pk]),
        inline_management(tags=1)
        | {"tags-INITIAL_FORMS": 1}
        | fields
        | {
            "councils": [first.pk, second.pk],
            "tags-0-id": tag.pk,
            "tags-0-case_study": case_study.pk,
            "tags-0-key_area": area.pk,
            "tags-0-level": 4,
        },
    )
    assert changed.status_code == 302, changed.context["adminform"].form.errors
    page = staff_client.get(reverse("casestudies:case_study_revisions", args=[case_study.slug]))
    newest, created = page.context["revisions"]
    assert newest["changes"] == [
        FieldChange("Councils", "Oldham", "Bury, Oldham"),
        FieldChange("Key areas", f"{area} at Mature", f"{area} at Leader"),
    ]
    assert FieldChange("Councils", "", "Oldham", created=True) in created["changes"]
    html = " ".join(page.content.decode().split())
    assert "Bury, Oldham" in html
    assert "Was: Oldham" in html


def test_a_save_that_changes_no_tag_notes_none(staff_client):
    case_study = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    url = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    data = inline_management() | {
        "title": "A new title",
        "slug": case_study.slug,
        "summary": case_study.summary,
        "councils": [c.pk for c in case_study.councils.all()],
        "categories": [c.pk for c in case_study.categories.all()],
    }
    assert staff_client.post(url, data).status_code == 302
    assert case_study.history.order_by("-history_id").first().tag_changes == []


def test_a_case_study_section_over_10000_characters_is_refused_and_nothing_saved(staff_client):
    data = inline_management() | {
        "title": "Joint legal services",
        "slug": "joint-legal-services",
        "summary": "Two councils share one legal procurement team.",
        "what_they_did": "d" * 10_001,
    }
    response = staff_client.post(reverse("admin:casestudies_casestudy_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["what_they_did"]
    assert "at most 10000 characters" in errors["what_they_did"][0]
    assert "Two councils share one legal procurement team." in response.content.decode()
    assert not CaseStudy.objects.exists()


def test_the_back_office_returns_an_archived_case_study_to_draft(staff_client):
    archived = CaseStudyFactory(status=CaseStudy.Status.ARCHIVED)
    staff_client.post(CHANGELIST, {"action": "return_to_draft", "_selected_action": [archived.pk]})
    archived.refresh_from_db()
    assert archived.status == CaseStudy.Status.DRAFT
