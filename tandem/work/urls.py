from django.urls import include, path

from tandem.work.views import board, comments, recurring, tasks, timelog
from tandem.work.views import calendar as calendar_views
from tandem.work.views import list as list_views

app_name = "work"

urlpatterns = [
    path(
        "w/<slug:ws>/",
        include(
            tasks.urlpatterns
            + board.urlpatterns
            + list_views.urlpatterns
            + calendar_views.urlpatterns
            + comments.urlpatterns
            + timelog.urlpatterns
            + recurring.urlpatterns
        ),
    ),
]
