"""A throwaway PostgreSQL server on loopback, for the PostgreSQL test tier and the benchmarks.

    python scripts/postgres.py install   # apt-get install postgresql when missing (root, Debian)
    python scripts/postgres.py run       # start one, print its URL, stop on Ctrl-C

The cluster lives in a temporary directory (initdb, trust authentication on 127.0.0.1 only, a
free port, the socket in the same directory) and is removed by ``stop()``. As root it runs as
the ``postgres`` user, which PostgreSQL requires.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path


class Unavailable(Exception):
    """PostgreSQL cannot be installed or run here; the message says why."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bin_dir() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if versions:
        return versions[-1].parent
    found = shutil.which("pg_ctl")
    return Path(found).resolve().parent if found else None


def ensure_installed() -> Path:
    found = bin_dir()
    if found:
        return found
    if os.geteuid() != 0:
        raise Unavailable("PostgreSQL is not installed and installing it needs root")
    if not shutil.which("apt-get"):
        raise Unavailable("PostgreSQL is not installed and this is not a Debian system (no apt-get)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise Unavailable(f"{' '.join(command)} failed: {result.stderr.strip()[-500:]}")
    found = bin_dir()
    if not found:
        raise Unavailable("apt-get finished but the PostgreSQL server is still missing")
    return found


@dataclass
class PostgresServer:
    port: int = field(default_factory=_free_port)
    durable: bool = False  # tests: fsync off; benchmarks: as PostgreSQL ships
    root: Path | None = None
    bin: Path | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _as_owner(self, command: list[str]) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresServer:
        self.bin = ensure_installed()
        self.root = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))
        self.root.chmod(0o755)
        data = self.root / "data"
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise Unavailable("there is no 'postgres' user to run the server as") from None
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        result = self._as_owner([str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                 "-E", "UTF8", "--locale=C", "--no-sync"])
        if result.returncode != 0:
            self.stop()
            raise Unavailable(f"initdb failed: {result.stderr.strip()[-500:]}")
        options = [f"-p {self.port}", f"-k {self.root}", "-c listen_addresses=127.0.0.1", "-c max_connections=200"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        result = self._as_owner([str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"),
                                 "-o", " ".join(options), "-w", "-t", "60", "start"])
        if result.returncode != 0:
            log = (self.root / "server.log").read_text()[-800:] if (self.root / "server.log").exists() else ""
            self.stop()
            raise Unavailable(f"PostgreSQL did not start: {result.stderr.strip()[-300:]} {log}")
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        data = self.root / "data"
        if (data / "postmaster.pid").exists():
            self._as_owner([str(self.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "run"
    try:
        if command == "install":
            print(f"PostgreSQL server binaries in {ensure_installed()}")
            return 0
        with PostgresServer(durable=True) as server:
            print(f"{server.url('postgres')} (data in {server.root}); Ctrl-C stops")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return 0
    except Unavailable as exc:
        print(f"postgres: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
