from django.urls import include, path

from tandem.notify import views

app_name = "notify"

in_workspace = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.notification_read_all, name="read_all"),
    path("bell/", views.bell, name="bell"),
    path("bell/menu/", views.bell_menu, name="menu"),
    path("settings/", views.email_settings, name="settings"),
    path("<str:code>/read/", views.notification_read, name="read"),
]

urlpatterns = [
    path("w/<slug:ws>/notifications/", include(in_workspace)),
]
