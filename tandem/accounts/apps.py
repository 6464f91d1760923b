from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tandem.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tandem.accounts import deliveries
        from tandem.outbox import registry

        registry.register(deliveries.PASSWORD_RESET, deliveries.password_reset_deliver)
