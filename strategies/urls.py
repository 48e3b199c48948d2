from django.urls import include, path

from strategies.views import analysis, public, respond, responses_staff, staff, summary

app_name = "strategies"

respond_patterns = [
    path("about-you/", respond.AboutYouView.as_view(), name="respond_about"),
    path("question/<int:number>/", respond.QuestionView.as_view(), name="respond_question"),
    path("publication/", respond.PublicationView.as_view(), name="respond_publication"),
    path("check-your-answers/", respond.CheckAnswersView.as_view(), name="respond_check"),
    path("confirmation/", respond.confirmation, name="respond_confirmation"),
    path(
        "change/<str:reference>/",
        respond.SignedInChangeResponseView.as_view(),
        name="respond_change",
    ),
    path(
        "change-with-link/<str:token>/",
        respond.LinkChangeResponseView.as_view(),
        name="respond_change_link",
    ),
]

analysis_patterns = [
    path("", analysis.AnalysisOverviewView.as_view(), name="analysis"),
    path("themes/", analysis.CodebookView.as_view(), name="analysis_codebook"),
    path("themes/<int:pk>/", analysis.ThemeChangeView.as_view(), name="analysis_theme"),
    path("themes/<int:pk>/move/", analysis.ThemeMoveView.as_view(), name="analysis_theme_move"),
    path(
        "themes/<int:pk>/remove/", analysis.ThemeRemoveView.as_view(), name="analysis_theme_remove"
    ),
    path("questions/<int:pk>/", analysis.QuestionAnalysisView.as_view(), name="analysis_question"),
    path("counts/", analysis.ThemeCountsView.as_view(), name="analysis_counts"),
    path("grouping/", analysis.GroupingView.as_view(), name="analysis_grouping"),
    path(
        "grouping/<int:pk>/progress.json",
        analysis.grouping_progress,
        name="analysis_grouping_progress",
    ),
    path("groups/<int:pk>/", analysis.GroupView.as_view(), name="analysis_group"),
]

urlpatterns = [
    path("strategies/", public.StrategyListView.as_view(), name="strategy_list"),
    path("strategies/<slug:slug>/", public.StrategyDetailView.as_view(), name="strategy_detail"),
    path(
        "strategies/<slug:slug>/documents/<int:pk>/",
        public.document_download,
        name="document_download",
    ),
    path("consultations/", public.ConsultationListView.as_view(), name="consultation_list"),
    path(
        "consultations/<slug:slug>/",
        public.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
    path("consultations/<slug:slug>/respond/", include(respond_patterns)),
    path("consultations/<slug:slug>/analysis/", include(analysis_patterns)),
    path(
        "consultations/<slug:slug>/responses/",
        staff.ConsultationResponseListView.as_view(),
        name="response_list",
    ),
    path("consultations/<slug:slug>/responses/export.csv", staff.export_csv, name="export_csv"),
    path("consultations/<slug:slug>/responses/export.xlsx", staff.export_xlsx, name="export_xlsx"),
    path(
        "consultations/<slug:slug>/responses/by-maturity/",
        staff.ConsultationMaturityView.as_view(),
        name="response_maturity",
    ),
    path(
        "consultations/<slug:slug>/responses/enter/",
        responses_staff.EnterResponseView.as_view(),
        name="response_enter",
    ),
    path(
        "consultations/<slug:slug>/responses/<str:reference>/publish/",
        responses_staff.PublishResponseView.as_view(),
        name="response_publish",
    ),
    path(
        "consultations/<slug:slug>/responses/<str:reference>/unpublish/",
        responses_staff.unpublish_response,
        name="response_unpublish",
    ),
    path(
        "consultations/<slug:slug>/responses/<str:reference>/",
        staff.ConsultationResponseDetailView.as_view(),
        name="response_detail",
    ),
    path(
        "consultations/<slug:slug>/outcome/",
        staff.ConsultationOutcomeView.as_view(),
        name="outcome",
    ),
    path(
        "consultations/<slug:slug>/outcome/from-summary/",
        summary.OutcomeFromSummaryView.as_view(),
        name="outcome_from_summary",
    ),
    path(
        "consultations/<slug:slug>/summary/",
        summary.ConsultationSummaryView.as_view(),
        name="summary",
    ),
    path("consultations/<slug:slug>/summary.pdf", summary.summary_pdf_download, name="summary_pdf"),
    path(
        "consultations/<slug:slug>/summary.xlsx", summary.summary_xlsx_download, name="summary_xlsx"
    ),
]
