from django.urls import include, path

from tandem.workspaces import views

app_name = "workspaces"

in_workspace = [
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<str:code>/", views.member_edit, name="member_edit"),
    path("members/<str:code>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<str:code>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("settings/", views.workspace_settings, name="settings"),
]

urlpatterns = [
    path("workspaces/", views.workspace_list, name="list"),
    path("workspaces/new/", views.workspace_create, name="create"),
    path("invitations/<str:token>/", views.invitation_accept, name="accept"),
    path(
        "invitations/<str:token>/confirmation/",
        views.invitation_confirmation_send,
        name="confirmation_send",
    ),
    path(
        "invitations/<str:token>/confirm/<str:confirmation>/",
        views.invitation_confirm,
        name="confirm",
    ),
    path("w/<slug:ws>/", include(in_workspace)),
]
