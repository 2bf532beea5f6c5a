"""A throwaway PostgreSQL cluster for the team tests: real server, no mock.

``initdb`` in a temporary folder, a free port on 127.0.0.1 only (no Unix socket),
password login (``scram-sha-256``, the password given to clients in ``PGPASSWORD``
as a user would), and ``pg_ctl stop`` at the end of the session. initdb refuses to
run as root, so as root the cluster belongs to ``nobody`` and its programs run
through ``runuser``. ``.ci/run`` installs Debian's ``postgresql`` where it is missing.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

USER = "cxnotes"
PASSWORD = "team-secret-꿀"
"""Not ASCII on purpose: passwords pass through the environment as typed."""


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@dataclass
class Cluster:
    """A running test cluster."""

    folder: Path
    port: int
    pg_ctl: str
    owner: str | None
    """The user its programs run as (None: the current one)."""

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self.owner:
            command = ["runuser", "-u", self.owner, "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def url(self, database: str = "postgres") -> str:
        """The URL of a database, without the password (it is in ``PGPASSWORD``)."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Start (or start again) the server and wait until it accepts connections."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off"
        self._run(self.pg_ctl, "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-o", options,
                  "-w", "-t", "60", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` is a crash of the server process)."""
        self._run(self.pg_ctl, "-D", str(self.folder / "data"), "-m", mode, "-w", "stop", check=False)

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]  # test-made name
        return self.url(name)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A PostgreSQL server in a temporary folder, for as long as the ``with`` lasts (tests, benchmarks)."""
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise FileNotFoundError(
            "PostgreSQL is not installed: apt-get install -y postgresql (.ci/run does it)"
        )
    folder = Path(tempfile.mkdtemp(prefix="cxnotes-pg-"))
    owner = "nobody" if os.geteuid() == 0 else None
    os.chmod(folder, 0o755)
    (folder / "password").write_text(PASSWORD + "\n", encoding="utf-8")
    if owner:
        shutil.chown(folder, user=owner)
        shutil.chown(folder / "password", user=owner)
    cluster = Cluster(folder, _free_port(), pg_ctl, owner)
    try:
        cluster._run(initdb, "-D", str(folder / "data"), "-U", USER, "-A", "scram-sha-256",
                     f"--pwfile={folder / 'password'}", "-E", "UTF8", "--locale=C")  # fmt: skip
        (folder / "password").unlink()
        cluster.start()
        os.environ["PGPASSWORD"] = PASSWORD
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL server for the whole test session."""
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except FileNotFoundError as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


@pytest.fixture
def team_url(pg_cluster: Cluster, request: pytest.FixtureRequest) -> str:
    """A fresh, empty team database for one test; its URL (no password in it)."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    name += "_" + os.urandom(3).hex()
    return pg_cluster.create_database(name)
