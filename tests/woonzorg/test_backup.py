"""`manage.py backup` and `manage.py restore` (woonzorg/backup.py).

The round trips run the real commands in subprocesses against a database of their own: a
SQLite file in a temporary folder, and, when DATABASE_URL points to PostgreSQL (as in CI), a
scratch database created and dropped here. The test database of the run is never touched.
"""

import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg import sql

from tests.woonzorg import backup_scenario
from woonzorg import backup
from woonzorg.settings.environ import env_bool


def sqlite_database(path: Path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def configured_kind() -> str:
    return backup.database_kind(settings.DATABASES["default"])


# The round trip: demo, back-up, damage, restore, the demo intact.


def run(*args: str, env: dict) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def round_trip(database_url: str, folder: Path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("REDIS_URL", "CELERY_TASK_ALWAYS_EAGER")  # tasks in process
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "woonzorg.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "LOG_LEVEL": "WARNING",
    }
    backups = folder / "backups"

    def scenario(step):
        return json.loads(run("-m", backup_scenario.__name__, step, env=env))

    def manage(*args):
        return run("manage.py", *args, env=env)

    before = scenario("prepare")
    assert before["counts"]["prestatieafspraken.Ondertekening"] == 2
    assert before["overeenkomst"]["inhoud_hash"]
    assert [name for name in before["media"] if name.endswith(".pdf")]  # the jaarschijfrapport

    written = manage("backup", "--map", str(backups))
    [database_file] = [p for p in backups.iterdir() if not p.name.endswith(backup.MEDIA_SUFFIX)]
    media_file = backups / f"{database_file.stem}{backup.MEDIA_SUFFIX}"
    assert "Back-up gemaakt" in written
    assert database_file.name in written and media_file.name in written

    during = scenario("mutate")
    assert during["counts"]["prestatieafspraken.Overeenkomst"] == 0
    assert during["counts"]["prestatieafspraken.Ondertekening"] == 0
    assert during["overeenkomst"] is None
    assert not [name for name in during["media"] if name.endswith(".pdf")]

    assert "teruggezet" in manage("restore", str(database_file), "--ja")

    after = scenario("snapshot")
    assert after == before  # counts, the signed overeenkomst and its hashes, every file
    assert backup_scenario.CHANGED_FILE not in after["media"]


def test_sqlite_round_trip(tmp_path):
    round_trip(f"sqlite:///{tmp_path / 'woonzorg.sqlite3'}", tmp_path)


@pytest.fixture
def scratch_postgres():
    """(DATABASE_URL, settings dict) of an empty PostgreSQL database, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    missing = None
    if backup.database_kind(dj_database_url.parse(url or "sqlite://")) != backup.POSTGRESQL:
        missing = "DATABASE_URL does not point to PostgreSQL"
    elif not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        missing = "pg_dump/pg_restore are not installed (apt-get install postgresql-client)"
    if missing:
        if env_bool("CI"):
            pytest.fail(f"{missing}; the PostgreSQL back-up must be tested in CI.")
        pytest.skip(f"{missing}: the PostgreSQL back-up is not tested.")

    database = dj_database_url.parse(url)
    server = {
        "host": database["HOST"],
        "port": database["PORT"],
        "user": database["USER"],
        "password": database["PASSWORD"],
        **database.get("OPTIONS", {}),
    }
    server = {key: value for key, value in server.items() if value}
    name = f"woonzorg_backup_test_{uuid.uuid4().hex[:12]}"
    create, drop = (
        sql.SQL(statement).format(sql.Identifier(name))
        for statement in ("CREATE DATABASE {}", "DROP DATABASE IF EXISTS {} WITH (FORCE)")
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(create)
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}")), {**database, "NAME": name}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(drop)


def test_postgresql_round_trip(scratch_postgres, tmp_path):
    url, _ = scratch_postgres
    round_trip(url, tmp_path)


# The same in process, on small databases: what the commands do with each kind.


def make_media(media_root: Path) -> dict[str, bytes]:
    files = {
        "jaarschijfrapporten/GM9001/rapport.pdf": b"%PDF-1.7 rapport",
        "imports/upload.csv": b"gebied;jaar\n",
    }
    for name, content in files.items():
        (media_root / name).parent.mkdir(parents=True, exist_ok=True)
        (media_root / name).write_bytes(content)
    return files


def media_files(media_root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(media_root)): path.read_bytes()
        for path in media_root.rglob("*")
        if path.is_file()
    }


def test_sqlite_backup_and_restore_in_process(tmp_path):
    database = sqlite_database(tmp_path / "db.sqlite3")
    media_root = tmp_path / "media"
    with sqlite3.connect(database["NAME"]) as db:
        db.execute(f"CREATE TABLE {backup.KENMERK_TABEL} (id INTEGER PRIMARY KEY, email TEXT)")
        db.execute(f"INSERT INTO {backup.KENMERK_TABEL} VALUES (1, 'a@gemeente-a.demo')")
    db.close()
    files = make_media(media_root)

    made = backup.make_backup(tmp_path / "backups", database, media_root)
    second = backup.make_backup(tmp_path / "backups", database, media_root)

    assert made.database.name.startswith("woonzorg-") and made.database.suffix == ".sqlite3"
    assert made.media.name == made.database.stem + backup.MEDIA_SUFFIX
    assert second.database != made.database  # never overwrites an earlier back-up
    for path in (made.database, made.media):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600  # personal data
    assert not list((tmp_path / "backups").glob("*.part"))

    with sqlite3.connect(database["NAME"]) as db:
        db.execute(f"DELETE FROM {backup.KENMERK_TABEL}")
    db.close()
    (media_root / "jaarschijfrapporten/GM9001/rapport.pdf").unlink()
    (media_root / "later.txt").write_text("na de back-up")

    # The media archive names the same back-up as its database file.
    assert backup.open_backup(made.media, database) == made
    backup.restore_backup(backup.open_backup(made.database, database), database, media_root)

    with sqlite3.connect(database["NAME"]) as db:
        rows = db.execute(f"SELECT id, email FROM {backup.KENMERK_TABEL}").fetchall()
    db.close()
    assert rows == [(1, "a@gemeente-a.demo")]
    assert media_files(media_root) == files  # back, and nothing from after the back-up
    assert [p.name for p in media_root.iterdir() if p.name.startswith(".")] == []


def test_backup_without_media_root_restores_an_empty_one(tmp_path):
    database = sqlite_database(tmp_path / "db.sqlite3")
    with sqlite3.connect(database["NAME"]) as db:
        db.execute(f"CREATE TABLE {backup.KENMERK_TABEL} (id INTEGER PRIMARY KEY)")
    db.close()
    made = backup.make_backup(tmp_path / "backups", database, tmp_path / "nog-geen-media")

    media_root = tmp_path / "media"
    make_media(media_root)
    backup.restore_backup(backup.open_backup(made.database, database), database, media_root)
    assert media_files(media_root) == {}


def test_postgresql_backup_and_restore_in_process(scratch_postgres, tmp_path):
    _, database = scratch_postgres
    server = {"host": database["HOST"], "port": database["PORT"], "user": database["USER"]}
    server |= {"password": database["PASSWORD"]} if database["PASSWORD"] else {}
    table = backup.KENMERK_TABEL
    with psycopg.connect(dbname=database["NAME"], autocommit=True, **server) as db:
        db.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, email text)")
        db.execute(f"INSERT INTO {table} VALUES (1, 'a@gemeente-a.demo')")
    made = backup.make_backup(tmp_path / "backups", database, tmp_path / "media")
    assert made.database.suffix == ".dump"
    with psycopg.connect(dbname=database["NAME"], autocommit=True, **server) as db:
        db.execute(f"UPDATE {table} SET email = 'gewijzigd'")
        db.execute(f"INSERT INTO {table} VALUES (2, 'b@gemeente-a.demo')")

    backup.restore_backup(backup.open_backup(made.database, database), database, tmp_path / "m")

    with psycopg.connect(dbname=database["NAME"], **server) as db:
        assert db.execute(f"SELECT id, email FROM {table}").fetchall() == [(1, "a@gemeente-a.demo")]


# What stops a back-up or a restore, with a Dutch message.

POSTGRES_DATABASE = {
    "ENGINE": "django.db.backends.postgresql",
    "NAME": "woonzorg",
    "USER": "woonzorg",
    "PASSWORD": "geheim",
    "HOST": "127.0.0.1",
    "PORT": 5432,
    "OPTIONS": {},
}


def test_backup_without_pg_dump_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="pg_dump is niet gevonden"):
        backup.make_backup(tmp_path / "backups", POSTGRES_DATABASE, tmp_path / "media")
    assert not (tmp_path / "backups").exists()


def test_backup_of_a_missing_sqlite_database_fails(tmp_path):
    database = sqlite_database(tmp_path / "nee.sqlite3")
    with pytest.raises(CommandError, match="De database .*nee.sqlite3 bestaat niet"):
        backup.make_backup(tmp_path / "b", database, tmp_path / "media")
    assert list((tmp_path / "b").iterdir()) == []  # no half back-up left behind


def test_backups_stay_out_of_media_root(tmp_path):
    database = sqlite_database(tmp_path / "db.sqlite3")
    write_sqlite(tmp_path / "db.sqlite3", backup.KENMERK_TABEL)
    with pytest.raises(CommandError, match="niet in MEDIA_ROOT"):
        backup.make_backup(tmp_path / "media" / "backups", database, tmp_path / "media")

    made = backup.make_backup(tmp_path / "backups", database, tmp_path / "media")
    with pytest.raises(CommandError, match="niet in MEDIA_ROOT"):
        backup.restore_backup(made, database, tmp_path)


def test_restore_of_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Het bestand .*nee.dump bestaat niet"):
        call_command("restore", str(tmp_path / "nee.dump"), "--ja")


def test_restore_of_a_file_that_is_no_backup(tmp_path):
    path = tmp_path / "notities.dump"
    path.write_text("Dit is geen back-up.")
    with pytest.raises(CommandError, match="geen back-up van Woonzorg"):
        call_command("restore", str(path), "--ja")


def test_restore_of_a_backup_of_the_other_kind(tmp_path):
    if configured_kind() == backup.SQLITE:
        path, other, now = tmp_path / "woonzorg.dump", "PostgreSQL", "SQLite"
        path.write_bytes(b"PGDMP\x01\x0e\x00")
    else:
        path, other, now = tmp_path / "woonzorg.sqlite3", "SQLite", "PostgreSQL"
        path.write_bytes(b"SQLite format 3\x00" + bytes(100))
    with pytest.raises(CommandError, match=f"back-up van een {other}-database.*nu {now}"):
        call_command("restore", str(path), "--ja")


def write_sqlite(path: Path, table: str):
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    db.close()


def write_media(path: Path, names=("media", "media/rapport.pdf")):
    with tarfile.open(path, "w:gz") as archive:
        for name in names:
            info = tarfile.TarInfo(name)
            if name == "media":
                info.type = tarfile.DIRTYPE
                archive.addfile(info)
            else:
                info.size = 3
                archive.addfile(info, io.BytesIO(b"pdf"))


@pytest.mark.parametrize(
    "damage, message",
    [
        ("other application", "de tabellen van Woonzorg ontbreken"),
        ("damaged database", "is beschadigd"),
        ("no media", "hoort het bestand woonzorg-media.tar.gz .* niet naast"),
        ("damaged media", "woonzorg-media.tar.gz is beschadigd"),
        ("foreign media", "geen archief van de bestanden van Woonzorg"),
    ],
)
def test_restore_checks_the_whole_backup_first(tmp_path, damage, message):
    path, media = tmp_path / "woonzorg.sqlite3", tmp_path / "woonzorg-media.tar.gz"
    write_sqlite(path, "andere_tabel" if damage == "other application" else "woonzorg_user")
    write_media(media, ("etc/passwd",) if damage == "foreign media" else ("media", "media/a"))
    if damage == "damaged database":
        path.write_bytes(path.read_bytes()[:16] + b"\xff" * 200)
    elif damage == "no media":
        media.unlink()
    elif damage == "damaged media":
        media.write_bytes(b"\x1f\x8b kapot")
    with pytest.raises(CommandError, match=message):
        backup.open_backup(path, sqlite_database(tmp_path / "live.sqlite3"))


# Asking before overwriting.


@pytest.fixture
def restores(monkeypatch, tmp_path):
    """The restores the command carries out, instead of carrying them out."""
    done = []
    found = backup.Backup(
        database=tmp_path / "woonzorg-20261204-070000.dump",
        media=tmp_path / "woonzorg-20261204-070000-media.tar.gz",
        kind=configured_kind(),
    )
    monkeypatch.setattr(backup, "open_backup", lambda path: found)
    monkeypatch.setattr(backup, "restore_backup", done.append)
    return done


def answering(monkeypatch, answer):
    questions = []

    def fake_input(question):
        questions.append(question)
        if answer is EOFError:
            raise EOFError
        return answer

    monkeypatch.setattr("builtins.input", fake_input)
    return questions


@pytest.mark.parametrize("answer", ["", "n", "nee", "later", EOFError])
def test_restore_without_confirmation_changes_nothing(restores, monkeypatch, answer):
    questions = answering(monkeypatch, answer)
    with pytest.raises(CommandError, match="Afgebroken: er is niets teruggezet"):
        call_command("restore", "woonzorg-20261204-070000.dump", stdout=io.StringIO())
    [question] = questions
    assert question.startswith("Dit overschrijft")
    assert str(settings.MEDIA_ROOT) in question and "woonzorg-20261204-070000.dump" in question
    assert question.endswith("Doorgaan? [j/N] ")
    assert restores == []


@pytest.mark.parametrize("answer", ["j", "ja", "J "])
def test_restore_after_confirmation(restores, monkeypatch, answer):
    answering(monkeypatch, answer)
    out = io.StringIO()
    call_command("restore", "woonzorg-20261204-070000.dump", stdout=out)
    assert len(restores) == 1
    assert "teruggezet" in out.getvalue()


@pytest.mark.parametrize("flag", ["--ja", "--noinput", "--no-input"])
def test_restore_without_asking(restores, monkeypatch, flag):
    questions = answering(monkeypatch, "n")
    call_command("restore", "woonzorg-20261204-070000.dump", flag, stdout=io.StringIO())
    assert questions == [] and len(restores) == 1


def test_backup_command_says_what_it_wrote(monkeypatch, tmp_path):
    made = backup.Backup(
        database=tmp_path / "woonzorg-20261204-070000.sqlite3",
        media=tmp_path / "woonzorg-20261204-070000-media.tar.gz",
        kind=backup.SQLITE,
    )
    made.database.write_bytes(b"x" * 2048)
    made.media.write_bytes(b"x" * 10)
    folders = []
    monkeypatch.setattr(backup, "make_backup", lambda folder: folders.append(folder) or made)
    out = io.StringIO()
    call_command("backup", "--map", str(tmp_path), stdout=out)
    assert folders == [tmp_path]
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Back-up gemaakt in {tmp_path}:"
    assert lines[1].startswith("  database (SQLite): woonzorg-20261204-070000.sqlite3 (2,0")
    assert lines[2].startswith("  bestanden (MEDIA_ROOT): woonzorg-20261204-070000-media.tar.gz")
    assert f"python manage.py restore {made.database}" in lines[3]
    assert "buiten deze machine" in lines[4]
