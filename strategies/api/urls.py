from django.urls import path

from strategies.api import views

app_name = "strategies_api"

urlpatterns = [
    path("strategies/", views.StrategyListView.as_view(), name="strategy_list"),
    path("strategies/<slug:slug>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path("consultations/", views.ConsultationListView.as_view(), name="consultation_list"),
    path(
        "consultations/<slug:slug>/",
        views.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
]
