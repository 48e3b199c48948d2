from django.urls import path

from casestudies.api import views

app_name = "casestudies_api"

urlpatterns = [
    path("case-studies/", views.CaseStudyListView.as_view(), name="case_study_list"),
    path(
        "case-studies/<slug:slug>/",
        views.CaseStudyDetailView.as_view(),
        name="case_study_detail",
    ),
]
