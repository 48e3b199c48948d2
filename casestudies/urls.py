from django.urls import path

from casestudies import staff_views, views

app_name = "casestudies"

staff = "case-studies/staff"
urlpatterns = [
    path(f"{staff}/", staff_views.CaseStudyStaffListView.as_view(), name="staff_list"),
    path(
        f"{staff}/replies/", staff_views.ReplyModerationListView.as_view(), name="reply_moderation"
    ),
    path(
        f"{staff}/replies/<int:pk>/<slug:decision>/",
        staff_views.reply_moderate,
        name="reply_moderate",
    ),
    path(
        f"{staff}/<slug:slug>/preview/",
        staff_views.CaseStudyPreviewView.as_view(),
        name="case_study_preview",
    ),
    path(
        f"{staff}/<slug:slug>/revisions/",
        staff_views.CaseStudyRevisionsView.as_view(),
        name="case_study_revisions",
    ),
    path(
        f"{staff}/<slug:slug>/<slug:action>/",
        staff_views.case_study_change_status,
        name="case_study_change_status",
    ),
    path("case-studies/", views.CaseStudyListView.as_view(), name="case_study_list"),
    path(
        "case-studies/<slug:slug>/", views.CaseStudyDetailView.as_view(), name="case_study_detail"
    ),
    path(
        "case-studies/<slug:slug>/documents/<int:pk>/",
        views.case_study_document,
        name="case_study_document",
    ),
    path("case-studies/<slug:slug>/replies/", views.reply_create, name="reply_create"),
]
