from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "opbouw.core"
    label = "core"
    verbose_name = _("Basis")

    def ready(self) -> None:
        # Every app's personal_data.py registers what it holds about people (see that module).
        from . import personal_data

        personal_data.autodiscover()
