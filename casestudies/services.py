"""Changes to case studies and replies: saving, the publishing lifecycle, moderation."""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone

from casestudies.models import CaseStudy, CaseStudyDocument, Reply
from casestudies.selectors import (
    ALLOWED_FROM,
    LIFECYCLE_STEPS,
    SEARCH_CONFIG,
    reply_limit_reached,
)
from npsportal import rate_limits
from npsportal.audit import record_event
from npsportal.uploads import check_upload

Status = CaseStudy.Status


class TransitionError(ValidationError):
    """A lifecycle step that the case study's status does not allow."""


class RateLimited(Exception):
    """Too many replies from one person or address in the last hour."""


VERBS = {
    Status.IN_REVIEW: "submitted for review",
    Status.PUBLISHED: "published",
    Status.ARCHIVED: "archived",
    Status.DRAFT: "returned to draft",
}
AUDIT_ACTIONS = {
    Status.IN_REVIEW: "case_study.submitted_for_review",
    Status.PUBLISHED: "case_study.published",
    Status.ARCHIVED: "case_study.archived",
    Status.DRAFT: "case_study.returned_to_draft",
}


def refresh_search_vector(case_study: CaseStudy) -> None:
    """Recomputes the stored full-text vector (PostgreSQL only), weighting title over body."""
    if connection.vendor != "postgresql":
        return
    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector(
            "background", "what_they_did", "what_they_learned", weight="C", config=SEARCH_CONFIG
        )
    )
    CaseStudy.objects.filter(pk=case_study.pk).update(search_vector=vector)


@transaction.atomic
def save_case_study(*, case_study: CaseStudy, by=None, reason: str = "") -> CaseStudy:
    """Saves a case study (validated), keeping a revision and its search vector up to date."""
    case_study.full_clean(exclude=["search_vector"])
    case_study._history_user = by
    case_study._change_reason = reason or None
    case_study.save()
    refresh_search_vector(case_study)
    return case_study


TAG_NAMES = ("Councils", "Categories", "Key areas")
NO_TAGS = dict.fromkeys(TAG_NAMES, "")


def tags_of(case_study: CaseStudy) -> dict[str, str]:
    """The case study's councils, categories and key areas with levels, in words."""
    return {
        "Councils": ", ".join(sorted(c.name for c in case_study.councils.all())),
        "Categories": ", ".join(sorted(c.name for c in case_study.categories.all())),
        "Key areas": ", ".join(str(tag) for tag in case_study.tags.select_related("key_area")),
    }


def record_tag_changes(*, case_study: CaseStudy, before: dict[str, str]) -> None:
    """Notes on the case study's latest revision what its save changed among its tags."""
    after = tags_of(case_study)
    changes = [
        {"field": name, "old": before[name], "new": after[name]}
        for name in TAG_NAMES
        if before[name] != after[name]
    ]
    latest = case_study.history.order_by("-history_id").first()
    if changes and latest is not None:
        latest.tag_changes = changes
        latest.save(update_fields=["tag_changes"])


def refusal(case_study: CaseStudy, to: str) -> str:
    """Why the case study's status does not allow the step to this status."""
    return (
        f"“{case_study.title}” is {case_study.get_status_display().lower()}, "
        f"so it cannot be {VERBS[to]}"
    )


@transaction.atomic
def _move(case_study: CaseStudy, to: str, by) -> CaseStudy:
    case_study = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if case_study.status not in ALLOWED_FROM[to]:
        raise TransitionError(refusal(case_study, to))
    case_study.status = to
    now = timezone.now()
    if to == Status.PUBLISHED:
        case_study.published_at = case_study.published_at or now
        case_study.archived_at = None
        case_study.last_reviewed = case_study.last_reviewed or timezone.localdate()
    elif to == Status.ARCHIVED:
        case_study.archived_at = now
    case_study._history_user = by
    case_study._change_reason = VERBS[to].capitalize()
    case_study.save()
    record_event(action=AUDIT_ACTIONS[to], actor=by, obj=case_study)
    return case_study


def submit_for_review(*, case_study: CaseStudy, by) -> CaseStudy:
    """A draft goes to review before publication."""
    return _move(case_study, Status.IN_REVIEW, by)


def publish_case_study(*, case_study: CaseStudy, by) -> CaseStudy:
    """A draft or reviewed case study becomes public; the first publication date is kept."""
    return _move(case_study, Status.PUBLISHED, by)


def archive_case_study(*, case_study: CaseStudy, by) -> CaseStudy:
    """A published case study leaves the library's lists but stays readable, with a notice."""
    return _move(case_study, Status.ARCHIVED, by)


def return_to_draft(*, case_study: CaseStudy, by) -> CaseStudy:
    """A case study in review or archived goes back to draft for more work."""
    return _move(case_study, Status.DRAFT, by)


SERVICE_LEADING_TO = {
    Status.IN_REVIEW: submit_for_review,
    Status.PUBLISHED: publish_case_study,
    Status.ARCHIVED: archive_case_study,
    Status.DRAFT: return_to_draft,
}
# The service of each lifecycle step, by the step's name in URLs.
TRANSITIONS = {step.action: SERVICE_LEADING_TO[step.to] for step in LIFECYCLE_STEPS}


@transaction.atomic
def attach_document(*, case_study: CaseStudy, title: str, upload: UploadedFile):
    """Attaches a PDF or Word document after checking its content and size."""
    checked = check_upload(upload)
    document = CaseStudyDocument(
        case_study=case_study, title=title, content_type=checked.content_type, size=upload.size
    )
    document.file.save(f"upload{checked.extension}", upload, save=False)
    document.save()
    return document


@dataclass(frozen=True)
class ReplyOutcome:
    reply: Reply | None
    discarded: bool = False


@transaction.atomic
def post_reply(
    *, case_study: CaseStudy, author, body: str, ip_address: str | None, honeypot: str = ""
) -> ReplyOutcome:
    """Holds a signed-in user's reply for moderation; bots filling the honeypot are discarded."""
    rate_limits.hold(
        f"reply:user:{author.pk}", f"reply:address:{ip_address}" if ip_address else None
    )
    if reply_limit_reached(user=author, ip_address=ip_address):
        raise RateLimited
    if honeypot:
        return ReplyOutcome(reply=None, discarded=True)
    reply = Reply.objects.create(
        case_study=case_study, author=author, body=body.strip(), ip_address=ip_address
    )
    return ReplyOutcome(reply=reply)


@transaction.atomic
def moderate_reply(*, reply: Reply, approve: bool, by) -> Reply:
    """LGA staff approve a reply (everyone then sees it) or reject it (nobody does)."""
    reply.status = Reply.Status.APPROVED if approve else Reply.Status.REJECTED
    reply.moderated_by = by
    reply.moderated_at = timezone.now()
    reply.save(update_fields=["status", "moderated_by", "moderated_at"])
    # The reply's words stay out of the log: they are the author's, and the reply keeps them.
    record_event(
        action=f"reply.{reply.status}",
        actor=by,
        obj=reply,
        details={"case_study": reply.case_study.slug},
    )
    return reply
