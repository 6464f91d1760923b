from django.urls import include, path

from tandem.continuity.views import contingency, health, outages, silence, workload

app_name = "continuity"

urlpatterns = [
    path(
        "w/<slug:ws>/",
        include(
            silence.urlpatterns
            + outages.urlpatterns
            + contingency.urlpatterns
            + workload.urlpatterns
            + health.urlpatterns
        ),
    ),
]
