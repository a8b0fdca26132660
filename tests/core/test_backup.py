"""The restore drill: back up, wipe and alter, restore — every table and file is as it was.

Runs on SQLite (the online backup API) and, through scripts/throwaway_postgres.py, on
PostgreSQL (pg_dump / pg_restore). Bad archives are refused with a message and change nothing.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from opbouw.core import backup
from opbouw.journal.models import JournalEntry
from opbouw.people.models import Person
from tests.factories import (
    ConsentFactory,
    GroupFactory,
    JournalEntryFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _value(value):
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def database_state() -> dict[str, tuple[int, str]]:
    """Per table: the row count and a hash of the content (rows sorted, so order-free)."""
    state = {}
    with connection.cursor() as cursor:
        for table in backup.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(tuple(_value(v) for v in row)) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def files_state(*roots: Path) -> dict[str, str]:
    return {
        f"{root.name}/{path.relative_to(root)}": hashlib.sha256(path.read_bytes()).hexdigest()
        for root in roots
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPBOUW_UPLOAD_ROOT = tmp_path / "uploads"
    (settings.MEDIA_ROOT / "foto's").mkdir(parents=True)
    (settings.MEDIA_ROOT / "foto's" / "buurtfeest.jpg").write_bytes(b"\xff\xd8jpeg" * 100)
    (settings.OPBOUW_UPLOAD_ROOT / "grants" / "7").mkdir(parents=True)
    (settings.OPBOUW_UPLOAD_ROOT / "grants" / "7" / "bon.pdf").write_bytes(b"%PDF-1.4 bon")
    return settings.MEDIA_ROOT, settings.OPBOUW_UPLOAD_ROOT


@pytest.fixture
def data(users, areas, worker):
    people = [PersonFactory(area=areas.buurt, name=f"Bewoner {i} Ëlçin") for i in range(12)]
    ConsentFactory(person=people[0])
    GroupFactory(area=areas.wijk, members=people[:3])
    for i, person in enumerate(people):
        JournalEntryFactory(
            area=areas.buurt, author=worker, people=[person], note=f"Gesprek {i}: moestuin."
        )
    return people


def test_restore_drill(data, roots, tmp_path, capsys):
    media, uploads = roots
    lone = PersonFactory(area=data[0].area, name="Losse Bewoner")
    before_db, before_files = database_state(), files_state(media, uploads)
    assert before_db["journal_journalentry"][0] == 12
    archive = tmp_path / "backups" / "drill.tar.gz"

    call_command("backup", output=archive)
    assert "Back-up gemaakt" in capsys.readouterr().out
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: only the owner reads it

    # Disaster: rows deleted, changed and added; files changed, deleted and added.
    JournalEntry.objects.update(note="Gewist.")
    JournalEntry.people.through.objects.all().delete()
    Person.objects.filter(pk=lone.pk)._raw_delete(connection.alias)  # nothing refers to it
    Person.objects.filter(pk=data[1].pk).update(name="Iemand Anders")
    PersonFactory(area=data[0].area, name="Na de back-up")
    (media / "foto's" / "buurtfeest.jpg").write_bytes(b"overschreven")
    (uploads / "grants" / "7" / "bon.pdf").unlink()
    (uploads / "vreemd.txt").write_text("niet in de back-up")
    assert database_state() != before_db

    call_command("restore", str(archive), interactive=False)
    assert "Hersteld" in capsys.readouterr().out

    after_db = database_state()
    assert after_db.keys() == before_db.keys()
    differences = [table for table in before_db if after_db[table] != before_db[table]]
    assert not differences, differences
    assert files_state(media, uploads) == before_files
    # The site works on the restored data.
    assert JournalEntry.objects.filter(note__startswith="Gesprek").count() == 12
    assert Person.objects.get(pk=data[1].pk).name == data[1].name


def test_the_manifest_describes_the_archive(data, roots, tmp_path):
    archive = tmp_path / "b.tar.gz"
    manifest = backup.backup_create(output=archive)
    assert manifest.engine == connection.vendor
    assert manifest.row_counts["people_person"] == Person.objects.count()
    assert manifest.file_counts == {"media": 1, "uploads": 1}
    with tarfile.open(archive) as opened:
        names = set(opened.getnames())
    assert names == {
        "manifest.json",
        backup.DATABASE_MEMBER[connection.vendor],
        "media/foto's/buurtfeest.jpg",
        "uploads/grants/7/bon.pdf",
    }


# --- bad archives: a clear message, and nothing changes ------------------------------------------


def _refused(path: Path, message: str, roots) -> None:
    before_db, before_files = database_state(), files_state(*roots)
    with pytest.raises(CommandError) as info:
        call_command("restore", str(path), interactive=False)
    assert message in str(info.value)
    assert "niets veranderd" in str(info.value)
    assert database_state() == before_db
    assert files_state(*roots) == before_files


def _rewrite(source: Path, target: Path, change) -> None:
    """Copy an archive member by member, letting `change(name, data)` alter or drop members."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            result = change(member.name, data)
            if result is None:
                continue
            name, data = result
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.fixture
def good_archive(data, roots, tmp_path) -> Path:
    archive = tmp_path / "goed.tar.gz"
    backup.backup_create(output=archive)
    # Something changes after the backup, so a wrongful restore would show.
    Person.objects.filter(pk=data[0].pk).update(name="Veranderd na de back-up")
    return archive


