"""``rotaplan why`` (issue 4): why a cadre moves or stays, and whether a given move is
possible, which rule forbids it, and what it costs against the plan, on a hand-built roster.
Conventions as in tests/optimizer/test_tenure.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from rotaplan.cli import main
from tests.helpers import cadre, post, unit, write_roster


def roster(folder: Path) -> Path:
    """C1 has held key post P1 of business U1 since 2010: KEY_POST_TENURE sends it out of U1.
    S2 has held P5 of business U3 since 2012 (4 years: neither due nor protected by
    MIN_TENURE) and has no democratic recommendation. Free: P3 in comprehensive U2, deputy
    post PD1 in U3.

    The plan: C1 → P3 (CROSS_ROTATION −3). Promoting C1 into PD1 instead would earn
    PROMOTION_MERIT 4 but leave the deputies aged 28–32 short by one (STRUCTURE_TARGETS +10).
    Objective: STRUCTURE_TARGETS 30 (no chief aged 33–37, 3 short) − 3 = 27.
    """
    return write_roster(
        folder,
        units=[unit("U1"), unit("U2", kind="comprehensive"), unit("U3")],
        posts=[
            post("P1", key=True),
            post("P3", "U2"),
            post("P5", "U3"),
            post("PD1", "U3", "deputy"),
        ],
        cadres=[
            cadre("C1", "P1", "2010-01-01"),
            cadre("S2", "P5", "2012-01-01", recommended_on=""),
        ],
        settings=[{"key": "as_of", "value": "2016-01-01"}],
    )


def why(folder: Path, *args: str):
    return CliRunner().invoke(
        main, ["why", str(folder), *args, "--time-limit", "10", "--workers", "1"]
    )


def test_a_move_is_explained_by_the_rule_that_required_it(tmp_path):
    result = why(roster(tmp_path / "r"), "C1")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Plan: P1 → P3 [move]" in lines
    assert "Reasons: KEY_POST_TENURE;CROSS_ROTATION" in lines
    (rule,) = [line for line in lines if line.strip().startswith("KEY_POST_TENURE")]
    assert rule.strip().startswith("KEY_POST_TENURE (hard, met): name C1 has held key post P1")
    assert "  CROSS_ROTATION[C1]: reward 3" in lines


def test_a_stay_is_explained(tmp_path):
    result = why(roster(tmp_path / "r"), "S2")

    assert result.exit_code == 0, result.output
    assert "Plan: P5 → P5 [stay]" in result.stdout
    assert "may not be promoted: no democratic recommendation" in result.stdout
    assert "Stays: no rule requires a move" in result.stdout


def test_a_promotion_of_an_ineligible_cadre_names_promotion_eligibility(tmp_path):
    result = why(roster(tmp_path / "r"), "S2", "--post", "PD1")

    assert result.exit_code == 0, result.output
    assert (
        "Not possible: PROMOTION_ELIGIBILITY forbids a deputy post (no democratic recommendation)"
        in result.stdout
    )


def test_moving_a_due_cadre_back_into_its_unit_names_key_post_tenure(tmp_path):
    result = why(roster(tmp_path / "r"), "C1", "--unit", "U1")

    assert result.exit_code == 0, result.output
    assert "Not possible: U1 conflicts with hard rules" in result.stdout
    assert "KEY_POST_TENURE [C1]: name C1 has held key post P1" in result.stdout
    assert "PIN [C1]: scenario pin C1 → U1" in result.stdout
    assert "Possible." not in result.stdout


def test_a_feasible_move_gives_the_objective_delta_and_the_knock_on_moves(tmp_path):
    result = why(roster(tmp_path / "r"), "C1", "--post", "P5")

    # C1 → P5 (business to business: no CROSS_ROTATION) pushes S2 out of P5. S2's cheapest
    # place is P3 (CROSS_ROTATION −3, STABILITY +10 for a move no rule asks for) rather than
    # P1 (STABILITY +10); PD1 is barred to it. Objective 30 + 10 − 3 = 37 against 27: +10.
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        "Possible. Soft-rule penalty 0 → 0; objective 27 → 37 (delta +10; lower is better)" in lines
    )
    knock_on = lines[lines.index("Knock-on changes: 1") + 1 :]
    assert knock_on == ["  S2 name S2: P5 → P3"]


def test_unknown_cadre_post_or_unit_and_both_targets_exit_2(tmp_path):
    folder = roster(tmp_path / "r")

    for args, message in (
        (["ZZ"], "unknown cadre 'ZZ'"),
        (["C1", "--post", "P9"], "unknown post 'P9'"),
        (["C1", "--unit", "U9"], "unknown unit 'U9'"),
        (["C1", "--post", "P5", "--unit", "U3"], "give --post or --unit, not both"),
    ):
        result = why(folder, *args)
        assert result.exit_code == 2, args
        assert f"Error: {message}" in result.stderr
