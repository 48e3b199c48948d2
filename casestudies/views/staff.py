"""LGA staff pages: every case study by status, previews, lifecycle steps, revisions, moderation."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from casestudies import selectors, services
from casestudies.models import CaseStudy, Reply
from casestudies.views.public import detail_context

MANAGE = "casestudies.manage_case_study"
MODERATE = "casestudies.moderate_reply"


class CaseStudyStaffListView(PermissionRequiredMixin, ListView):
    """Every case study with its status and what staff can do with it."""

    permission_required = MANAGE
    template_name = "casestudies/staff/case_study_list.html"
    context_object_name = "case_studies"
    queryset = CaseStudy.objects.order_by("status", "-updated_at")

    def get_context_data(self, **kwargs):
        due = selectors.due_for_review(CaseStudy.objects.all()).values_list("pk", flat=True)
        return super().get_context_data(**kwargs) | {
            "pending_replies": selectors.pending_replies().count(),
            "due_for_review": set(due),
        }


class CaseStudyPreviewView(PermissionRequiredMixin, DetailView):
    """A case study as the public will see it, whatever its status."""

    permission_required = MANAGE
    model = CaseStudy
    template_name = "casestudies/case_study_detail.html"

    def get_context_data(self, **kwargs):
        return detail_context(self.request, self.object) | {
            "preview": True,
            "lifecycle_steps": selectors.lifecycle_steps_allowed(self.object),
        }


class CaseStudyRevisionsView(PermissionRequiredMixin, DetailView):
    """Every saved version of a case study, who saved it and what changed."""

    permission_required = MANAGE
    model = CaseStudy
    context_object_name = "case_study"
    template_name = "casestudies/staff/case_study_revisions.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "revisions": selectors.revisions_of(self.object)
        }


@require_POST
@permission_required(MANAGE, raise_exception=True)
def case_study_change_status(request, slug, action):
    """Submits, publishes, archives or returns a case study to draft, through the services."""
    if action not in services.TRANSITIONS:
        raise Http404
    case_study = get_object_or_404(CaseStudy, slug=slug)
    try:
        case_study = services.TRANSITIONS[action](case_study=case_study, by=request.user)
    except services.TransitionError as error:
        messages.error(request, error.message)
    else:
        verb = services.VERBS[case_study.status]
        messages.success(request, f"“{case_study.title}” {verb}")
    return redirect("casestudies:case_study_preview", slug=case_study.slug)


class ReplyModerationListView(PermissionRequiredMixin, ListView):
    """Replies waiting for LGA staff to approve or reject them."""

    permission_required = MODERATE
    template_name = "casestudies/staff/reply_moderation.html"
    context_object_name = "replies"

    def get_queryset(self):
        return selectors.pending_replies()


@require_POST
@permission_required(MODERATE, raise_exception=True)
def reply_moderate(request, pk, decision):
    """Approves or rejects one pending reply."""
    if decision not in ("approve", "reject"):
        raise Http404
    reply = get_object_or_404(Reply, pk=pk, status=Reply.Status.PENDING)
    services.moderate_reply(reply=reply, approve=decision == "approve", by=request.user)
    messages.success(request, f"Reply by {reply.author} {decision}d")
    return redirect("casestudies:reply_moderation")
