"""Back-ups of the database and MEDIA_ROOT, for `manage.py backup` and `manage.py restore`.

One back-up is two files side by side, named after the moment it was made:

    woonzorg-20261204-153000.dump            PostgreSQL: pg_dump --format=custom
    woonzorg-20261204-153000.sqlite3         SQLite: a copy made with sqlite3's online backup API
    woonzorg-20261204-153000-media.tar.gz    MEDIA_ROOT (signed agreements, reports, uploads)

The database copy is consistent while the application runs: pg_dump reads one snapshot, and the
SQLite backup API copies a live database page by page under its lock (a plain file copy could
catch a half-written transaction). Restoring is as careful: pg_restore runs in one transaction,
so a failed restore changes nothing, and SQLite is restored through the same backup API into the
live file, never by swapping the file under an open connection.

The functions take the database settings and MEDIA_ROOT as arguments (defaulting to the
configured ones), so tests can aim them at scratch databases.
"""

import gzip
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db.backends.postgresql.client import DatabaseClient
from django.utils import timezone
from django.utils.translation import gettext as _

POSTGRESQL, SQLITE = "PostgreSQL", "SQLite"
SUFFIXES = {POSTGRESQL: ".dump", SQLITE: ".sqlite3"}
MEDIA_SUFFIX = "-media.tar.gz"
MEDIA_ARCNAME = "media"  # the one top-level folder in the archive
# How each kind's files begin (pg_dump's custom format; every SQLite 3 database).
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
# A table every Woonzorg database has: tells our back-up from another application's.
KENMERK_TABEL = "woonzorg_user"
# What reading a truncated or garbled .tar.gz raises (not a full disk: that is no damage).
DAMAGED_ARCHIVE = (tarfile.TarError, gzip.BadGzipFile, EOFError, zlib.error)


@dataclass(frozen=True)
class Backup:
    database: Path
    media: Path
    kind: str  # POSTGRESQL or SQLITE


def database_kind(database: dict) -> str:
    engine = database["ENGINE"]
    if engine.endswith(("postgresql", "postgis")):
        return POSTGRESQL
    if engine.endswith(("sqlite3", "spatialite")):
        return SQLITE
    raise CommandError(
        _("Back-ups werken met PostgreSQL en SQLite, niet met %(engine)s.") % {"engine": engine}
    )


def database_label(database: dict) -> str:
    """How the restore question names the database it overwrites."""
    if database_kind(database) == SQLITE:
        return _("de SQLite-database %(pad)s") % {"pad": database["NAME"]}
    host = database.get("HOST") or "localhost"
    return _("de PostgreSQL-database %(naam)s op %(host)s") % {
        "naam": database["NAME"],
        "host": host,
    }


# Making a back-up


def make_backup(
    folder: Path, database: dict | None = None, media_root: Path | None = None
) -> Backup:
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    kind = database_kind(database)
    if kind == POSTGRESQL:
        _tool("pg_dump")  # before anything is written
    folder = Path(folder)
    _check_outside(folder, media_root)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    backup = _new_backup(folder, kind)
    try:
        _write_private(backup.database, lambda part: _dump_database(database, kind, part))
        _write_private(backup.media, lambda part: _pack_media(media_root, part))
    except BaseException:
        backup.database.unlink(missing_ok=True)
        raise
    return backup


def _new_backup(folder: Path, kind: str) -> Backup:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    stem, n = f"woonzorg-{stamp}", 1
    while True:
        backup = Backup(
            database=folder / f"{stem}{SUFFIXES[kind]}",
            media=folder / f"{stem}{MEDIA_SUFFIX}",
            kind=kind,
        )
        if not backup.database.exists() and not backup.media.exists():
            return backup
        n += 1
        stem = f"woonzorg-{stamp}-{n}"


def _write_private(path: Path, write: Callable[[Path], None]):
    """Write through a .part file readable by the owner only: a back-up holds personal data
    and password hashes, and an interrupted one never looks complete."""
    part = path.with_name(path.name + ".part")
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        write(part)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _dump_database(database: dict, kind: str, target: Path):
    if kind == POSTGRESQL:
        _run_pg("pg_dump", database, ["--format=custom", f"--file={target}"])
        return
    source = Path(database["NAME"])
    if not source.is_file():
        raise CommandError(_("De database %(pad)s bestaat niet.") % {"pad": source})
    try:
        with _open_sqlite(source, read_only=True) as live, _open_sqlite(target) as copy:
            live.backup(copy)
    except sqlite3.Error as error:
        raise CommandError(
            _("De back-up van %(pad)s is mislukt: %(fout)s") % {"pad": source, "fout": error}
        ) from error


