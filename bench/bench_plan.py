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
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="example,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=0, help="0: the CLI's default")
    args = parser.parse_args()
    print(
        "| roster | cadres | pairs (full) | variables | build s | solve s | load+write s "
        "| end-to-end s | status | soft | objective | gap (against) | peak RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|")
    for size in args.sizes.split(","):
        roster = roster_for(size)
        cadres = sum(1 for _ in open(roster / "cadres.csv", encoding="utf-8")) - 1
        runs = [run_once(roster, seed, args) for seed in range(args.runs)]
        med = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
        model = runs[0]["model"]
        statuses = "/".join(sorted({r["status"] for r in runs}))
        gaps = [r["gap"] for r in runs if r["gap"] is not None]
        gap = f"{100 * statistics.median(gaps):.2f}%" if gaps else "-"
        solves = [r["solve"] for r in runs if r["solve"] is not None]
        builds = [
            r["model"].get("seconds_build", 0) + r["model"].get("seconds_candidates", 0)
            for r in runs
        ]
        solve = statistics.median(solves) if solves else None
        # the solver's wall time includes building; the rest is start-up, loading, writing
        other = med("wall") - solve if solve is not None else None
        values = lambda key: "/".join(sorted({str(r[key]) for r in runs}))  # noqa: E731
        print(
            f"| {size} | {cadres} | {model.get('candidate_pairs', '-')} "
            f"({model.get('full_pairs', '-')}) | {model.get('variables', '-')} "
            f"| {statistics.median(builds):.2f} "
            f"| {f'{solve - statistics.median(builds):.2f}' if solve is not None else '-'} "
            f"| {f'{other:.2f}' if other is not None else '-'} | {med('wall'):.2f} "
            f"| {statuses} | {values('soft')} | {values('objective')} "
            f"| {gap} ({values('gap_against')}) | {med('rss_mb'):.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
