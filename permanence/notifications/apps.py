from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "permanence.notifications"
    label = "notifications"
    verbose_name = _("Messages et rappels")

    def forget_old_data(self, now) -> dict[str, int]:
        """What ``manage.py retention`` forgets in this app (docs/retention.md)."""
        from permanence.notifications.services import messages_forget

        return {"messages": messages_forget(now=now)}
