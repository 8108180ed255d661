"""``verify``: an independent check of a plan's files. A solved plan passes; a plan edited by
hand to break a hard rule is rejected naming the rule; an unreadable plan exits 2.

The roster (conventions of tests/helpers.py, plan date 2016-01-01):
  U1: key post P1 held by C1 since 2010 (due under KEY_POST_TENURE), P2 held by C2 since
      2015 (1 year at staff level: not eligible for promotion), deputy post PD1 free;
  U2 (establishment 2): P5 held by C3, P4 and P6 free.
The plan sends C1 to P4 or P6 (equally good; the seeded tie-break picks one), after which U2
is full.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.cli import main
from rotaplan.models import load_roster
from rotaplan.plan import make_plan
from rotaplan.verify import PlanFileError, verify
from tests.helpers import AS_OF, cadre, leader, post, relation, unit, write_roster
from tests.planning import OPTIONS, changes, portfolio_changes


@pytest.fixture
def solved(tmp_path) -> tuple[Path, Path, str]:
    """(roster folder, plan folder, the U2 post C1 did not take)."""
    roster_dir = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2", establishment="2")],
        posts=[
            post("P1", key=True),
            post("P2"),
            post("PD1", level="deputy"),
            post("P4", "U2"),
            post("P5", "U2"),
            post("P6", "U2"),
        ],
        cadres=[
            cadre("C1", "P1", "2010-01-01"),
            cadre("C2", "P2", "2015-01-01"),
            cadre("C3", "P5", "2015-01-01"),
        ],
    )
    plan = make_plan(load_roster(roster_dir), AS_OF, options=OPTIONS)
    [(change, to_post)] = changes(plan).values()
    assert list(changes(plan)) == ["C1"] and change == "move" and to_post in ("P4", "P6")
    plan.write(tmp_path / "plan")
    return roster_dir, tmp_path / "plan", {"P4": "P6", "P6": "P4"}[to_post]


def edit_plan(
    plan_dir: Path, key: str, value: str, column: str = "to_post", table: str = "plan"
) -> None:
    """Rewrite one cell of plan.csv (row of cadre ``key``) or supervision.csv (row of unit
    ``key``), as someone editing the plan by hand would."""
    path = plan_dir / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    for row in rows:
        if row[header[0]] == key:
            row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def to_post_of(plan_dir: Path, cadre_id: str) -> str:
    with open(plan_dir / "plan.csv", encoding="utf-8", newline="") as handle:
        return next(r["to_post"] for r in csv.DictReader(handle) if r["cadre_id"] == cadre_id)


def violations(roster_dir: Path, plan_dir: Path) -> list[tuple[str, str]]:
    result = verify(load_roster(roster_dir), plan_dir, AS_OF)
    return sorted((b.rule_id, b.subject) for b in result.violations)


def verify_cli(roster_dir: Path, plan_dir: Path):
    # no --as-of: verify reads the plan date from summary.json
    return CliRunner().invoke(main, ["verify", str(roster_dir), str(plan_dir)])


def test_the_solved_plan_passes(solved):
    roster_dir, plan_dir, _ = solved

    assert violations(roster_dir, plan_dir) == []
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 0
    assert "Plan verified: every hard rule holds." in result.output


def test_leaving_a_due_cadre_in_place_breaks_key_post_tenure(solved):
    roster_dir, plan_dir, _ = solved
    edit_plan(plan_dir, "C1", "P1")

    # C1 back in P1: still in U1 after 6 years in a key post
    assert violations(roster_dir, plan_dir) == [("KEY_POST_TENURE", "C1")]
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 1
    assert "Plan REJECTED: 1 hard-rule violation(s)" in result.output
    assert "KEY_POST_TENURE [C1]: name C1 has held key post P1" in result.output
    assert "(plan: C1 → P1)" in result.output


def test_promoting_an_ineligible_cadre_breaks_promotion_eligibility(solved):
    roster_dir, plan_dir, _ = solved
    edit_plan(plan_dir, "C2", "PD1")

    # C2 has 1 year at staff level, 3 are needed: the deputy post PD1 is out of its reach
    assert violations(roster_dir, plan_dir) == [("PROMOTION_ELIGIBILITY", "C2")]
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 1
    assert (
        "PROMOTION_ELIGIBILITY [C2]: name C2 may not be promoted: 1 full years at level, 3 needed"
        in (result.output)
    )


def test_two_cadres_in_one_post_break_establishment(solved):
    roster_dir, plan_dir, _ = solved
    taken = to_post_of(plan_dir, "C1")
    edit_plan(plan_dir, "C2", taken)

    # C1 and C2 share C1's new post; with C3, U2 also holds 3 for an establishment of 2
    assert violations(roster_dir, plan_dir) == [("ESTABLISHMENT", taken), ("ESTABLISHMENT", "U2")]
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 1
    assert f"ESTABLISHMENT [{taken}]: post {taken} is given to 2 cadres: C1, C2" in result.output


def test_a_unit_over_its_establishment_breaks_establishment(solved):
    roster_dir, plan_dir, free = solved
    edit_plan(plan_dir, "C2", free)

    # C2 takes U2's last free post: 3 cadres (C1, C2, C3) for an establishment of 2
    assert violations(roster_dir, plan_dir) == [("ESTABLISHMENT", "U2")]
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 1
    assert "ESTABLISHMENT [U2]: unit U2: at most 2 cadres" in result.output


def test_an_unknown_cadre_in_the_plan_exits_2_naming_file_row_and_column(solved):
    roster_dir, plan_dir, _ = solved
    edit_plan(plan_dir, "C2", "X9", column="cadre_id")

    # plan.csv rows are C1, C2, C3 (roster order): C2's row is row 3 (header = row 1)
    with pytest.raises(PlanFileError):
        verify(load_roster(roster_dir), plan_dir, AS_OF)
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 2
    assert "plan.csv, row 3, column cadre_id: unknown cadre 'X9'" in result.stderr
    assert result.stdout == ""  # no verdict on a plan that cannot be read


@pytest.mark.parametrize(
    ("table", "key", "column", "value", "problem"),
    [
        ("plan", "C3", "to_post", "P9", "plan.csv, row 4, column to_post: unknown post 'P9'"),
        (
            "plan",
            "C3",
            "cadre_id",
            "C1",
            "plan.csv, row 4, column cadre_id: duplicate id 'C1' (first seen in row 2)",
        ),
        (
            "supervision",
            "U2",
            "to_leader",
            "L9",
            "supervision.csv, row 3, column to_leader: unknown leader 'L9'",
        ),
    ],
)
def test_other_unreadable_plans_exit_2(solved, table, key, column, value, problem):
    roster_dir, plan_dir, _ = solved
    edit_plan(plan_dir, key, value, column, table)

    result = verify_cli(roster_dir, plan_dir)

    assert result.exit_code == 2
    assert problem in result.stderr


# --- supervision.csv ---------------------------------------------------------------------------


@pytest.fixture
def supervised(tmp_path) -> tuple[Path, Path]:
    """C1 holds key post P1 of U1 (supervised by L1); C1's spouse is leader L2, who
    supervises U2. Nothing is due, so the plan changes nothing, and in particular never
    hands U1 to L2."""
    roster_dir = write_roster(
        tmp_path / "roster",
        units=[unit("U1", supervisor_id="L1"), unit("U2", supervisor_id="L2")],
        leaders=[leader("L1"), leader("L2")],
        posts=[post("P1", key=True), post("P2", "U2")],
        cadres=[cadre("C1", "P1")],
        relations=[relation("C1", "L2", "spouse")],
    )
    plan = make_plan(load_roster(roster_dir), AS_OF, options=OPTIONS)
    assert changes(plan) == {} and portfolio_changes(plan) == {}
    plan.write(tmp_path / "plan")
    return roster_dir, tmp_path / "plan"


def test_a_relative_as_supervisor_of_a_key_post_breaks_kin_avoidance(supervised):
    roster_dir, plan_dir = supervised
    assert violations(roster_dir, plan_dir) == []
    edit_plan(plan_dir, "U1", "L2", column="to_leader", table="supervision")

    # L2 would supervise U1, where C1, L2's spouse, holds a key post
    assert violations(roster_dir, plan_dir) == [("KIN_AVOIDANCE", "C1")]
    result = verify_cli(roster_dir, plan_dir)
    assert result.exit_code == 1
    assert "KIN_AVOIDANCE [C1]" in result.output


def test_a_unit_without_supervisor_breaks_establishment(supervised):
    roster_dir, plan_dir = supervised
    edit_plan(plan_dir, "U2", "", column="to_leader", table="supervision")

    assert violations(roster_dir, plan_dir) == [("ESTABLISHMENT", "U2")]
    assert "unit U2 has no supervising leader" in verify_cli(roster_dir, plan_dir).output
