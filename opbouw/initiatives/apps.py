from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "opbouw.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatieven")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
