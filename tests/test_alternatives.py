"""``rotaplan plan --alternatives K --min-diff D`` (issue 4): K further plans in OUT/alt-1 …,
each with SPEC §5's four files, each at least D cadres' posts away from the plan and from
every earlier alternative, ranked by objective; fewer when fewer exist, and the CLI says so.
Conventions as in tests/optimizer/test_tenure.py."""

from __future__ import annotations

import csv
import json
from itertools import combinations
from pathlib import Path

from click.testing import CliRunner

from rotaplan.cli import main
from rotaplan.models import load_roster
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import alternatives, make_plan
from tests.helpers import AS_OF, cadre, post, unit, write_roster

FILES = ["findings.csv", "plan.csv", "summary.json", "supervision.csv"]


def two_due(folder: Path) -> Path:
    """C1 (tag finance) and C2 (tag law) have held key posts P1, P2 of U1 since 2010: both must
    leave U1. Free posts: P3 (finance) and P4 (law) in business U2, P5 in comprehensive U3.

    Rewards per assignment: C1→P3 and C2→P4 POST_FIT 2; anyone → P5 CROSS_ROTATION 3.
    The six plans, as (C1, C2): (P3,P5) and (P5,P4) earn 5, (P3,P4) 4, (P4,P5) and (P5,P3)
    3, (P4,P3) 0. The best plan is one of the two earning 5; with --min-diff 2 the first
    alternative must move both cadres elsewhere: the other plan earning 5 (P5 is taken in one,
    so each cadre's post differs). The second alternative must differ in both cadres from
    both: C1 ∉ {P3, P5}, C2 ∉ {P5, P4} leaves (P4, P3), earning 0. A third would need C1 and
    C2 outside {P3, P4, P5}: none exists.
    """
    return write_roster(
        folder,
        units=[unit("U1"), unit("U2"), unit("U3", kind="comprehensive")],
        posts=[
            post("P1", key=True),
            post("P2", key=True),
            post("P3", "U2", specialty="finance"),
            post("P4", "U2", specialty="law"),
            post("P5", "U3"),
        ],
        cadres=[
            cadre("C1", "P1", "2010-01-01", specialty="finance"),
            cadre("C2", "P2", "2010-01-01", specialty="law"),
        ],
        settings=[{"key": "as_of", "value": "2016-01-01"}],
    )


def posts_of(folder: Path) -> dict[str, str]:
    with open(folder / "plan.csv", encoding="utf-8", newline="") as handle:
        return {r["cadre_id"]: r["to_post"] for r in csv.DictReader(handle)}


def objective_of(folder: Path) -> float:
    return json.loads((folder / "summary.json").read_text(encoding="utf-8"))["objective"]


def plan_cli(roster: Path, out: Path, count: int, min_diff: int):
    args = ["plan", str(roster), "--out", str(out), "--time-limit", "10", "--workers", "1"]
    return CliRunner().invoke(
        main, [*args, "--alternatives", str(count), "--min-diff", str(min_diff)]
    )


def test_two_alternatives_at_least_two_cadres_apart_ranked_by_objective(tmp_path):
    out = tmp_path / "plan"

    result = plan_cli(two_due(tmp_path / "roster"), out, 2, 2)

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["alt-1", "alt-2", *FILES]
    folders = [out, out / "alt-1", out / "alt-2"]
    for folder in folders[1:]:
        assert sorted(p.name for p in folder.iterdir()) == FILES
    plans = [posts_of(f) for f in folders]
    for a, b in combinations(plans, 2):
        assert sum(a[c] != b[c] for c in a) >= 2
    assert {(plans[0]["C1"], plans[0]["C2"]), (plans[1]["C1"], plans[1]["C2"])} == {
        ("P3", "P5"),
        ("P5", "P4"),
    }
    assert (plans[2]["C1"], plans[2]["C2"]) == ("P4", "P3")
    objectives = [objective_of(f) for f in folders]
    # ranked: the two plans earning 5, then the one earning 0
    assert objectives == sorted(objectives)
    assert objectives[0] == objectives[1] == objectives[2] - 5
    assert "alt-1: OPTIMAL" in result.stdout and "alt-2: OPTIMAL" in result.stdout
    assert "Only" not in result.stderr


def test_the_cli_says_when_fewer_alternatives_exist(tmp_path):
    out = tmp_path / "plan"

    result = plan_cli(two_due(tmp_path / "roster"), out, 3, 2)

    assert result.exit_code == 0, result.output
    assert "Only 2 alternative(s) exist with --min-diff 2." in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alt-1", "alt-2", *FILES]


def test_a_larger_min_diff_than_the_roster_allows_gives_no_alternative(tmp_path):
    options = SolveOptions(time_limit=10, workers=1)
    plan = make_plan(load_roster(two_due(tmp_path / "roster")), AS_OF, options=options)

    # only two cadres can ever be placed differently
    assert alternatives(plan, 2, 3, options) == []
    # with --min-diff 1 the best alternative is the other plan earning 5
    (other,) = alternatives(plan, 1, 1, options)
    assert other.result.objective == plan.result.objective
    assert other.result.post_of != plan.result.post_of
