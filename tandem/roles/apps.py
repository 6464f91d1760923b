from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "tandem.roles"
    label = "roles"
    default_auto_field = "django.db.models.BigAutoField"
