from django.apps import AppConfig


class LibConfig(AppConfig):
    """Installed only for its template library: `{% load when %}`, the one way to show time."""

    name = "tandem.lib"
    label = "lib"