def test_a_file_that_is_not_an_archive_is_refused(good_archive, roots, tmp_path):
    text = tmp_path / "notities.txt"
    text.write_text("geen back-up")
    _refused(text, "geen tar-archief", roots)


def test_an_archive_without_manifest_is_refused(good_archive, roots, tmp_path):
    other = tmp_path / "ander.tar.gz"
    _rewrite(good_archive, other, lambda n, d: None if n == "manifest.json" else (n, d))
    _refused(other, "geen geldig manifest.json", roots)


def test_a_damaged_database_is_refused(good_archive, roots, tmp_path):
    member = backup.DATABASE_MEMBER[connection.vendor]
    damaged = tmp_path / "beschadigd.tar.gz"

    def damage(name, data):
        # Invert 100 bytes in the middle: zeroing the tail could leave an SQLite file whose
        # last page is already empty unchanged, and the test would prove nothing.
        middle = len(data) // 2
        flipped = bytes(byte ^ 0xFF for byte in data[middle : middle + 100])
        return (
            (name, data[:middle] + flipped + data[middle + 100 :])
            if name == member
            else (name, data)
        )

    _rewrite(good_archive, damaged, damage)
    _refused(damaged, "beschadigd", roots)


def test_an_archive_of_the_other_database_engine_is_refused(good_archive, roots, tmp_path):
    def other_engine(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
            return name, json.dumps(manifest).encode()
        return name, data

    foreign = tmp_path / "andere-database.tar.gz"
    _rewrite(good_archive, foreign, other_engine)
    _refused(foreign, "database; deze installatie gebruikt", roots)


def test_a_member_outside_the_archive_folders_is_refused(good_archive, roots, tmp_path):
    def escape(name, data):
        if name.startswith("media/"):
            return "../../etc/ontsnapt", data
        return name, data

    evil = tmp_path / "ontsnapping.tar.gz"
    _rewrite(good_archive, evil, escape)
    _refused(evil, "onverwacht bestand", roots)
    assert not (tmp_path.parent / "etc" / "ontsnapt").exists()


def test_an_archive_from_a_newer_version_is_refused(good_archive, roots, tmp_path):
    def newer(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["migrations"]["journal"].append("9999_from_the_future")
            return name, json.dumps(manifest).encode()
        return name, data

    future = tmp_path / "toekomst.tar.gz"
    _rewrite(good_archive, future, newer)
    _refused(future, "nieuwere versie", roots)


def test_a_missing_file_is_a_clear_message(db):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("restore", "/bestaat/niet.tar.gz", interactive=False)


def _write_from_another_connection(area, name: str) -> None:
    """A write of the site, on a connection of its own (each thread has one)."""
    import threading

    from django.db import connection as thread_connection

    def write() -> None:
        try:
            PersonFactory(area=area, name=name)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


def test_a_write_between_the_dump_and_the_counting_does_not_break_the_restore(
    data, roots, tmp_path, monkeypatch
):
    """Issue 11, item 10: the counts were taken after the dump, in another snapshot, so a row
    written in between made the backup fail its own restore check."""
    dump = backup._dump_database

    def dump_then_the_site_writes(*args, **kwargs):
        dump(*args, **kwargs)
        _write_from_another_connection(data[0].area, "Na de dump")

    monkeypatch.setattr(backup, "_dump_database", dump_then_the_site_writes)
    archive = tmp_path / "busy.tar.gz"
    manifest = backup.backup_create(output=archive)
    assert Person.objects.filter(name="Na de dump").exists()  # the write happened
    assert manifest.row_counts["people_person"] == Person.objects.count() - 1

    call_command("restore", str(archive), interactive=False)  # the restore check passes
    assert not Person.objects.filter(name="Na de dump").exists()
    assert Person.objects.count() == manifest.row_counts["people_person"]


def test_a_backup_under_concurrent_writes_restores_cleanly(data, roots, tmp_path, capsys):
    """A writer keeps adding people and journal entries while the backup runs."""
    import threading

    from django.db import OperationalError
    from django.db import connection as thread_connection

    done, started = threading.Event(), threading.Event()
    written = []
    area = data[0].area
    author = JournalEntry.objects.first().author

    def writer() -> None:
        try:
            for i in range(5_000):  # bounded; stops as soon as the backup is made
                if done.is_set():
                    break
                try:
                    person = PersonFactory(area=area, name=f"Schrijver {i}")
                    JournalEntryFactory(area=area, author=author, people=[person], note="Bezig")
                    written.append(i)
                    started.set()
                except OperationalError:  # SQLite: the backup holds the database a moment
                    continue
        finally:
            started.set()
            thread_connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        started.wait()  # the writer is under way before the backup starts
        archive = tmp_path / "under-load.tar.gz"
        manifest = backup.backup_create(output=archive)
    finally:
        done.set()
        thread.join()
    assert written
    call_command("restore", str(archive), interactive=False)
    assert "Hersteld" in capsys.readouterr().out
    assert Person.objects.count() == manifest.row_counts["people_person"]
    assert JournalEntry.objects.count() == manifest.row_counts["journal_journalentry"]
