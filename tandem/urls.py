from django.urls import include, path

from tandem import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("tandem.accounts.urls")),
    path("", include("tandem.workspaces.urls")),
    path("", include("tandem.notify.urls")),
    path("", include("tandem.work.urls")),
    path("", include("tandem.rhythm.urls")),
    path("", include("tandem.continuity.urls")),
]
