"""Back-up and restore: the database and the uploaded files in one archive.

An archive is a gzipped tar file with
- ``manifest.json``: format and version, when, which database engine, the applied migrations,
  the row count per table, and a SHA-256 of every other member. Counts and migrations are
  read from what was dumped (SQLite: the dumped file; PostgreSQL: the transaction whose
  exported snapshot pg_dump uses), so a backup taken while the site writes passes its own
  restore check;
- ``database.sqlite3`` (SQLite, made with SQLite's online backup API, so the site can keep
  running) or ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media/…`` and ``uploads/…``: MEDIA_ROOT and OPBOUW_UPLOAD_ROOT (buurtbudget receipts).

Restoring first checks everything — that it is an opbouw archive, of this database engine,
from this version of the code or an older one, and that every file is intact — and only then
replaces the database (SQLite: the backup API again; PostgreSQL: ``pg_restore --clean`` in one
transaction) and the two directories. A file of the wrong kind changes nothing.

The archive holds personal data: it is written with permissions 0600.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from opbouw.core.pg_client import BackupError, pg_bindir, run_pg

__all__ = ["BackupError", "backup_create", "backup_inspect", "backup_restore", "pg_bindir"]

FORMAT = "opbouw-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILE_ROOTS = ("media", "uploads")


@dataclass(frozen=True)
class Manifest:
    data: dict[str, Any]

    @property
    def engine(self) -> str:
        return str(self.data["engine"])

    @property
    def created(self) -> str:
        return str(self.data["created"])

    @property
    def row_counts(self) -> dict[str, int]:
        return dict(self.data["row_counts"])

    @property
    def file_counts(self) -> dict[str, int]:
        return dict(self.data["file_counts"])


def file_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "uploads": Path(settings.OPBOUW_UPLOAD_ROOT)}


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(
            _("Back-ups werken met SQLite en PostgreSQL, niet met %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.OPBOUW_BACKUP_DIR) / f"opbouw-{stamp}.tar.gz"


# --- what is in the database ------------------------------------------------------------------


def table_names(using: BaseDatabaseWrapper | None = None) -> list[str]:
    using = using or connection
    with using.cursor() as cursor:
        return sorted(using.introspection.table_names(cursor))


def row_counts(using: BaseDatabaseWrapper | None = None) -> dict[str, int]:
    """Rows per table, in one query (a UNION of counts)."""
    using = using or connection
    tables = table_names(using)
    if not tables:
        return {}
    quote = using.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*) FROM {quote(table)}"  # noqa: S608 - names from introspection
        for i, table in enumerate(tables)
    )
    with using.cursor() as cursor:
        cursor.execute(sql)
        return {tables[int(i)]: int(count) for i, count in cursor.fetchall()}


def applied_migrations(using: BaseDatabaseWrapper | None = None) -> dict[str, list[str]]:
    loader = MigrationLoader(using or connection, ignore_no_migrations=True)
    applied: dict[str, list[str]] = {}
    for app, name in sorted(loader.applied_migrations):
        applied.setdefault(app, []).append(name)
    return applied


# --- making a backup -------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_database(kind: str, target: Path, *, snapshot: str | None = None) -> None:
    if kind == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # online: readers and writers carry on
        finally:
            destination.close()
    else:
        # In the exported snapshot of the transaction that also counts the rows.
        extra = [f"--snapshot={snapshot}"] if snapshot else []
        run_pg(
            "pg_dump",
            ["--format=custom", "--no-owner", "--no-privileges", *extra, "--file", str(target)],
        )


def _count_sql(table: str) -> str:
    quoted = table.replace('"', '""')
    return f'SELECT COUNT(*) FROM "{quoted}"'  # noqa: S608 - a name from sqlite_master


def _sqlite_contents(database: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts and applied migrations read from the dumped file itself, so they describe
    exactly what the archive holds, whatever the site wrote meanwhile."""
    probe = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = sorted(  # the tables Django's introspection lists
            name
            for (name,) in probe.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name != 'sqlite_sequence'"
            )
        )
        counts = {table: int(probe.execute(_count_sql(table)).fetchone()[0]) for table in tables}
        applied: dict[str, list[str]] = {}
        if "django_migrations" in tables:
            for app, name in probe.execute(
                "SELECT app, name FROM django_migrations ORDER BY app, name"
            ):
                applied.setdefault(app, []).append(name)
    finally:
        probe.close()
    return counts, applied


