from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "permanence.reception"
    label = "reception"
    verbose_name = _("Accueil des permanences")

    def forget_old_data(self, now) -> dict[str, int]:
        """What ``manage.py retention`` forgets in this app (docs/retention.md)."""
        from permanence.reception.services import arrivals_forget

        return {"arrivals": arrivals_forget(now=now)}
