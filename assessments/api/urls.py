from django.urls import path

from assessments.api import views

app_name = "assessments_api"

urlpatterns = [
    path("frameworks/", views.FrameworkListView.as_view(), name="framework_list"),
    path("frameworks/<slug:slug>/", views.FrameworkDetailView.as_view(), name="framework_detail"),
    path("mappings/", views.MappingListView.as_view(), name="mapping_list"),
    path(
        "mappings/<slug:source>/<slug:target>/",
        views.MappingDetailView.as_view(),
        name="mapping_detail",
    ),
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path(
        "assessments/<int:pk>/actions/",
        views.AssessmentActionsView.as_view(),
        name="assessment_actions",
    ),
    path(
        "assessments/<int:pk>/progress/",
        views.AssessmentProgressView.as_view(),
        name="assessment_progress",
    ),
    path("national/dataset/", views.NationalDatasetView.as_view(), name="national_dataset"),
]
