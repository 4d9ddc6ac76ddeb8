from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "permanence.inbox"
    label = "inbox"
    verbose_name = _("Demandes reçues")

    def forget_old_data(self, now) -> dict[str, int]:
        """What ``manage.py retention`` forgets in this app (docs/retention.md)."""
        from permanence.inbox.services import requests_forget

        return {"requests": requests_forget(now=now)}
