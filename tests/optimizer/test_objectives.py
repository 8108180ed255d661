"""The objective rules in the planner: CROSS_ROTATION, YOUNG_MULTI_POST, POST_FIT,
PROMOTION_MERIT, STRUCTURE_TARGETS, STABILITY. Conventions as in test_tenure.py (baseline
objective +30 for the missing chiefs aged 33–37).

C1 in key post P1 of U1 since 2010 is due under KEY_POST_TENURE in most rosters here: it must
leave U1 and the objective rules choose where it goes.
"""

from __future__ import annotations

from rotaplan.rules.base import Severity
from tests.helpers import appraisal, cadre, history, leader, post, unit
from tests.planning import (
    changes,
    objective_parts,
    params,
    portfolio_changes,
    reasons_of,
    solve_roster,
)

YOUNG = "1985-06-01"  # 30 at AS_OF

# --- CROSS_ROTATION ---------------------------------------------------------------------------


def test_a_due_cadre_chooses_a_unit_of_the_other_kind(tmp_path):
    plan = solve_roster(
        tmp_path,
        units=[unit("U1"), unit("U2"), unit("U3", kind="comprehensive")],
        posts=[post("P1", key=True), post("P2", "U2"), post("P3", "U3")],
        cadres=[cadre("C1", "P1", "2010-01-01")],
    )

    # P2 (business, like U1) and P3 (comprehensive) both meet the hard rule; only P3 is a
    # business ↔ comprehensive move, rewarded 3
    assert changes(plan) == {"C1": ("move", "P3")}
    assert reasons_of(plan, "C1") == ["KEY_POST_TENURE", "CROSS_ROTATION"]
    assert objective_parts(plan) == {"CROSS_ROTATION": -3, "STRUCTURE_TARGETS": 30}


def cross_roster() -> dict:
    # C1 (36) in P1 of business U1 since 2012, not due; comprehensive U2 has a free post P2
    return {
        "units": [unit("U1"), unit("U2", kind="comprehensive")],
        "posts": [post("P1"), post("P2", "U2")],
        "cadres": [cadre("C1", "P1", "2012-01-01")],
    }


def test_cross_rotation_alone_does_not_move_a_cadre(tmp_path):
    plan = solve_roster(tmp_path, **cross_roster())

    # the reward (3) is below the STABILITY charge of a move no rule asks for (10)
    assert changes(plan) == {}
    assert plan.result.objective == 30


def test_a_heavier_cross_rotation_moves_a_cadre(tmp_path):
    heavy = params(("CROSS_ROTATION", {"weight": 20}))
    plan = solve_roster(tmp_path, parameters=heavy, **cross_roster())

    # weighted 20, the reward outweighs STABILITY's 10: 30 − 20 + 10 = 20
    assert changes(plan) == {"C1": ("move", "P2")}
    assert reasons_of(plan, "C1") == ["CROSS_ROTATION"]
    assert plan.result.objective == 20


# --- YOUNG_MULTI_POST -------------------------------------------------------------------------


def young_roster(birth: str) -> dict:
    # due C1 served in U2 from 2005 to 2010; P2 in U2 fits C1's specialty "x" (POST_FIT 2),
    # P3 in U3 is a unit C1 never served in (YOUNG_MULTI_POST 3 when aged ≤ 35)
    return {
        "units": [unit("U1"), unit("U2"), unit("U3")],
        "posts": [post("P1", key=True), post("P2", "U2", specialty="x"), post("P3", "U3")],
        "cadres": [cadre("C1", "P1", "2010-01-01", birth_date=birth, specialty="x")],
        "history": [history("C1", "U2", "staff", "2005-01-01", "2010-01-01")],
    }


def test_a_young_due_cadre_goes_to_a_unit_it_has_never_served_in(tmp_path):
    plan = solve_roster(tmp_path, **young_roster(YOUNG))

    # aged 30: P3 earns 3, P2 only 2 (U2 is on C1's timeline, so no young reward there)
    assert changes(plan) == {"C1": ("move", "P3")}
    assert reasons_of(plan, "C1") == ["KEY_POST_TENURE", "YOUNG_MULTI_POST"]
    assert objective_parts(plan) == {"YOUNG_MULTI_POST": -3, "STRUCTURE_TARGETS": 30}


