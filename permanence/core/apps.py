from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "permanence.core"
    label = "core"
    verbose_name = _("Socle")

    def ready(self):
        from permanence.core.retention import schedule_after_migrate

        # After every migrate (a deployment, `make run`): the nightly retention run is queued.
        # Sent for the task queue's app (core has no models, so migrate sends it no signal).
        post_migrate.connect(
            schedule_after_migrate,
            sender=apps.get_app_config("django_tasks_database"),
            dispatch_uid="core-retention",
        )
