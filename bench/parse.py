"""Parse speed: bare mail-parser against the bot's whole reading path, on the same corpus.

    python bench/parse.py [--count 2000] [--runs 3]

Prints mails/s for both (median of the runs, interleaved so that machine noise hits both) and
their ratio. The goal is a ratio of at least 0.5: understanding a mail may cost at most as much
again as parsing it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import mailparser  # noqa: E402

from bench.corpus import make_corpus  # noqa: E402
from parsers.reading import ReaderSettings, read_mail  # noqa: E402

SETTINGS = ReaderSettings(mailbox="transfer@example.com", secret=b"bench", trusted_authserv_ids=("mx.example.com",))


def bare(corpus: list[bytes]) -> None:
    for raw in corpus:
        mailparser.parse_from_bytes(raw)


def full(corpus: list[bytes]) -> None:
    for raw in corpus:
        read_mail(raw, SETTINGS)


def rate(fn, corpus: list[bytes]) -> float:
    start = time.perf_counter()
    fn(corpus)
    return len(corpus) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    corpus = make_corpus(args.count)
    size = sum(map(len, corpus))
    print(f"corpus: {len(corpus)} mails, {size / 1e6:.1f} MB, generated in {time.perf_counter() - t0:.1f} s")
    bare_rates, full_rates = [], []
    for run in range(1, args.runs + 1):
        bare_rates.append(rate(bare, corpus))
        full_rates.append(rate(full, corpus))
        print(f"run {run}: bare {bare_rates[-1]:7.0f} mails/s   full {full_rates[-1]:7.0f} mails/s", flush=True)
    b, f = statistics.median(bare_rates), statistics.median(full_rates)
    print()
    print("| path | mails/s (median) |")
    print("| --- | --- |")
    print(f"| bare mail-parser (parse_from_bytes) | {b:.0f} |")
    print(f"| full parsers path (parse + new text + intent + classification + form + auth) | {f:.0f} |")
    print(f"| ratio full / bare | {f / b:.2f} (goal >= 0.5) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
