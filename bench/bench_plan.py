"""Time `rotaplan plan` end to end (load, build, solve, write) on the example and on
generated rosters; one fresh process per run so peak memory (RSS) is the run's own.

Usage: python bench/bench_plan.py [--sizes example,1000,5000] [--runs 3] [--time-limit 120]
       [--workers 8]
Prints a markdown table of medians over the runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "rotaplan-bench"


def roster_for(size: str) -> Path:
    if size == "example":
        from rotaplan.example import example_roster

        with example_roster() as path:
            return Path(path)
    from rotaplan.generate import generate_roster

    folder = CACHE / f"gen-{size}-seed1"
    if not (folder / "cadres.csv").exists():
        folder.mkdir(parents=True, exist_ok=True)
        generate_roster(int(size), 1, folder)
    return folder


def run_once(roster: Path, seed: int, args) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "plan"
        command = [
            "/usr/bin/time",
            "-f",
            "%e %M",
            sys.executable,
            "-m",
            "rotaplan",
            "plan",
            str(roster),
            "--out",
            str(out),
            "--time-limit",
            str(args.time_limit),
            "--seed",
            str(seed),
        ]
        if args.workers:
            command += ["--workers", str(args.workers)]
        done = subprocess.run(command, capture_output=True, text=True)
        wall, rss_kb = done.stderr.strip().splitlines()[-1].split()
        summary = {}
        if (out / "summary.json").exists():
            summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        return {
            "exit": done.returncode,
            "wall": float(wall),
            "rss_mb": int(rss_kb) / 1024,
            "status": summary.get("status", f"exit {done.returncode}"),
            "gap": summary.get("gap"),
            "solve": summary.get("wall_seconds"),
            "model": summary.get("model", {}),
            "gap_against": summary.get("gap_against", "-"),
            "soft": summary.get("soft_penalty"),
            "objective": summary.get("objective"),
            "whole": summary.get("whole_problem", {}),
        }


def load_seconds(roster: Path, runs: int) -> float:
    """Median time to read, validate and derive the rule instances (in this process)."""
    from rotaplan.cli import resolve_as_of
    from rotaplan.models import load_roster
    from rotaplan.rules.context import Context

    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        data = load_roster(roster)
        _ = Context(data, resolve_as_of(None, data)).instances
        times.append(time.monotonic() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="example,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=0, help="0: the CLI's default")
    args = parser.parse_args()
    print(
        "| roster | cadres | model | pairs (full) | variables | load s | build s | solve s "
        "| end-to-end s | status | soft (whole bound) | objective (whole bound) "
        "| gap vs own bound | gap vs whole problem (soft / objective) | peak RSS MB |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
    for size in args.sizes.split(","):
        roster = roster_for(size)
        cadres = sum(1 for _ in open(roster / "cadres.csv", encoding="utf-8")) - 1
        runs = [run_once(roster, seed, args) for seed in range(args.runs)]
        load = load_seconds(roster, min(3, args.runs))
        med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731

        def median_of(values, fmt):
            values = [v for v in values if v is not None]
            return fmt(statistics.median(values)) if values else "-"

        model = runs[0]["model"]
        statuses = "/".join(sorted({r["status"] for r in runs}))
        pct = lambda v: f"{100 * v:.2f}%"  # noqa: E731
        gap = median_of([r["gap"] for r in runs], pct)
        builds = [
            r["model"].get("seconds_build", 0) + r["model"].get("seconds_candidates", 0)
            for r in runs
        ]
        solve = median_of([r["solve"] for r in runs], float)
        if "blocks" in model:
            kind = f"{model['blocks']} blocks ({model.get('blocks_optimal', '?')} optimal)"
            build = "-"  # inside each block's solve
        else:
            kind = "candidate model" if model.get("candidate_model") else "exact"
            build = f"{statistics.median(builds):.2f}"
        values = lambda key: "/".join(sorted({str(r[key]) for r in runs}))  # noqa: E731
        whole = lambda key: "/".join(sorted({str(r["whole"].get(key)) for r in runs}))  # noqa: E731
        soft_gap = median_of([r["whole"].get("soft_gap") for r in runs], pct)
        whole_gap = median_of([r["whole"].get("gap") for r in runs], pct)
        print(
            f"| {size} | {cadres} | {kind} | {model.get('candidate_pairs', '-')} "
            f"({model.get('full_pairs', '-')}) | {model.get('variables', '-')} | {load:.2f} "
            f"| {build} | {solve if solve == '-' else f'{solve:.2f}'} | {med('wall'):.2f} "
            f"| {statuses} | {values('soft')} ({whole('soft_bound')}) "
            f"| {values('objective')} ({whole('objective_bound')}) "
            f"| {gap} ({values('gap_against')}) | {soft_gap} / {whole_gap} "
            f"| {med('rss_mb'):.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
