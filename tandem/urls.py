from django.urls import include, path

from tandem import views
from tandem.insights.views import pages as insights_pages

urlpatterns = [
    path("", insights_pages.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("tandem.accounts.urls")),
    path("", include("tandem.workspaces.urls")),
    path("", include("tandem.notify.urls")),
    path("", include("tandem.work.urls")),
    path("", include("tandem.rhythm.urls")),
    path("", include("tandem.roles.urls")),
    path("", include("tandem.continuity.urls")),
    path("", include("tandem.planning.urls")),
    path("", include("tandem.insights.urls")),
]
