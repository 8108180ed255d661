"""``rotaplan plan`` on the command line (SPEC §5, §6): the four files and their headers, the
summary, exit 3 without output for a roster that has no plan, and the bundled example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.cli import main
from rotaplan.example import example_roster
from rotaplan.models import load_roster
from rotaplan.models.dates import parse_date
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan
from rotaplan.verify import verify
from tests.helpers import cadre, post, unit, write_roster

PLAN_HEADER = "cadre_id,name,from_unit,from_post,from_level,to_unit,to_post,to_level,change,reasons"
FILES = ["findings.csv", "plan.csv", "summary.json", "supervision.csv"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def due_roster(folder: Path) -> Path:
    # C1 has held key post P1 of business U1 since 2010 and must leave U1; P3 in
    # comprehensive U2 is the only post elsewhere (see tests/optimizer/test_tenure.py)
    return write_roster(
        folder,
        units=[unit("U1"), unit("U2", kind="comprehensive")],
        posts=[post("P1", key=True), post("P3", "U2")],
        cadres=[cadre("C1", "P1", "2010-01-01", name="张三")],
    )


def test_plan_writes_the_four_files(tmp_path):
    out = tmp_path / "plan"

    result = run(
        "plan", str(due_roster(tmp_path / "roster")), "--as-of", "2016-01-01",
        "--out", str(out), "--time-limit", "10", "--workers", "8", "--seed", "0",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == FILES
    assert (out / "plan.csv").read_text(encoding="utf-8").splitlines() == [
        PLAN_HEADER,
        "C1,张三,U1,P1,staff,U2,P3,staff,move,KEY_POST_TENURE;CROSS_ROTATION",
    ]
    assert (out / "supervision.csv").read_text(encoding="utf-8").splitlines() == [
        "unit_id,from_leader,to_leader,changed",
        "U1,L1,L1,false",
        "U2,L1,L1,false",
    ]
    findings = (out / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert findings[0] == "rule_id,subject,detail"
    # no soft rule left unmet; two structure shortfalls: no chief aged 33–37 (3 needed), and
    # no graduate among 1 cadre (ceil(0.18 × 1) = 1 needed)
    assert [line.split(",")[:2] for line in findings[1:]] == [
        ["STRUCTURE_TARGETS", "mid_chiefs"],
        ["STRUCTURE_TARGETS", "graduates"],
    ]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # objective: CROSS_ROTATION −3 + STRUCTURE_TARGETS 3 × 10 = 27, proved optimal
    assert {k: summary[k] for k in ("status", "objective", "best_bound", "gap", "as_of")} == {
        "status": "OPTIMAL",
        "objective": 27.0,
        "best_bound": 27.0,
        "gap": 0.0,
        "as_of": "2016-01-01",
    }
    assert (summary["moves"], summary["promotions"], summary["cross_rotations"]) == (1, 0, 1)
    assert 0 <= summary["wall_seconds"] < 10
    assert "KEY_POST_TENURE" in result.stdout
    assert f"Wrote {out}/plan.csv, supervision.csv, findings.csv, summary.json" in result.stdout


def test_plan_of_an_infeasible_roster_exits_3_and_leaves_out_untouched(tmp_path):
    roster = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2")],
        posts=[post("PC1", level="chief", key=True), post("P2", "U2")],
        cadres=[cadre("K1", "PC1", "2010-01-01")],
    )
    out = tmp_path / "plan"
    out.mkdir()  # an existing, empty --out folder

    result = run("plan", str(roster), "--as-of", "2016-01-01", "--out", str(out))

    # chief K1 must leave U1 and there is no chief post outside it
    assert result.exit_code == 3
    assert "KEY_POST_TENURE [K1]" in result.stderr
    assert list(out.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan", "roster"]  # no temp leftovers


def test_plan_refuses_a_non_empty_out_folder_without_force(tmp_path):
    out = tmp_path / "plan"
    out.mkdir()
    (out / "keep.txt").write_text("mine")

    result = run(
        "plan", str(due_roster(tmp_path / "roster")), "--as-of", "2016-01-01", "--out", str(out)
    )

    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


# --- the bundled example -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_plan(tmp_path_factory) -> tuple[object, Path]:
    """The example planned by the command line, ROSTER omitted: (click result, --out)."""
    out = tmp_path_factory.mktemp("example") / "plan"
    return run("plan", "--out", str(out), "--time-limit", "60"), out


def test_the_example_is_planned_to_optimality_and_verified(example_plan):
    result, out = example_plan

    assert result.exit_code == 0, result.output
    assert "example" in result.stderr  # ROSTER omitted: the bundled example, said on stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "OPTIMAL"
    assert summary["gap"] == 0.0
    assert summary["wall_seconds"] < 60
    with example_roster() as folder:
        roster = load_roster(folder)
        assert verify(roster, out, parse_date(summary["as_of"])).violations == []
        checked = run("verify", str(folder), str(out))
    assert checked.exit_code == 0
    assert "Plan verified" in checked.output


def test_the_example_plan_is_reproducible(example_plan, tmp_path):
    _, first = example_plan
    with example_roster() as folder:
        roster = load_roster(folder)
    as_of = parse_date(roster.as_of_setting)

    # same roster, same seed (0), the default workers (one: a deterministic search): the
    # library gives the command's files again, byte for byte. (The parallel search with its
    # seeded tie-break stage is checked in tests/optimizer/test_determinism.py.)
    make_plan(roster, as_of, options=SolveOptions(time_limit=60, seed=0)).write(tmp_path / "again")
    for name in ("plan.csv", "supervision.csv", "findings.csv"):
        assert (tmp_path / "again" / name).read_bytes() == (first / name).read_bytes(), name
