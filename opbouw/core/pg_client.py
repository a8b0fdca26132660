"""The PostgreSQL client programs (pg_dump, pg_restore) for backups, with the connection's
settings."""

import os
import shutil
import subprocess
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _


class BackupError(Exception):
    """The message says what is wrong, for the person running the command (backup, restore;
    opbouw.core.backup re-exports it)."""


def pg_bindir() -> Path:
    """OPBOUW_PG_BINDIR / PG_BINDIR, else `pg_config --bindir`, else the newest
    /usr/lib/postgresql/*/bin (Debian), else the PATH — as scripts/throwaway_postgres.py."""
    candidates: list[Path] = []
    for name in ("OPBOUW_PG_BINDIR", "PG_BINDIR"):
        if os.environ.get(name):
            candidates.append(Path(os.environ[name]))
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))

    def major(path: Path) -> int:
        return int(path.parent.name) if path.parent.name.isdigit() else -1

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=major, reverse=True)
    on_path = shutil.which("pg_dump")
    if on_path:
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if (bindir / "pg_dump").is_file() and (bindir / "pg_restore").is_file():
            return bindir
    raise BackupError(
        _(
            "pg_dump en pg_restore niet gevonden. Installeer de PostgreSQL-clientprogramma's "
            "of zet OPBOUW_PG_BINDIR."
        )
    )


def run_pg(
    program: str, args: list[str], *, check: bool = True, with_database: bool = True
) -> subprocess.CompletedProcess[str]:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    command = [str(pg_bindir() / program)]
    if with_database:
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if params.get(key):
                command += [flag, str(params[key])]
        command += ["--dbname", str(params["NAME"])]
    command += args
    result = subprocess.run(  # noqa: S603 - our own arguments, no shell
        command, env=env, capture_output=True, text=True, check=False
    )
    if check and result.returncode != 0:
        raise BackupError(
            _("%(program)s mislukte: %(error)s")
            % {"program": program, "error": result.stderr.strip()[-2000:]}
        )
    return result