def test_young_multi_post_does_not_reward_a_cadre_over_35(tmp_path):
    plan = solve_roster(tmp_path, **young_roster("1980-01-01"))

    # aged 36: no young reward; the specialty fit of P2 (−2) decides
    assert changes(plan) == {"C1": ("move", "P2")}
    assert reasons_of(plan, "C1") == ["KEY_POST_TENURE", "POST_FIT"]
    assert plan.result.objective == 28


# --- POST_FIT ---------------------------------------------------------------------------------


def fit_roster(since: str) -> dict:
    # C1 (finance, audit) in P1 (no specialty) of U1; P2 in U2 asks for finance, P3 in U3 for
    # finance and audit
    return {
        "units": [unit("U1"), unit("U2"), unit("U3")],
        "posts": [
            post("P1", key=True),
            post("P2", "U2", specialty="finance"),
            post("P3", "U3", specialty="finance;audit"),
        ],
        "cadres": [cadre("C1", "P1", since, specialty="finance;audit")],
    }


def test_post_fit_sends_a_due_cadre_to_the_best_fitting_post(tmp_path):
    plan = solve_roster(tmp_path, **fit_roster("2010-01-01"))

    # due: two shared tags in P3 (−4) beat one in P2 (−2)
    assert changes(plan) == {"C1": ("move", "P3")}
    assert reasons_of(plan, "C1") == ["KEY_POST_TENURE", "POST_FIT"]
    assert objective_parts(plan) == {"POST_FIT": -4, "STRUCTURE_TARGETS": 30}


def test_post_fit_alone_does_not_move_a_cadre(tmp_path):
    plan = solve_roster(tmp_path, **fit_roster("2012-01-01"))

    # not due (4 years): the best fit (−4) does not pay for an unasked move (+10)
    assert changes(plan) == {}
    assert plan.result.objective == 30


# --- PROMOTION_MERIT --------------------------------------------------------------------------


def merit_roster(s2_recommended: str = "2015-07-01") -> dict:
    # staff S1 and S2 (both 30, 4 years at level) compete for the deputy post PD1;
    # S1 was rated excellent in 2013, S2 in 2015
    return {
        "posts": [post("PS1"), post("PS2"), post("PD1", level="deputy")],
        "cadres": [
            cadre("S1", "PS1", "2012-01-01", birth_date=YOUNG),
            cadre("S2", "PS2", "2012-01-01", birth_date=YOUNG, recommended_on=s2_recommended),
        ],
        "appraisals": [appraisal("S1", 2013, "excellent"), appraisal("S2", 2015, "excellent")],
    }


def test_promotion_merit_promotes_the_most_recently_excellent(tmp_path):
    plan = solve_roster(tmp_path, **merit_roster())

    # merit counts an excellent rating of 2015 as 3, of 2013 as 1: the rewards are
    # 4 × (1 + 3) = 16 for S2 and 4 × (1 + 1) = 8 for S1; one vacancy → S2
    assert changes(plan) == {"S2": ("promote", "PD1")}
    assert reasons_of(plan, "S2") == ["PROMOTION_MERIT"]
    assert objective_parts(plan) == {"PROMOTION_MERIT": -16, "STRUCTURE_TARGETS": 30}


def test_promotion_merit_passes_over_an_ineligible_candidate(tmp_path):
    plan = solve_roster(tmp_path, **merit_roster(s2_recommended="2014-12-31"))

    # S2's recommendation is more than a year old: ineligible, so S1 (−8) gets the post
    assert changes(plan) == {"S1": ("promote", "PD1")}
    assert plan.result.objective == 22


# --- STRUCTURE_TARGETS ------------------------------------------------------------------------


