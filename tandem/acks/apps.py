from django.apps import AppConfig


class AcksConfig(AppConfig):
    name = "tandem.acks"
    label = "acks"
    default_auto_field = "django.db.models.BigAutoField"
