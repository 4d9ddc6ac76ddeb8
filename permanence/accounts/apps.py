from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "permanence.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from permanence.accounts import receivers  # noqa: F401  (audit of sign-in events)
