"""Outputs are all-or-nothing, owner-only and never written over an input: every command writes
into a hidden temporary folder renamed into place; a failure, Ctrl-C or a kill leaves the
previous state or the complete output; stale temporary folders of killed runs are removed by
the next run writing the same target."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rotaplan import io as rio
from tests.robustness.conftest import digest, run
from tests.robustness.roster import base_tables, write_csv_folder, write_xlsx

PLAN_FILES = ["findings.csv", "plan.csv", "summary.json", "supervision.csv"]


@pytest.fixture
def roster(tmp_path) -> Path:
    return write_csv_folder(tmp_path / "roster", base_tables())


@pytest.fixture
def plan_dir(roster, tmp_path) -> Path:
    out = tmp_path / "plan"
    assert run("plan", roster, "--out", out).exit_code == 0
    return out


def commands(roster: Path, plan_dir: Path, out: Path) -> dict[str, list]:
    """Every command that writes an --out folder (generate and example: a target folder)."""
    return {
        "check": ["check", roster, "--out", out],
        "plan": ["plan", roster, "--out", out],
        "plan --report": ["plan", roster, "--out", out, "--report", out.with_suffix(".html")],
        "plan --alternatives": ["plan", roster, "--out", out, "--alternatives", "1"],
        "compare": ["compare", roster, "default", "strict", "--out", out],
        "apply": ["apply", roster, plan_dir, "--out", out],
        "simulate": ["simulate", roster, "--years", "2", "--out", out],
        "example": ["example", out],
        "generate": ["generate", "--cadres", "40", "--out", out],
    }


NAMES = list(commands(Path("r"), Path("p"), Path("o")))


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("name", NAMES)
def test_a_failure_while_writing_leaves_nothing(name, roster, plan_dir, tmp_path, monkeypatch):
    """The last step before the rename fails (a full disk, say): nothing is left behind, and
    an earlier output given with --force is kept as it was. A command that wrote anywhere
    but through rotaplan.io.atomic_dir would not fail here."""
    out = tmp_path / "out"

    def disk_full(folder):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(rio, "_owner_only", disk_full)
    result = run(*commands(roster, plan_dir, out)[name])

    assert result.exit_code == 1, result.output
    assert "Internal error: OSError" in result.stderr and "Traceback" not in result.output
    assert not out.exists()
    assert hidden(tmp_path) == []

    out.mkdir()
    (out / "previous.txt").write_text("kept", encoding="utf-8")
    result = run(*commands(roster, plan_dir, out)[name], "--force")
    assert result.exit_code == 1
    assert [p.name for p in out.iterdir()] == ["previous.txt"]
    assert hidden(tmp_path) == []


@pytest.mark.parametrize("name", NAMES)
def test_a_non_empty_out_is_refused_without_force_and_owner_only_with_it(
    name, roster, plan_dir, tmp_path
):
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.txt").write_text("kept", encoding="utf-8")

    result = run(*commands(roster, plan_dir, out)[name])

    assert result.exit_code == 2, result.output
    assert "exists and is not empty; use --force" in result.stderr
    assert [p.name for p in out.iterdir()] == ["previous.txt"]

    old = os.umask(0o022)  # the usual umask: owner-only must not rely on a strict one
    try:
        result = run(*commands(roster, plan_dir, out)[name], "--force")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert not (out / "previous.txt").exists()
    assert_owner_only(out)
    if name == "plan --report":
        assert_owner_only(out.with_suffix(".html"))
    assert hidden(tmp_path) == []


def assert_owner_only(path: Path) -> None:
    for item in [path, *path.rglob("*")]:
        mode = stat.S_IMODE(item.stat().st_mode)
        assert mode == (0o700 if item.is_dir() else 0o600), (str(item), oct(mode))


def test_the_report_command_writes_owner_only_files(plan_dir, roster):
    result = run("report", plan_dir, "--roster", roster, "--xlsx")
    assert result.exit_code == 0, result.output
    assert_owner_only(plan_dir / "report.html")
    assert_owner_only(plan_dir / "plan.xlsx")


@pytest.mark.parametrize("kind", ["folder", "xlsx"])
def test_no_command_changes_its_input(kind, tmp_path):
    if kind == "folder":
        roster = write_csv_folder(tmp_path / "roster", base_tables())
    else:
        roster = write_xlsx(tmp_path / "roster.xlsx", base_tables())
    before = digest(roster)
    plan = tmp_path / "plan"
    for args in (
        ["check", roster, "--out", tmp_path / "a"],
        ["plan", roster, "--out", plan, "--report", tmp_path / "p.html"],
        ["verify", roster, plan],
        ["report", plan, "--roster", roster, "--xlsx"],
        ["why", roster, "C1"],
        ["compare", roster, "default", "strict", "--out", tmp_path / "c"],
        ["apply", roster, plan, "--out", tmp_path / "next"],
        ["simulate", roster, "--years", "2", "--out", tmp_path / "s"],
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert digest(roster) == before


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{roster}", "--out", "{roster}", "--force"],
        ["plan", "{roster}", "--out", "{roster}", "--force"],
        ["plan", "{roster}", "--out", "{roster}/plan"],
        ["compare", "{roster}", "default", "--out", "{roster}", "--force"],
        ["simulate", "{roster}", "--out", "{roster}", "--force"],
        ["apply", "{roster}", "{plan}", "--out", "{roster}", "--force"],
        ["plan", "{roster}", "--out", "{tmp}/p", "--report", "{roster}/units.csv"],
        ["compare", "{roster}", "default", "--report", "{roster}/units.csv"],
        ["report", "{plan}", "--roster", "{roster}", "--out", "{roster}/units.csv"],
    ],
)
def test_an_output_over_the_input_is_refused(args, roster, plan_dir, tmp_path):
    before = digest(roster)
    values = {"roster": roster, "plan": plan_dir, "tmp": tmp_path}

    result = run(*[a.format(**values) for a in args])

    assert result.exit_code == 2, result.output
    assert "overlaps ROSTER" in result.stderr or "is inside" in result.stderr
    assert digest(roster) == before


def test_stale_temporary_folders_of_a_killed_run_are_removed_by_the_next_run(roster, tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    pid = int(dead.stdout)
    stale = [tmp_path / f".out.tmp-{pid}-abc123", tmp_path / f".out.old-{pid}-def456"]
    for folder in stale:
        folder.mkdir()
        (folder / "plan.csv").write_text("half", encoding="utf-8")
    alive = tmp_path / f".out.tmp-{os.getpid()}-running"  # a run still going: left alone
    alive.mkdir()
    other = tmp_path / f".other.tmp-{pid}-xyz"  # another target's: left alone
    other.mkdir()

    assert run("plan", roster, "--out", tmp_path / "out").exit_code == 0

    assert hidden(tmp_path) == sorted([alive.name, other.name])


# --- Ctrl-C and kill during a real solve, in a subprocess ----------------------------------
def start_plan(roster: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "rotaplan", "plan", str(roster), "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_absent_or_complete(out: Path, previous: str | None = None) -> str:
    if not out.exists():
        assert previous is None
        return "absent"
    names = sorted(p.name for p in out.iterdir())
    if previous is not None and names == ["previous.txt"]:
        assert (out / "previous.txt").read_text(encoding="utf-8") == previous
        return "previous"
    assert names == PLAN_FILES, names
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] in ("OPTIMAL", "FEASIBLE")
    return "complete"


@pytest.mark.parametrize("when", [2.0, 6.0])
def test_ctrl_c_during_plan_leaves_no_partial_output(big_roster, tmp_path, when):
    out = tmp_path / "out"
    process = start_plan(big_roster, out, "--time-limit", "60")
    time.sleep(when)
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    stdout, stderr = process.communicate(timeout=60)
    assert time.monotonic() - sent < 15  # stopped at the signal, not at the time limit

    outcome = assert_absent_or_complete(out)
    assert "Traceback" not in stderr
    if outcome == "absent":
        assert process.returncode in (3, 130), stderr
        assert "Interrupted" in stderr
    else:
        assert process.returncode == 0 and "Interrupted: keeping the best plan" in stderr
    assert hidden(tmp_path) == []


def test_ctrl_c_with_force_keeps_the_previous_output_or_replaces_it_whole(big_roster, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "previous.txt").write_text("kept", encoding="utf-8")
    process = start_plan(big_roster, out, "--time-limit", "60", "--force")
    time.sleep(2.0)
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=60)

    assert assert_absent_or_complete(out, previous="kept") in ("previous", "complete")
    assert hidden(tmp_path) == []


def test_a_killed_plan_leaves_no_partial_output(big_roster, tmp_path):
    out = tmp_path / "out"
    process = start_plan(big_roster, out, "--time-limit", "60")
    time.sleep(2.0)
    process.kill()
    process.communicate(timeout=60)

    assert process.returncode == -signal.SIGKILL
    assert_absent_or_complete(out)
    # a kill can leave only the hidden temporary folder of the target (.out.tmp-PID-*)
    assert all(name.startswith(".out.tmp-") for name in hidden(tmp_path)), hidden(tmp_path)
