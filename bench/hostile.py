"""Reading time of hostile mails: inputs built from the reader's own patterns (see
bench/hostile_inputs.py), each read in a child process that is stopped if one input stalls.
The time of one mail is the CPU time read_mail takes in that process.

    python bench/hostile.py [--inputs small+large+known]

Prints the number of inputs, the median and the worst reading time with the input's name, and
the five slowest.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.hostile_inputs import run_guarded  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", default="small+large+known", help='"small", "large", "known", joined by "+"')
    parser.add_argument("--stall", type=float, default=20.0, help="seconds after which one input counts as stalled")
    args = parser.parse_args()
    started = time.perf_counter()
    times: list[tuple[float, str]] = []
    stalled = None
    for name, seconds in run_guarded(args.inputs, args.stall):
        if seconds is None:
            stalled = name
            break
        times.append((seconds, name))
    if not times:
        print("no input was read" + (f" (stalled on {stalled})" if stalled else ""))
        return 1
    times.sort()
    worst, worst_name = times[-1]
    median = statistics.median(t for t, _ in times)
    print(f"hostile inputs: {len(times):,} mails, median {median * 1000:.1f} ms, "
          f"worst {worst * 1000:.0f} ms ({worst_name})")
    print(f"  ({args.inputs}, read in {time.perf_counter() - started:.0f} s; the five slowest:)")
    for seconds, name in reversed(times[-5:]):
        print(f"  {seconds * 1000:8.1f} ms  {name}")
    if stalled:
        print(f"STALLED: one input took more than {args.stall:.0f} s and stopped the run: {stalled}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
