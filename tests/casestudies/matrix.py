"""Who may open each case-study URL: the library is public, drafts and staff pages are not."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from casestudies.models import CaseStudy, CaseStudyDocument
from tests.casestudies.factories import CaseStudyFactory, ReplyFactory
from tests.matrix import Row, statuses

PUBLIC = {
    "casestudies:case_study_list",
    "casestudies:case_study_detail",
    "casestudies:case_study_document",
}

STAFF_ONLY = statuses(403, lga_staff=200)
STAFF_ONLY_POST = statuses(403, lga_staff=302)
NOT_FOUND = statuses(404, anonymous=404)
DOCUMENT_NAME = "casestudies/documents/permission-matrix.pdf"


def _case_study(world, status):
    key = f"case_study_{status}"
    if key not in world.objects:
        world.objects[key] = CaseStudyFactory(
            status=status, slug=f"matrix-{status}", councils=[world.other]
        )
    return world.objects[key]


def _document(world, status):
    # One small file, overwritten each time, under MEDIA_ROOT (ignored by git).
    if not default_storage.exists(DOCUMENT_NAME):
        default_storage.save(DOCUMENT_NAME, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return CaseStudyDocument.objects.create(
        case_study=_case_study(world, status),
        title="Report",
        file=DOCUMENT_NAME,
        content_type="application/pdf",
        size=15,
    )


def published(world):
    return {"slug": _case_study(world, CaseStudy.Status.PUBLISHED).slug}


def draft(world):
    return {"slug": _case_study(world, CaseStudy.Status.DRAFT).slug}


def published_document(world):
    document = _document(world, CaseStudy.Status.PUBLISHED)
    return {"slug": document.case_study.slug, "pk": document.pk}


def draft_document(world):
    document = _document(world, CaseStudy.Status.DRAFT)
    return {"slug": document.case_study.slug, "pk": document.pk}


def pending_reply(world):
    reply = ReplyFactory(case_study=_case_study(world, CaseStudy.Status.PUBLISHED))
    return {"pk": reply.pk, "decision": "approve"}


ROWS = [
    Row("casestudies:case_study_list", statuses(200, anonymous=200)),
    Row("casestudies:case_study_detail", statuses(200, anonymous=200), published),
    # Drafts do not exist for anyone on the public pages, LGA staff included (they preview).
    Row("casestudies:case_study_detail", NOT_FOUND, draft),
    Row("casestudies:case_study_document", statuses(200, anonymous=200), published_document),
    Row("casestudies:case_study_document", NOT_FOUND | {"lga_staff": 200}, draft_document),
    Row("casestudies:reply_create", statuses(302), published, "post", {"body": "Useful, thanks."}),
    Row("casestudies:reply_create", statuses(404), draft, "post", {"body": "Useful, thanks."}),
    Row("casestudies:staff_list", STAFF_ONLY),
    Row("casestudies:case_study_preview", STAFF_ONLY, draft),
    Row("casestudies:case_study_revisions", STAFF_ONLY, draft),
    Row(
        "casestudies:case_study_change_status",
        STAFF_ONLY_POST,
        lambda world: draft(world) | {"action": "publish"},
        "post",
    ),
    Row("casestudies:reply_moderation", STAFF_ONLY),
    Row("casestudies:reply_moderate", STAFF_ONLY_POST, pending_reply, "post"),
]
