from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "opbouw.reports"
    label = "reports"
    verbose_name = _("Verantwoording")

    def ready(self) -> None:
        from . import deidentify

        deidentify.configure()
        checks.register(deidentify.check_cache)
