"""manage.py network_snapshots [--area CODE] [--since YYYY-MM-DD]: measure the networks.

Stores the metrics per month and per year for every wijk and buurt with people (or one
area), from --since (default: two years back) until today. Idempotent: computed again, a
period is replaced. Run it nightly (cron), or after importing history.
"""

import datetime as dt
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from opbouw.network.snapshots import snapshot_areas, snapshots_compute


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Geen geldige datum: {value!r} (gebruik JJJJ-MM-DD).") from None


class Command(BaseCommand):
    help = "Meet het netwerk per maand en per jaar, per wijk en buurt (of één gebied)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--area", help="CBS-code van één gebied, bijvoorbeeld WK016405")
        parser.add_argument("--since", help="vanaf deze datum (JJJJ-MM-DD); standaard twee jaar")

    def handle(self, *args: Any, **options: Any) -> None:
        since = _date(options["since"]) if options["since"] else None
        try:
            areas = snapshot_areas(options["area"])
            total = 0
            for area in areas:
                started = time.monotonic()
                count = snapshots_compute(area=area, since=since)
                total += count
                self.stdout.write(
                    f"{area.code} {area.name}: {count} perioden "
                    f"in {time.monotonic() - started:.1f} s"
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"{total} netwerkmetingen opgeslagen."))
