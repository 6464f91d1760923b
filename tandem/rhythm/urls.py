from django.urls import include, path

from tandem.rhythm.views import acks, announcements, checkins, meetings, overlap

app_name = "rhythm"

urlpatterns = [
    path(
        "w/<slug:ws>/",
        include(
            checkins.urlpatterns
            + meetings.urlpatterns
            + announcements.urlpatterns
            + acks.urlpatterns
            + overlap.urlpatterns
        ),
    ),
]
