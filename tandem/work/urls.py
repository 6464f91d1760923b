from django.urls import include, path

from tandem.work.views import board, comments, recurring, tasks, timelog

app_name = "work"

urlpatterns = [
    path(
        "w/<slug:ws>/",
        include(
            tasks.urlpatterns
            + board.urlpatterns
            + comments.urlpatterns
            + timelog.urlpatterns
            + recurring.urlpatterns
        ),
    ),
]
