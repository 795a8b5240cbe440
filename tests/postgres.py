"""A throwaway PostgreSQL cluster for the test run: Debian's server binaries, a temp folder, a free port.

``PostgresCluster.start()`` runs ``initdb`` into a new temporary folder and ``pg_ctl start`` on a
free loopback port (and a Unix socket inside that folder); ``stop()`` stops it and removes the
folder. PostgreSQL refuses to run as root, so under root both run as the ``postgres`` OS user
(created by Debian's package) through ``runuser``. Each test asks for its own empty database
with :meth:`PostgresCluster.new_database`.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg

PG_BIN_ENV = "STUDYLAB_TEST_PG_BIN"
"""Folder of ``initdb`` and ``pg_ctl`` (default: the newest under /usr/lib/postgresql)."""

SUPERUSER = "studylab"
"""The cluster's only role; loopback connections are trusted (the cluster lives for one test run)."""

SETTINGS = {
    # Durability buys nothing in a cluster deleted at the end of the run; speed does.
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    # Concurrency tests open many connections at once (threads and processes).
    "max_connections": "300",
    "shared_buffers": "32MB",
}


def pg_bin() -> Path | None:
    """The folder holding Debian's ``initdb`` and ``pg_ctl``, or None when PostgreSQL is not installed."""
    configured = os.environ.get(PG_BIN_ENV)
    if configured:
        return Path(configured)
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


def postgres_problem() -> str | None:
    """Why no cluster can be started here, or None."""
    folder = pg_bin()
    if folder is None or not (folder / "initdb").exists():
        return "PostgreSQL is not installed: run `make setup-dev` (it installs Debian's postgresql package)."
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "PostgreSQL cannot run as root and runuser is missing."
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    """One PostgreSQL server for the run; a fresh database per test."""

    def __init__(self) -> None:
        folder = pg_bin()
        assert folder is not None
        self.bin = folder
        self.root = Path(tempfile.mkdtemp(prefix="studylab-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(self.bin / "initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync")
        options = " ".join(f"-c {key}={value}" for key, value in SETTINGS.items())
        options += f" -c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}"
        self._run(self.bin / "pg_ctl", "-D", self.data, "-l", self.root / "server.log", "-w", "-o", options, "start")

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """The SQLAlchemy URL of a new, empty database."""
        name = f"t{next(self._names)}"
        conninfo = f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)
