from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The `demo` command: it fills a workspace through every app's own demo, so it sits above
    them all (docs/architecture.md)."""

    name = "tandem.demo"
    label = "demo"