def structure_roster() -> dict:
    # chief post PC1 of U1 is free; its deputies D1 (36) and D2 (45), both deputies since 2013
    # and eligible, compete for it; D2 was rated excellent in 2015. K2 (50) leads U2.
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [
            post("PC1", level="chief"),
            post("PD1", level="deputy"),
            post("PD2", level="deputy"),
            post("PC2", "U2", level="chief"),
        ],
        "cadres": [
            cadre("D1", "PD1", "2013-01-01"),
            cadre("D2", "PD2", "2013-01-01", birth_date="1970-06-01"),
            cadre("K2", "PC2", "2015-01-01", birth_date="1965-06-01"),
        ],
        "appraisals": [appraisal("D2", 2015, "excellent")],
    }


def test_structure_targets_prefer_a_young_deputy_for_a_chief_vacancy(tmp_path):
    plan = solve_roster(tmp_path, **structure_roster())

    # chiefs would be K2 and the promoted deputy; the other deputy (36 or 45) is no young
    # deputy either way (+10).
    #   D1 promoted: young chiefs 1 of 2 (need ceil(0.4) = 1, short 0), chiefs 33–37: 1
    #                (short 2, +20); merit −4                          → 20 + 10 − 4 = 26
    #   D2 promoted: young chiefs 0 (short 1, +10), 33–37: 0 (short 3, +30); merit −16
    #                                                                 → 40 + 10 − 16 = 34
    assert changes(plan) == {"D1": ("promote", "PC1")}
    assert reasons_of(plan, "D1") == ["PROMOTION_MERIT", "STRUCTURE_TARGETS"]
    assert objective_parts(plan) == {"PROMOTION_MERIT": -4, "STRUCTURE_TARGETS": 30}
    assert plan.result.objective == 26
    shortfalls = {r["subject"] for r in plan.finding_rows() if r["rule_id"] == "STRUCTURE_TARGETS"}
    assert {"mid_chiefs", "young_deputies"} <= shortfalls
    assert "young_chiefs" not in shortfalls


def test_without_structure_targets_merit_decides(tmp_path):
    off = params(("STRUCTURE_TARGETS", {"severity": Severity.OFF}))
    plan = solve_roster(tmp_path, parameters=off, **structure_roster())

    # only PROMOTION_MERIT is left: D2 (−16) beats D1 (−4)
    assert changes(plan) == {"D2": ("promote", "PC1")}
    assert plan.result.objective == -16


# --- STABILITY --------------------------------------------------------------------------------


def stable_roster() -> dict:
    # C1 (30) in P1 of business U1 since 2012, not due; comprehensive U2, which C1 never
    # served in, has a free post; a second leader L2 supervises nothing
    return {
        "units": [unit("U1"), unit("U2", kind="comprehensive")],
        "leaders": [leader("L1"), leader("L2")],
        "posts": [post("P1"), post("P2", "U2")],
        "cadres": [cadre("C1", "P1", "2012-01-01", birth_date=YOUNG)],
    }


def test_stability_keeps_everyone_in_place_without_cause(tmp_path):
    plan = solve_roster(tmp_path, **stable_roster())

    # moving C1 to P2 would earn CROSS_ROTATION 3 + YOUNG_MULTI_POST 3 = 6 < 10
    assert changes(plan) == {}
    assert portfolio_changes(plan) == {}
    assert objective_parts(plan) == {"STRUCTURE_TARGETS": 30}


def test_a_lighter_stability_lets_rewards_move_a_cadre(tmp_path):
    light = params(("STABILITY", {"weight": 5}))
    plan = solve_roster(tmp_path, parameters=light, **stable_roster())

    # weighted 5, the move pays: 30 − 6 + 5 = 29
    assert changes(plan) == {"C1": ("move", "P2")}
    assert objective_parts(plan) == {
        "CROSS_ROTATION": -3,
        "YOUNG_MULTI_POST": -3,
        "STABILITY": 5,
        "STRUCTURE_TARGETS": 30,
    }
    assert set(reasons_of(plan, "C1")) == {"CROSS_ROTATION", "YOUNG_MULTI_POST"}
