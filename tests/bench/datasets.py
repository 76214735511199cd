"""The two datasets: the demo on a fresh SQLite file, and `seed_bulk` on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

from tests.bench.server import manage

DEFAULT_BULK_URL = "postgres://postgres@127.0.0.1:5432/thinktank_bench"


def bulk_url():
    return os.environ.get("BENCH_DATABASE_URL") or DEFAULT_BULK_URL


def is_postgres(database_url):
    return urlsplit(database_url).scheme in {"postgres", "postgresql", "pgsql"}


def _connect(database_url, dbname=None):
    import psycopg2

    parts = urlsplit(database_url)
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
    )
    connection.autocommit = True
    return connection


def prepare_demo(workdir, env):
    """A fresh SQLite file with the demo loaded. Returns the DATABASE_URL."""
    database_url = f"sqlite:///{Path(workdir) / 'demo.sqlite3'}"
    env = {**env, "DATABASE_URL": database_url}
    print("Demo: migrating a fresh SQLite database and loading the demo...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--allow-production", quiet=True)
    return database_url


def prepare_bulk(env, database_url):
    """The PostgreSQL database at `database_url`, created if missing, migrated, seeded once
    (`seed_bulk` refuses a second run, which is fine) and analysed."""
    name = urlsplit(database_url).path.lstrip("/")
    with closing(_connect(database_url, dbname="postgres")) as server, server.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Bulk: creating database {name}...", flush=True)
            cursor.execute(f'CREATE DATABASE "{name}"')
    env = {**env, "DATABASE_URL": database_url}
    print(f"Bulk: migrating {name}...", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    print("Bulk: seed_bulk (refuses, quickly, where it has already run)...", flush=True)
    seeding = subprocess.run(
        [sys.executable, "manage.py", "seed_bulk"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
    )
    if seeding.returncode != 0:
        if "already" not in seeding.stderr:
            sys.stderr.write(seeding.stderr)
            raise RuntimeError("seed_bulk failed")
        print("Bulk: already seeded.", flush=True)
    with closing(_connect(database_url)) as connection, connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return database_url


def describe_database(database_url):
    if is_postgres(database_url):
        with closing(_connect(database_url)) as connection, connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]
        return f"PostgreSQL {version} ({urlsplit(database_url).path.lstrip('/')})"
    return f"SQLite {sqlite3.sqlite_version}"
