from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    name = "opbouw.dialogue"
    label = "dialogue"
    verbose_name = _("Gesprekken")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
