from django.urls import include, path

from strategies.views import public, respond, staff

app_name = "strategies"

respond_patterns = [
    path("about-you/", respond.AboutYouView.as_view(), name="respond_about"),
    path("question/<int:number>/", respond.QuestionView.as_view(), name="respond_question"),
    path("publication/", respond.PublicationView.as_view(), name="respond_publication"),
    path("check-your-answers/", respond.CheckAnswersView.as_view(), name="respond_check"),
    path("confirmation/", respond.confirmation, name="respond_confirmation"),
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
        "consultations/<slug:slug>/responses/<str:reference>/",
        staff.ConsultationResponseDetailView.as_view(),
        name="response_detail",
    ),
    path(
        "consultations/<slug:slug>/outcome/",
        staff.ConsultationOutcomeView.as_view(),
        name="outcome",
    ),
]
