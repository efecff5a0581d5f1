"""All the benchmarks, one after the other, each printing its table.

    python bench/run.py            # or: make bench

parse (bare mail-parser against the reading path), hostile (the worst reading time over mails
built to make the reader's patterns backtrack), ingest (the whole pipeline on SQLite and
PostgreSQL), reply latency over Postfix + Dovecot, the timer sweep with 100,000 open cases,
the daemon's memory, and the console's pages at 100,000 cases. The servers are installed and started by the project's scripts (root on
Debian); a benchmark that cannot run says why and the others go on.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    ("parse", ["parse.py"]),
    ("hostile", ["hostile.py"]),
    ("ingest", ["ingest.py", "--mails", "5000", "--postgres"]),
    ("latency", ["latency.py", "--mails", "50"]),
    ("sweep and memory", ["sweep.py", "--cases", "100000"]),
    ("console", ["web.py", "--cases", "100000", "--postgres"]),
]


def main() -> int:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    cores = sum(1 for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("processor"))
    print(f"machine: {cores} x {cpu}, Python {platform.python_version()}, {platform.platform()}")
    failed = []
    for name, args in BENCHES:
        print(f"\n## {name}\n", flush=True)
        if subprocess.run([sys.executable, str(HERE / args[0]), *args[1:]]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nnot run or failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
