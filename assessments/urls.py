from django.urls import path

from assessments.dashboards import views as dashboards
from assessments.views import assessments, files, key_areas, sign_off

app_name = "assessments"

urlpatterns = [
    path("assessments/", assessments.AssessmentListView.as_view(), name="assessment_list"),
    path(
        "assessments/start/<slug:council>/<slug:round>/",
        assessments.AssessmentStartView.as_view(),
        name="assessment_start",
    ),
    path(
        "assessments/<int:pk>/",
        assessments.AssessmentDetailView.as_view(),
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/key-areas/<int:key_area>/",
        key_areas.KeyAreaView.as_view(),
        name="key_area",
    ),
    path(
        "assessments/<int:pk>/check-your-answers/",
        sign_off.CheckAnswersView.as_view(),
        name="check_answers",
    ),
    path("assessments/<int:pk>/sign-off/", sign_off.SignOffView.as_view(), name="sign_off"),
    path("assessments/<int:pk>/activity/", assessments.ActivityView.as_view(), name="activity"),
    path(
        "assessments/<int:pk>/evidence/<int:evidence>/",
        files.EvidenceDownloadView.as_view(),
        name="evidence_download",
    ),
    path(
        "assessments/<int:pk>/evidence/<int:evidence>/remove/",
        files.EvidenceRemoveView.as_view(),
        name="evidence_remove",
    ),
    path(
        "assessments/<int:pk>/actions/<int:action>/",
        files.ActionChangeView.as_view(),
        name="action_change",
    ),
    path(
        "assessments/<int:pk>/actions/<int:action>/remove/",
        files.ActionRemoveView.as_view(),
        name="action_remove",
    ),
]

# Dashboards, the national picture and PDF reports (issue 6).
urlpatterns += [
    path("dashboard/", dashboards.DashboardView.as_view(), name="dashboard"),
    path("national/", dashboards.NationalView.as_view(), name="national"),
    path("national/dataset.csv", dashboards.national_csv, name="national_csv"),
    path("national/dataset.xlsx", dashboards.national_xlsx, name="national_xlsx"),
    path("national/summary.pdf", dashboards.national_report, name="national_report"),
    path(
        "assessments/<int:pk>/report.pdf",
        dashboards.assessment_report,
        name="assessment_report",
    ),
]