@contextmanager
def _postgresql_snapshot() -> Iterator[tuple[str, BaseDatabaseWrapper]]:
    """A read-only REPEATABLE READ transaction on a connection of its own, and its exported
    snapshot: pg_dump (--snapshot) and the row counts see the same rows."""
    own = connections.create_connection(connection.alias)
    try:
        own.set_autocommit(False)
        with own.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
        yield str(snapshot), own
    finally:
        try:
            own.rollback()
        finally:
            own.close()


def _dump_with_contents(kind: str, target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Dump the database; count its rows and read its migrations in the dump's own snapshot
    (issue 11: counted separately, a backup taken while the site wrote failed its restore
    check)."""
    if kind == "sqlite":
        _dump_database(kind, target)
        return _sqlite_contents(target)
    with _postgresql_snapshot() as (snapshot, own):
        _dump_database(kind, target, snapshot=snapshot)
        return row_counts(own), applied_migrations(own)


def _files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def backup_create(*, output: Path) -> Manifest:
    kind = engine()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="opbouw-backup-") as scratch:
        database = Path(scratch) / DATABASE_MEMBER[kind]
        counts, migrations = _dump_with_contents(kind, database)
        checksums = {DATABASE_MEMBER[kind]: _sha256(database)}
        members: list[tuple[Path, str]] = [(database, DATABASE_MEMBER[kind])]
        file_counts = {}
        for name, root in file_roots().items():
            files = list(_files(root))
            file_counts[name] = len(files)
            for path in files:
                arcname = f"{name}/{path.relative_to(root).as_posix()}"
                members.append((path, arcname))
                checksums[arcname] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created": timezone.now().isoformat(),
            "engine": kind,
            "migrations": migrations,
            "row_counts": counts,
            "file_counts": file_counts,
            "sha256": checksums,
        }
        manifest_path = Path(scratch) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = output.with_name(output.name + ".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            for path, arcname in members:
                archive.add(path, arcname=arcname, recursive=False)
        partial.replace(output)  # never a half-written archive under the final name
    return Manifest(manifest)


# --- checking and restoring ----------------------------------------------------------------

_SAFE_NAME = re.compile(
    r"^(?:manifest\.json|database\.(?:sqlite3|pgdump)|(?:media|uploads)/[^\x00]+)$"
)


def _not_a_backup(path: Path, why: str) -> BackupError:
    return BackupError(
        _("%(path)s is geen back-up van opbouw (%(why)s). Er is niets veranderd.")
        % {"path": path, "why": why}
    )


def _read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        data = json.loads(handle.read()) if handle else None
    except (KeyError, json.JSONDecodeError, UnicodeDecodeError):
        raise _not_a_backup(path, _("geen geldig manifest.json")) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _not_a_backup(path, _("het manifest is niet van opbouw"))
    if data.get("version") != VERSION:
        raise BackupError(
            _(
                "Deze back-up heeft versie %(version)s van het formaat; deze opbouw leest "
                "versie %(ours)s. Er is niets veranderd."
            )
            % {"version": data.get("version"), "ours": VERSION}
        )
    return data


def _check_migrations(manifest: dict[str, Any]) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    unknown = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            _(
                "Deze back-up komt van een nieuwere versie van opbouw (onbekende migraties: "
                "%(names)s). Installeer eerst die versie. Er is niets veranderd."
            )
            % {"names": ", ".join(unknown[:5])}
        )


@contextmanager
def _unpacked(path: Path) -> Iterator[tuple[Manifest, Path]]:
    """Check the archive completely and unpack it into a scratch directory."""
    if not path.is_file():
        raise BackupError(_("Het bestand %(path)s bestaat niet.") % {"path": path})
    if not tarfile.is_tarfile(path):
        raise _not_a_backup(path, _("geen tar-archief"))
    kind = engine()
    with tempfile.TemporaryDirectory(prefix="opbouw-restore-") as scratch:
        root = Path(scratch)
        try:
            with tarfile.open(path, mode="r:*") as archive:
                data = _read_manifest(archive, path)
                if data.get("engine") != kind:
                    raise BackupError(
                        _(
                            "Deze back-up is van een %(theirs)s-database; deze installatie "
                            "gebruikt %(ours)s. Er is niets veranderd."
                        )
                        % {"theirs": data.get("engine"), "ours": kind}
                    )
                _check_migrations(data)
                expected = dict(data.get("sha256", {}))
                seen = set()
                for member in archive.getmembers():
                    if member.name == MANIFEST:
                        continue
                    if (
                        not member.isfile()
                        or not _SAFE_NAME.match(member.name)
                        or ".." in Path(member.name).parts
                    ):
                        raise _not_a_backup(
                            path, _("onverwacht bestand %(name)s") % {"name": member.name}
                        )
                    if member.name not in expected:
                        raise _not_a_backup(
                            path, _("%(name)s staat niet in het manifest") % {"name": member.name}
                        )
                    archive.extract(member, root, filter="data")
                    if _sha256(root / member.name) != expected[member.name]:
                        raise BackupError(
                            _(
                                "De back-up is beschadigd: %(name)s klopt niet met het "
                                "manifest. Er is niets veranderd."
                            )
                            % {"name": member.name}
                        )
                    seen.add(member.name)
        except (tarfile.TarError, EOFError, OSError) as error:
            raise _not_a_backup(
                path, _("het archief is onleesbaar: %(error)s") % {"error": error}
            ) from None
        missing = set(expected) - seen
        if missing:
            raise BackupError(
                _("De back-up is onvolledig: %(names)s ontbreekt. Er is niets veranderd.")
                % {"names": ", ".join(sorted(missing)[:5])}
            )
        database = root / DATABASE_MEMBER[kind]
        if not database.is_file():
            raise _not_a_backup(path, _("er zit geen database in"))
        _check_database_file(kind, database, path)
        yield Manifest(data), root


def _check_database_file(kind: str, database: Path, path: Path) -> None:
    if kind == "sqlite":
        try:
            probe = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            try:
                result = probe.execute("PRAGMA integrity_check").fetchone()
            finally:
                probe.close()
        except sqlite3.DatabaseError as error:
            raise _not_a_backup(path, str(error)) from None
        if not result or result[0] != "ok":
            raise BackupError(_("De database in de back-up is beschadigd. Er is niets veranderd."))
    else:
        result = run_pg("pg_restore", ["--list", str(database)], check=False, with_database=False)
        if result.returncode != 0:
            raise _not_a_backup(path, _("pg_restore kan de database-dump niet lezen"))


def backup_inspect(path: Path) -> Manifest:
    with _unpacked(path) as (manifest, _root):
        return manifest


def backup_restore(path: Path) -> Manifest:
    with _unpacked(path) as (manifest, root):
        kind = manifest.engine
        _restore_database(kind, root / DATABASE_MEMBER[kind])
        for name, target in file_roots().items():
            _replace_directory(root / name, target)
    return manifest


def _restore_database(kind: str, database: Path) -> None:
    if kind == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)  # page by page, in one go: all or nothing
        finally:
            source.close()
    else:
        connection.close()  # no open transaction of ours may hold a lock on a table
        run_pg(
            "pg_restore",
            [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(database),
            ],
        )


def _replace_directory(source: Path, target: Path) -> None:
    """Swap in the restored directory; the old one goes only once the new one is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(prefix=f".{target.name}-restore-", dir=target.parent))
    if source.is_dir():
        shutil.copytree(source, incoming, dirs_exist_ok=True)
    outgoing = target.with_name(f".{target.name}-old-{incoming.name.rsplit('-', 1)[-1]}")
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)
