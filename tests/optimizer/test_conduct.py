"""APPRAISAL_ADJUSTMENT and KIN_AVOIDANCE in the planner. Conventions as in test_tenure.py
(baseline objective +30; a deputy aged 36 adds +10 for the young-deputy target)."""

from __future__ import annotations

import pytest

from tests.helpers import appraisal, cadre, leader, post, relation, unit
from tests.planning import (
    changes,
    objective_parts,
    portfolio_changes,
    reasons_of,
    solve_roster,
)

# --- APPRAISAL_ADJUSTMENT ----------------------------------------------------------------------


def deputy_roster(free: list[dict], flags: str = "", ratings=()) -> dict:
    # deputy D1 (36) of U1 since 2014; ``free`` lists the vacancies
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("PD1", level="deputy"), *free],
        "cadres": [cadre("D1", "PD1", "2014-01-01", flags=flags)],
        "appraisals": [appraisal("D1", year, result) for year, result in ratings],
    }


@pytest.mark.parametrize(
    ("flags", "ratings"),
    [
        pytest.param("", [(2015, "incompetent")], id="rated incompetent"),
        pytest.param("unfit", [], id="flagged unfit"),
    ],
)
def test_appraisal_adjustment_steps_the_cadre_down(tmp_path, flags, ratings):
    plan = solve_roster(tmp_path, **deputy_roster([post("PS1")], flags, ratings))

    # no deputy post outside U1, so D1 steps down to the free staff post PS1 of its unit
    assert changes(plan) == {"D1": ("step_down", "PS1")}
    assert reasons_of(plan, "D1") == ["APPRAISAL_ADJUSTMENT"]
    # with no deputy left, the young-deputy target needs nobody: 30 only (it was 40)
    assert objective_parts(plan) == {"STRUCTURE_TARGETS": 30}


def test_appraisal_adjustment_moves_the_cadre_to_another_unit(tmp_path):
    plan = solve_roster(
        tmp_path, **deputy_roster([post("PD2", "U2", level="deputy")], "", [(2015, "incompetent")])
    )

    # no staff post anywhere: D1 keeps its level in another unit
    assert changes(plan) == {"D1": ("move", "PD2")}
    assert reasons_of(plan, "D1") == ["APPRAISAL_ADJUSTMENT"]
    assert plan.result.objective == 40


def test_the_objective_is_reported_exactly(tmp_path):
    plan = solve_roster(
        tmp_path,
        posts=[post("PC1", level="chief"), post("PS1"), post("PS2", specialty="finance;law")],
        cadres=[
            cadre(
                "K1",
                "PC1",
                "2011-01-02",
                birth_date="1956-01-01",
                flags="unfit",
                specialty="finance;law",
            ),
            cadre("C2", "PS2", "2008-01-02", specialty="finance;law"),
        ],
    )

    # unfit chief K1 (60; exemption waives no APPRAISAL_ADJUSTMENT) has no other unit to go
    # to: it steps down to the free staff post PS1 (taking PS2 would move C2 for nothing).
    # Objective: C2 keeps two shared tags (POST_FIT −4), no chief is left (3 short of the
    # chiefs aged 33–37, +30): 26 exactly — CP-SAT itself reports 25.999999999999996 here
    assert changes(plan) == {"K1": ("step_down", "PS1")}
    assert objective_parts(plan) == {"POST_FIT": -4, "STRUCTURE_TARGETS": 30}
    assert plan.result.objective == 26
    assert plan.result.best_bound == 26
    assert plan.summary_dict()["objective"] == 26


@pytest.mark.parametrize(
    "ratings",
    [
        pytest.param([(2015, "competent")], id="competent"),
        pytest.param([(2014, "incompetent"), (2015, "competent")], id="incompetent only earlier"),
    ],
)
def test_appraisal_adjustment_does_not_fire_on_a_competent_latest_rating(tmp_path, ratings):
    free = [post("PS1"), post("PD2", "U2", level="deputy")]
    plan = solve_roster(tmp_path, **deputy_roster(free, "", ratings))

    # the latest rating decides; a competent D1 has no reason to move (a step-down would even
    # save the +10 of the young-deputy shortfall, but only APPRAISAL_ADJUSTMENT allows one)
    assert changes(plan) == {}
    assert plan.result.objective == 40


# --- KIN_AVOIDANCE ----------------------------------------------------------------------------


def spouses_roster(deputy_unit: str) -> dict:
    # spouses C1 (staff, P1 of U1) and D2 (deputy, PD1 of ``deputy_unit``); U2 has a free
    # staff post P2, and there is no other deputy post
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("P1"), post("PD1", deputy_unit, level="deputy"), post("P2", "U2")],
        "cadres": [cadre("C1", "P1"), cadre("D2", "PD1")],
        "relations": [relation("C1", "D2", "spouse")],
    }


def test_kin_avoidance_splits_spouses(tmp_path):
    plan = solve_roster(tmp_path, **spouses_roster("U1"))

    # both in U1: one must leave; D2 has no deputy post elsewhere, so C1 takes P2
    assert changes(plan) == {"C1": ("move", "P2")}
    assert reasons_of(plan, "C1") == ["KIN_AVOIDANCE"]
    # D2 is a deputy aged 36 (+10); C1 is asked to move, so no STABILITY
    assert plan.result.objective == 40


def test_kin_avoidance_leaves_separated_spouses_alone(tmp_path):
    plan = solve_roster(tmp_path, **spouses_roster("U2"))

    # C1 in U1, D2 in U2: no conflict, and C1 may not join D2 in U2 anyway
    assert changes(plan) == {}
    assert plan.result.objective == 40


def leader_kin_roster(free_post: bool) -> dict:
    # C1 holds key post P1 of U1, supervised by L1, C1's spouse; L2 supervises U2
    return {
        "units": [unit("U1", supervisor_id="L1"), unit("U2", supervisor_id="L2")],
        "leaders": [leader("L1"), leader("L2")],
        "posts": [post("P1", key=True), *([post("P2", "U2")] if free_post else [])],
        "cadres": [cadre("C1", "P1")],
        "relations": [relation("C1", "L1", "spouse")],
    }


def test_kin_avoidance_moves_a_key_post_holder_away_from_a_relative_supervisor(tmp_path):
    plan = solve_roster(tmp_path, **leader_kin_roster(free_post=True))

    # C1 is asked to move, so taking P2 costs nothing; a new supervisor for U1 would cost 10
    assert changes(plan) == {"C1": ("move", "P2")}
    assert portfolio_changes(plan) == {}
    assert reasons_of(plan, "C1") == ["KIN_AVOIDANCE"]


def test_kin_avoidance_changes_the_portfolio_when_the_cadre_cannot_move(tmp_path):
    plan = solve_roster(tmp_path, **leader_kin_roster(free_post=False))

    # no other post for C1: U1 passes to L2 (STABILITY +10)
    assert changes(plan) == {}
    assert portfolio_changes(plan) == {"U1": "L2"}
    assert objective_parts(plan) == {"STABILITY": 10, "STRUCTURE_TARGETS": 30}