def _pack_media(media_root: Path, target: Path):
    with tarfile.open(target, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=MEDIA_ARCNAME)
        else:  # nothing uploaded yet: an empty folder, so a restore empties MEDIA_ROOT
            folder = tarfile.TarInfo(MEDIA_ARCNAME)
            folder.type, folder.mode, folder.mtime = tarfile.DIRTYPE, 0o755, int(time.time())
            archive.addfile(folder)


# Restoring a back-up


def open_backup(path: Path | str, database: dict | None = None) -> Backup:
    """The back-up a file belongs to (its database file or its media archive), checked to be
    a complete Woonzorg back-up that fits the configured database."""
    path = Path(path)
    if path.name.endswith(MEDIA_SUFFIX):
        stem = path.name.removesuffix(MEDIA_SUFFIX)
        candidates = [path.with_name(stem + suffix) for suffix in SUFFIXES.values()]
        path = next((c for c in candidates if c.exists()), candidates[0])
    if not path.is_file():
        raise CommandError(_("Het bestand %(pad)s bestaat niet.") % {"pad": path})
    with path.open("rb") as file:
        head = file.read(16)
    kind = next((k for k, magic in MAGIC.items() if head.startswith(magic)), None)
    if kind is None:
        raise CommandError(
            _(
                "%(pad)s is geen back-up van Woonzorg: het is geen PostgreSQL-dump en geen "
                "SQLite-database."
            )
            % {"pad": path}
        )
    backup = Backup(database=path, media=path.with_name(path.stem + MEDIA_SUFFIX), kind=kind)
    check_matches(backup, database)
    _check_database_file(backup)
    _check_media_file(backup)
    return backup


def _check_database_file(backup: Backup):
    foreign = _("%(pad)s is geen back-up van Woonzorg: de tabellen van Woonzorg ontbreken.") % {
        "pad": backup.database
    }
    if backup.kind == POSTGRESQL:
        listing = _run(
            [_tool("pg_restore"), "--list", str(backup.database)],
            failure=_("%(pad)s is geen leesbare PostgreSQL-dump") % {"pad": backup.database},
        )
        if not re.search(rf"^[\d; ]+ TABLE \S+ {KENMERK_TABEL} ", listing, re.MULTILINE):
            raise CommandError(foreign)
        return
    try:
        with _open_sqlite(backup.database, read_only=True) as db:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
            found = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [KENMERK_TABEL]
            ).fetchone()
    except sqlite3.DatabaseError as error:
        check = str(error)
    if check != "ok":
        raise CommandError(
            _("%(pad)s is beschadigd: %(fout)s") % {"pad": backup.database, "fout": check}
        )
    if not found:
        raise CommandError(foreign)


def _check_media_file(backup: Backup):
    if not backup.media.is_file():
        raise CommandError(
            _(
                "Bij deze back-up hoort het bestand %(media)s met de geüploade bestanden en "
                "rapporten, maar het staat niet naast %(database)s."
            )
            % {"media": backup.media.name, "database": backup.database}
        )
    try:
        with tarfile.open(backup.media, "r:gz") as archive:
            names = archive.getnames()
    except DAMAGED_ARCHIVE as error:
        raise CommandError(
            _("%(pad)s is beschadigd: %(fout)s") % {"pad": backup.media, "fout": error}
        ) from error
    if not names or any(
        name != MEDIA_ARCNAME and not name.startswith(MEDIA_ARCNAME + "/") for name in names
    ):
        raise CommandError(
            _("%(pad)s is geen archief van de bestanden van Woonzorg.") % {"pad": backup.media}
        )


