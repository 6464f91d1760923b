from django.urls import include, path

from tandem.work.views import board, comments, recurring, tasks, timelog
from tandem.work.views import calendar as calendar_views
from tandem.work.views import list as list_views

app_name = "work"

urlpatterns = [
    path(
        "w/<slug:ws>/",
        include(
            # The list's "tasks/bulk/" before the task pages' "tasks/<code>/".
            list_views.urlpatterns
            + tasks.urlpatterns
            + board.urlpatterns
            + calendar_views.urlpatterns
            + comments.urlpatterns
            + timelog.urlpatterns
            + recurring.urlpatterns
        ),
    ),
]
