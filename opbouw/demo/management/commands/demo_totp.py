"""manage.py demo_totp USERNAME: the current login code of a demo account (demo only)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opbouw.accounts.models import User
from opbouw.demo.models import DemoDataset
from opbouw.demo.seeding.two_factor import DEMO_TOTP_SECRET, demo_code
from opbouw.demo.seeding.users import demo_users_filter


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a demo account (for example `werker`). "
        "Refuses outside development (DEBUG) or outside the demo data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="A demo account: werker, werker2, beleid, ...")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Alleen voor de demo: demo_totp werkt alleen met DEBUG aan (config.settings.dev)."
            )
        if not DemoDataset.objects.exists():
            raise CommandError("Deze database bevat geen demo (draai eerst `make demo`).")
        user = User.objects.filter(demo_users_filter(), username=options["username"]).first()
        if user is None:
            raise CommandError(
                f"{options['username']!r} is geen demo-account. Demo-accounts: werker, "
                "werker2, beleid, coordinator, beheer, fg (en werker-<code>)."
            )
        code = demo_code(user)
        if code is None:
            raise CommandError(
                f"{user.username} heeft geen demo-authenticator (geen tweede factor nodig, "
                "of een eigen app gekoppeld)."
            )
        token, seconds = code
        self.stdout.write(f"{token}")
        self.stderr.write(
            f"Code voor {user.username}, nog {seconds} s geldig (daarna de volgende). "
            f"Demosleutel voor een authenticator-app: {DEMO_TOTP_SECRET}"
        )