def check_matches(backup: Backup, database: dict | None = None):
    """A PostgreSQL dump cannot go into SQLite, nor the other way round."""
    kind = database_kind(database or settings.DATABASES["default"])
    if backup.kind != kind:
        raise CommandError(
            _(
                "%(pad)s is een back-up van een %(van)s-database, maar Woonzorg gebruikt nu "
                "%(nu)s (DATABASE_URL). Herstel hem in een installatie met %(van)s."
            )
            % {"pad": backup.database, "van": backup.kind, "nu": kind}
        )


def restore_backup(backup: Backup, database: dict | None = None, media_root: Path | None = None):
    """Overwrite the database and MEDIA_ROOT with a back-up from open_backup(); the caller has
    asked first."""
    database = database or settings.DATABASES["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    check_matches(backup, database)
    _check_outside(backup.media.parent, media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    # Unpacked first, inside MEDIA_ROOT (the same file system, also when it is a mounted
    # volume), so a damaged archive stops the restore before the database is touched.
    staging = Path(tempfile.mkdtemp(prefix=".herstel-", dir=media_root))
    try:
        try:
            with tarfile.open(backup.media, "r:gz") as archive:
                archive.extractall(staging, filter="data")
        except DAMAGED_ARCHIVE as error:
            raise CommandError(
                _("%(pad)s is beschadigd: %(fout)s") % {"pad": backup.media, "fout": error}
            ) from error
        _restore_database(backup, database)
        _swap_media(media_root, staging / MEDIA_ARCNAME, keep=staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _restore_database(backup: Backup, database: dict):
    if backup.kind == POSTGRESQL:
        _run_pg(
            "pg_restore",
            database,
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"],
            str(backup.database),
        )
        return
    target = Path(database["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with _open_sqlite(backup.database, read_only=True) as source, _open_sqlite(target) as live:
            # Page by page under SQLite's lock, in one step: other connections see the old
            # database or the restored one, never a mix.
            source.backup(live)
    except sqlite3.Error as error:  # e.g. locked by a long transaction of the running app
        raise CommandError(
            _("De database %(pad)s kon niet worden overschreven: %(fout)s")
            % {"pad": target, "fout": error}
        ) from error


def _swap_media(media_root: Path, unpacked: Path, keep: Path):
    old = Path(tempfile.mkdtemp(prefix=".oud-", dir=media_root))
    for entry in media_root.iterdir():
        if entry not in (keep, old):
            entry.rename(old / entry.name)
    for entry in unpacked.iterdir():
        entry.rename(media_root / entry.name)
    shutil.rmtree(old)


# Helpers


def _check_outside(folder: Path, media_root: Path):
    """Back-ups inside MEDIA_ROOT would be packed into every next one, and a restore, which
    empties MEDIA_ROOT, would delete them."""
    if folder.resolve().is_relative_to(media_root.resolve()):
        raise CommandError(
            _("Zet back-ups niet in MEDIA_ROOT (%(media)s), maar in een map ernaast.")
            % {"media": media_root}
        )


@contextmanager
def _open_sqlite(path: Path, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection that is closed afterwards (sqlite3's own context manager only commits)."""
    path = Path(path).resolve()
    if read_only:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    else:
        connection = sqlite3.connect(path)
    try:
        yield connection
    finally:
        connection.close()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            _(
                "%(tool)s is niet gevonden. Installeer de PostgreSQL-clientprogramma's in "
                "dezelfde of een nieuwere versie dan de server (Debian/Ubuntu: "
                "apt-get install postgresql-client)."
            )
            % {"tool": name}
        )
    return path


def _run_pg(tool: str, database: dict, options: list[str], *arguments: str):
    # Connection parameters as `manage.py dbshell` passes them: host, port and user as options,
    # the password (and TLS settings) through libpq's environment, never on the command line.
    env = DatabaseClient.settings_to_cmd_args_env({"OPTIONS": {}, **database}, [])[1]
    connection = [f"--dbname={database['NAME']}"]
    if database.get("USER"):
        connection.append(f"--username={database['USER']}")
    if database.get("HOST"):
        connection.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        connection.append(f"--port={database['PORT']}")
    _run(
        [_tool(tool), "--no-password", *connection, *options, *arguments],
        env={**os.environ, **(env or {})},
        failure=_("%(tool)s is mislukt") % {"tool": tool},
    )


def _run(command: list[str], failure: str, env: dict | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise CommandError(f"{failure}:\n{result.stderr.strip()}")
    return result.stdout
