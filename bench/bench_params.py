"""Measure CP-SAT parameters on one roster: workers × linearization level × seeds.

Usage: python bench/bench_params.py [ROSTER] [--time-limit S] [--seeds N]
Prints a markdown table: per setting, the median wall time over the seeds, how many runs
proved optimality, and the median gap of the objective stage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from contextlib import ExitStack
from datetime import date

from rotaplan.example import example_roster
from rotaplan.models import load_roster
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("roster", nargs="?")
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--workers", default="1,2,4,8")
    parser.add_argument("--levels", default="1,2")
    args = parser.parse_args()
    with ExitStack() as stack:
        path = args.roster or stack.enter_context(example_roster())
        roster = load_roster(path)
    as_of = date.fromisoformat(roster.as_of_setting or "2016-01-01")
    print("| workers | linearization | median wall s | proven optimal | median gap |")
    print("|---:|---:|---:|---:|---:|")
    for workers in map(int, args.workers.split(",")):
        for level in map(int, args.levels.split(",")):
            walls, gaps, proven = [], [], 0
            for seed in range(args.seeds):
                options = SolveOptions(
                    time_limit=args.time_limit,
                    workers=workers,
                    seed=seed,
                    linearization_level=level,
                )
                plan = make_plan(roster, as_of, options=options)
                walls.append(plan.result.wall_seconds)
                gaps.append(plan.result.gap or 0.0)
                proven += plan.result.status == "OPTIMAL"
            print(
                f"| {workers} | {level} | {statistics.median(walls):.2f} | {proven}/{args.seeds} "
                f"| {100 * statistics.median(gaps):.2f}% |",
                flush=True,
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
