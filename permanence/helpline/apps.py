from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelplineConfig(AppConfig):
    name = "permanence.helpline"
    label = "helpline"
    verbose_name = _("Ligne d’écoute : fiches d’appel")
