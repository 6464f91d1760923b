from django.urls import include, path

from tandem.planning.views import analysis, audit, duty, plan, readiness

app_name = "planning"

urlpatterns = [
    path(
        "w/<slug:ws>/planning/",
        include(
            analysis.urlpatterns
            + audit.urlpatterns
            + plan.urlpatterns
            + duty.urlpatterns
            + readiness.urlpatterns
        ),
    ),
]
