from django.urls import path

from assessments.assignments import views as assignments
from assessments.dashboards import build_views
from assessments.dashboards import views as dashboards
from assessments.mappings import staff_views as mapping_files
from assessments.mappings import views as mappings
from assessments.open_data import views as open_data
from assessments.regard import views as regard
from assessments.rounds import views as rounds
from assessments.statement_views import views as statement_views
from assessments.views import assessments, files, key_areas, matrix_upload, printable, sign_off

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
        "assessments/<int:pk>/key-areas/<int:key_area>/your-view/",
        statement_views.StatementViewsView.as_view(),
        name="give_views",
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

# The printable questionnaire, blank and with a council's answers so far (issue 15).
urlpatterns += [
    path(
        "rounds/<slug:round>/questionnaire.pdf",
        printable.blank_questionnaire,
        name="questionnaire",
    ),
    path(
        "assessments/<int:pk>/questionnaire.pdf",
        printable.questionnaire_answers,
        name="questionnaire_answers",
    ),
]

# The matrix for LGA staff: download its spreadsheet, upload a new version (issue 15).
urlpatterns += [
    path("matrix/", matrix_upload.MatrixView.as_view(), name="matrix"),
    path(
        "matrix/<slug:framework>/spreadsheet.<str:format>",
        matrix_upload.matrix_download,
        name="matrix_download",
    ),
    path(
        "matrix/<slug:framework>/upload/",
        matrix_upload.MatrixUploadView.as_view(),
        name="matrix_upload",
    ),
    path(
        "matrix/<slug:framework>/check/",
        matrix_upload.MatrixPreviewView.as_view(),
        name="matrix_preview",
    ),
    path(
        "matrix/<slug:framework>/applied/<str:upload>/",
        matrix_upload.MatrixAppliedView.as_view(),
        name="matrix_applied",
    ),
]

# LGA staff run a round: open it, follow participation, chase, give more time, close (issue 15).
urlpatterns += [
    path("rounds/", rounds.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", rounds.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<slug:round>/", rounds.RoundDetailView.as_view(), name="round_detail"),
    path(
        "rounds/<slug:round>/participation.csv",
        rounds.participation_csv,
        name="round_participation_csv",
    ),
    path(
        "rounds/<slug:round>/participation.xlsx",
        rounds.participation_xlsx,
        name="round_participation_xlsx",
    ),
    path("rounds/<slug:round>/chase/", rounds.RoundChaseView.as_view(), name="round_chase"),
    path(
        "rounds/<slug:round>/councils/<slug:council>/more-time/",
        rounds.RoundExtendView.as_view(),
        name="round_extend",
    ),
    path("rounds/<slug:round>/close/", rounds.RoundCloseView.as_view(), name="round_close"),
]

# Every council's progress report for a round, built by background workers (issue 15).
urlpatterns += [
    path(
        "rounds/<slug:round>/reports/", build_views.RoundReportsView.as_view(), name="round_reports"
    ),
    path(
        "report-builds/<int:pk>/progress.json",
        build_views.build_progress,
        name="report_build_progress",
    ),
    path(
        "report-builds/<int:pk>/reports.zip",
        build_views.build_archive,
        name="report_build_archive",
    ),
]

# Key areas handed to colleagues, with a due date and how far each has got (issue 16).
urlpatterns += [
    path(
        "assessments/<int:pk>/key-areas/<int:key_area>/assign/",
        assignments.AssignView.as_view(),
        name="assign_key_area",
    ),
    path(
        "assessments/<int:pk>/assignments/<int:assignment>/",
        assignments.AssignmentView.as_view(),
        name="assignment",
    ),
    path(
        "assessments/<int:pk>/assignments/<int:assignment>/done/",
        assignments.AssignmentDoneView.as_view(),
        name="assignment_done",
    ),
    path(
        "assessments/<int:pk>/assignments/<int:assignment>/accept/",
        assignments.AssignmentAcceptView.as_view(),
        name="assignment_accept",
    ),
    path(
        "assessments/<int:pk>/assignments/<int:assignment>/changes/",
        assignments.AssignmentChangesView.as_view(),
        name="assignment_changes",
    ),
    path(
        "assessments/<int:pk>/assignments/<int:assignment>/remove/",
        assignments.AssignmentRemoveView.as_view(),
        name="assignment_remove",
    ),
]

# An assessment seen against another framework through a mapping, and downloaded (issue 17).
urlpatterns += [
    path(
        "assessments/<int:pk>/frameworks/",
        mappings.FrameworkChoiceView.as_view(),
        name="projection_choose",
    ),
    path(
        "assessments/<int:pk>/frameworks/<slug:framework>/",
        mappings.ProjectionView.as_view(),
        name="projection",
    ),
    path(
        "assessments/<int:pk>/frameworks/<slug:framework>/spreadsheet.<str:format>",
        mappings.ProjectionDownloadView.as_view(),
        name="projection_download",
    ),
]

# LGA staff download a mapping's spreadsheet, upload a new version, check it, apply it (issue 17).
urlpatterns += [
    path("mappings/", mapping_files.MappingListView.as_view(), name="mappings"),
    path(
        "mappings/<slug:source>/<slug:target>/spreadsheet.<str:format>",
        mapping_files.mapping_download,
        name="mapping_download",
    ),
    path("mappings/upload/", mapping_files.MappingUploadView.as_view(), name="mapping_upload"),
    path("mappings/check/", mapping_files.MappingPreviewView.as_view(), name="mapping_preview"),
    path(
        "mappings/applied/<str:upload>/",
        mapping_files.MappingAppliedView.as_view(),
        name="mapping_applied",
    ),
]

# The NPPS "have regard" record: each priority, how the council considered it (issue 17).
urlpatterns += [
    path(
        "assessments/<int:pk>/procurement-policy-statement/",
        regard.RegardListView.as_view(),
        name="regard_list",
    ),
    path(
        "assessments/<int:pk>/procurement-policy-statement/<int:priority>/",
        regard.RegardRecordView.as_view(),
        name="regard_record",
    ),
]

# Open data (issue 19): LGA staff publish a round's anonymised dataset; anyone downloads it.
urlpatterns += [
    path(
        "rounds/<slug:round>/open-data/",
        open_data.OpenDataPublishView.as_view(),
        name="open_data_publish",
    ),
    path(
        "open-data/<int:pk>/withdraw/",
        open_data.OpenDataWithdrawView.as_view(),
        name="open_data_withdraw",
    ),
    path("open-data/", open_data.open_data_list, name="open_data"),
    path(
        "open-data/<int:pk>/datapackage.json",
        open_data.open_data_metadata,
        name="open_data_metadata",
    ),
    path("open-data/<int:pk>/<str:filename>", open_data.open_data_csv, name="open_data_csv"),
]
