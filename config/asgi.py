import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_asgi_application()

# Load the de-identifier of the reports in the background now (about ten seconds), so that
# no request waits for it; see docs/operations.md, "deduce".
from opbouw.reports.deidentify import warm_up  # noqa: E402

warm_up()
