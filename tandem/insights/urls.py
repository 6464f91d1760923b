from django.urls import include, path

from tandem.insights.views import calendar, pages, search

app_name = "insights"

in_workspace = [
    path("", pages.workspace_home, name="home"),
    path("my-day/", pages.my_day, name="my_day"),
    path("attention/", pages.attention, name="attention"),
    *search.urlpatterns,
]

urlpatterns = [
    path("w/<slug:ws>/", include(in_workspace)),
    *calendar.urlpatterns,
]
