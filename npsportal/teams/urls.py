from django.urls import path

from npsportal.teams import views

app_name = "teams"

urlpatterns = [
    # LGA staff
    path("councils/", views.CouncilListView.as_view(), name="council_list"),
    path("councils/<slug:slug>/invite/", views.InviteHeadView.as_view(), name="invite_head"),
    path("invitations/", views.InvitationListView.as_view(), name="invitation_list"),
    path("lga-team/", views.TeamView.as_view(), name="lga_team"),
    path("lga-team/invite/", views.InviteView.as_view(), name="lga_invite"),
    path(
        "lga-team/members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="lga_member_remove",
    ),
    # A council's heads of procurement
    path("team/", views.TeamChooseView.as_view(), name="team_choose"),
    path("team/<slug:slug>/", views.TeamView.as_view(), name="team"),
    path("team/<slug:slug>/invite/", views.InviteView.as_view(), name="invite"),
    path(
        "team/<slug:slug>/members/<int:pk>/role/",
        views.MemberRoleView.as_view(),
        name="member_role",
    ),
    path(
        "team/<slug:slug>/members/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="member_remove",
    ),
    # Either
    path(
        "invitations/<int:pk>/resend/",
        views.InvitationActionView.as_view(action="resend"),
        name="invitation_resend",
    ),
    path(
        "invitations/<int:pk>/revoke/",
        views.InvitationActionView.as_view(action="revoke"),
        name="invitation_revoke",
    ),
    # Anyone with the link
    path("invitations/<str:token>/", views.AcceptView.as_view(), name="accept"),
]
