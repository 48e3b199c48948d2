from django.urls import path

from npsportal.tokens import views

app_name = "tokens"

urlpatterns = [
    path("", views.TokenListView.as_view(), name="list"),
    path("new/", views.TokenCreateView.as_view(), name="create"),
    path("new/created/", views.TokenCreatedView.as_view(), name="created"),
    path("<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="revoke"),
]
