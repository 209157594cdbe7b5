"""Each stage's share of `reactions analyze` runs, from their `--timings` lines.

Usage: python3 benches/stage_shares.py FILE

FILE holds one block per run: a line "total SECONDS" (the run's wall time), then the run's
"timing: STAGE  SECONDS s" lines. Prints, per stage, the median seconds and the median and
largest share of the run's wall time.
"""

import statistics
import sys

runs: list[float] = []
stages: dict[str, list[tuple[float, float]]] = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.startswith("total "):
            runs.append(float(line.split()[1]))
        elif line.startswith("timing:"):
            *name, secs, _unit = line[len("timing:"):].split()
            stages.setdefault(" ".join(name), []).append((float(secs), float(secs) / runs[-1]))
print(f"  {'stage':<40} {'median':>8} {'share':>7} {'largest':>8}   ({len(runs)} runs)")
for name, values in stages.items():
    secs = statistics.median(v[0] for v in values)
    share = statistics.median(v[1] for v in values)
    print(f"  {name:<40} {secs:6.2f} s {100 * share:6.1f}% {100 * max(v[1] for v in values):7.1f}%")
