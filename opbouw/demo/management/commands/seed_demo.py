"""manage.py seed_demo --seed N --scale small|large [--reset]: the demo neighbourhood.

small: Hengelo's wijken and buurten, with ~400 residents, groups, places and two years of
journal in wijk Berflo Es, written through the services. large: 100,000 people and a million
journal entries over all 62 buurten, for benchmarks. Running it again changes nothing and only
prints the logins; --reset removes the demo first. Demo accounts share the password
"opbouw-demo": never seed a database that real users log in to.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from opbouw.demo.seeding import SeedError, SeedResult, seed_demo
from opbouw.demo.seeding.two_factor import DEMO_TOTP_SECRET, ensure_demo_totp_devices


class Command(BaseCommand):
    help = "Seed the demo neighbourhood (idempotent); prints one login per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument(
            "--reset", action="store_true", help="remove an existing demo and build it again"
        )
        # Smaller counts for tests; hidden because the demo and the benchmarks use the scales.
        parser.add_argument("--people", type=int, default=None, help="==SUPPRESS==")
        parser.add_argument("--entries", type=int, default=None, help="==SUPPRESS==")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.OPBOUW_PRODUCTION:
            # Every demo account shares a public password and TOTP key: never on a real site.
            raise CommandError(
                "Alleen voor de demo: seed_demo weigert onder de productie-instellingen "
                "(config.settings.prod); demo-accounts hebben een openbaar wachtwoord en "
                "een openbare TOTP-sleutel."
            )
        try:
            result = seed_demo(
                seed=options["seed"],
                scale=options["scale"],
                reset=options["reset"],
                people=options["people"],
                entries=options["entries"],
                out=self.stdout.write,
            )
        except SeedError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"De database weigerde de demo ({error}). Is `manage.py migrate` gedraaid?"
            ) from error
        # Also for a demo seeded before two-factor login existed: idempotent.
        ensure_demo_totp_devices()
        self._report(result)

    def _report(self, result: SeedResult) -> None:
        dataset = result.dataset
        if not result.created:
            self.stdout.write(
                f"De demo bestaat al (omvang {dataset.scale}, seed {dataset.seed}, logboek tot "
                f"{dataset.anchor_date:%d-%m-%Y}); er is niets toegevoegd. "
                "Met --reset bouwt u hem opnieuw op."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo klaar: {dataset.people_count} mensen, {dataset.entry_count} "
                    f"logboekregels in {dataset.seconds:.0f} s."
                )
            )
        rows = [("rol", "gebruikersnaam", "wachtwoord", "gebied")]
        rows += [
            (login.role, login.username, login.password, login.area) for login in result.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        self.stdout.write("")
        for number, row in enumerate(rows):
            self.stdout.write(
                "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            )
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        if result.area_workers:
            self.stdout.write(
                f"\nEn {result.area_workers} opbouwwerkers per wijk en buurt: "
                "werker-<code>, bijvoorbeeld werker-wk016405 of werker-bu01640501 "
                "(zelfde wachtwoord)."
            )
        self.stdout.write(
            "Tweede factor (opbouwwerkers, beleid, coördinator, beheer, FG): de inlogcode geeft "
            "`manage.py demo_totp werker`, of zet de demosleutel "
            f"{DEMO_TOTP_SECRET} in een authenticator-app."
        )
        self.stdout.write("Alleen voor de demo: deze wachtwoorden en die sleutel zijn openbaar.")
