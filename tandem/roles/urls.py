from django.urls import include, path

from tandem.roles.views import kpis, roles

app_name = "roles"

urlpatterns = [
    path("w/<slug:ws>/roles/", include(roles.urlpatterns + kpis.urlpatterns)),
]
