from django.urls import path

from casestudies.views import public, staff

app_name = "casestudies"

staff_prefix = "case-studies/staff"
urlpatterns = [
    path(f"{staff_prefix}/", staff.CaseStudyStaffListView.as_view(), name="staff_list"),
    path(
        f"{staff_prefix}/replies/", staff.ReplyModerationListView.as_view(), name="reply_moderation"
    ),
    path(
        f"{staff_prefix}/replies/<int:pk>/<slug:decision>/",
        staff.reply_moderate,
        name="reply_moderate",
    ),
    path(
        f"{staff_prefix}/<slug:slug>/preview/",
        staff.CaseStudyPreviewView.as_view(),
        name="case_study_preview",
    ),
    path(
        f"{staff_prefix}/<slug:slug>/revisions/",
        staff.CaseStudyRevisionsView.as_view(),
        name="case_study_revisions",
    ),
    path(
        f"{staff_prefix}/<slug:slug>/<slug:action>/",
        staff.case_study_change_status,
        name="case_study_change_status",
    ),
    path("case-studies/", public.CaseStudyListView.as_view(), name="case_study_list"),
    path(
        "case-studies/<slug:slug>/", public.CaseStudyDetailView.as_view(), name="case_study_detail"
    ),
    path(
        "case-studies/<slug:slug>/documents/<int:pk>/",
        public.case_study_document,
        name="case_study_document",
    ),
    path("case-studies/<slug:slug>/replies/", public.reply_create, name="reply_create"),
]
