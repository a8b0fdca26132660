"""manage.py deduce_cache [--rebuild | --check]: build deduce's lookup structures at install time.

deduce (the de-identifier behind releasing story texts) builds lookup structures from its word
lists the first time it is used: one to two minutes of CPU. Run this once after installing or
upgrading (make deps, CI and deployments do), so that no request pays for it.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from opbouw.analysis.disclosure import text


class Command(BaseCommand):
    help = "Build deduce's lookup structures into OPBOUW_DEDUCE_CACHE_DIR (once; --rebuild forces)."
    # Its own check (opbouw.reports.W001) would only say what this command is about to fix.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="build again even if built")
        parser.add_argument(
            "--check", action="store_true", help="only say whether it is built (exit 1 if not)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            if not text.cache_is_built():
                raise CommandError(f"not built: {text.cache_file()}")
            self.stdout.write(f"built: {text.cache_file()}")
            return
        if text.cache_is_built() and not options["rebuild"]:
            self.stdout.write(f"already built: {text.cache_file()}")
            return
        started = time.monotonic()
        directory = text.build_cache(rebuild=options["rebuild"])
        if directory != text.cache_dir():
            raise CommandError(
                f"{text.cache_dir()} is not writable (built in {directory}, which is lost "
                "at the next start): set OPBOUW_DEDUCE_CACHE_DIR to a writable directory"
            )
        seconds = time.monotonic() - started
        self.stdout.write(f"built in {seconds:.0f} s: {text.cache_file()}")
