"""KEY_POST_TENURE, LEADER_UNIT_TENURE, STAFF_POST_TENURE in the planner: fires / does not fire.

Conventions (tests/helpers.py): plan date AS_OF = 2016-01-01; every unit is a business unit
supervised by L1 since 2015-01-01; every cadre is a 36-year-old man with a bachelor's degree,
recommended on 2015-07-01, no flags, no appraisals, in its post since 2015-01-01 unless said.

Objective baseline: STRUCTURE_TARGETS asks for at least 3 chiefs aged 33–37; a roster without
such chiefs is short by 3 persons, 3 × weight 10 = +30 in every objective below. A deputy aged
36 is no "young deputy" (28–32): one such deputy makes the 30% target short by one person
(ceil(0.3 × 1) = 1), +10.
"""

from __future__ import annotations

from tests.helpers import cadre, history, post, unit
from tests.planning import changes, objective_parts, reasons_of, solve_roster, unmet

# --- KEY_POST_TENURE -------------------------------------------------------------------------


def key_post_roster(since: str) -> dict:
    # C1 holds key post P1 of U1; U1 has a second, free post P2; U2 has one free post P3
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("P1", key=True), post("P2"), post("P3", "U2")],
        "cadres": [cadre("C1", "P1", since)],
    }


def test_key_post_tenure_moves_the_cadre_to_another_unit(tmp_path):
    plan = solve_roster(tmp_path, **key_post_roster("2011-01-01"))

    # 2011-01-01 + 5 years = AS_OF: due. A move to P2 would stay inside U1, which is not
    # 交流; P3 in U2 is the only post that meets the hard rule.
    assert plan.result.status == "OPTIMAL"
    assert changes(plan) == {"C1": ("move", "P3")}
    assert reasons_of(plan, "C1") == ["KEY_POST_TENURE"]
    # C1 is asked to move, so STABILITY charges nothing; both units are business units
    assert objective_parts(plan) == {"STRUCTURE_TARGETS": 30}
    assert plan.result.objective == 30


def test_key_post_tenure_does_not_fire_a_day_early(tmp_path):
    plan = solve_roster(tmp_path, **key_post_roster("2011-01-02"))

    # one day short of five years: not due, and a move would only cost STABILITY (+10)
    assert changes(plan) == {}
    assert plan.result.objective == 30


# --- LEADER_UNIT_TENURE ----------------------------------------------------------------------


def leader_roster(earlier_level: str) -> dict:
    # D1 has held deputy post PD1 of U1 since 2013 only; from 2009 to 2013 it served in U1
    # at ``earlier_level``. U1 has a free deputy post PD2, U2 a free deputy post PD3.
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [
            post("PD1", level="deputy"),
            post("PD2", level="deputy"),
            post("PD3", "U2", level="deputy"),
        ],
        "cadres": [cadre("D1", "PD1", "2013-01-01")],
        "history": [history("D1", "U1", earlier_level, "2009-01-01", "2013-01-01")],
    }


def test_leader_unit_tenure_counts_the_whole_leadership_run_in_the_unit(tmp_path):
    plan = solve_roster(tmp_path, **leader_roster("deputy"))

    # leader_since = 2009-01-01 (deputy in U1 since then, post changes included): 7 years,
    # due. Only PD3 lies outside U1.
    assert changes(plan) == {"D1": ("move", "PD3")}
    assert reasons_of(plan, "D1") == ["LEADER_UNIT_TENURE"]
    # 30 (chiefs 33–37) + 10 (one deputy, not aged 28–32)
    assert plan.result.objective == 40


def test_leader_unit_tenure_does_not_count_staff_years(tmp_path):
    plan = solve_roster(tmp_path, **leader_roster("staff"))

    # staff in U1 until 2013: leader_since = 2013-01-01, 3 years, not due → D1 stays
    assert changes(plan) == {}
    assert plan.result.objective == 40


# --- STAFF_POST_TENURE -------------------------------------------------------------------------


def test_staff_post_tenure_moves_the_cadre_when_a_post_is_free(tmp_path):
    plan = solve_roster(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1", "2007-01-01")],
    )

    # 9 years in P1 ≥ 8: another post, even in the same unit, meets the rule (soft, 100)
    assert changes(plan) == {"C1": ("move", "P2")}
    assert reasons_of(plan, "C1") == ["STAFF_POST_TENURE"]
    assert unmet(plan) == []
    assert plan.result.soft_penalty == 0


def test_staff_post_tenure_does_not_fire_before_eight_years(tmp_path):
    plan = solve_roster(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1", "2008-01-02")],
    )

    # 7 years: not due; moving to P2 would cost STABILITY +10 for nothing
    assert changes(plan) == {}
    assert plan.result.objective == 30


def test_staff_post_tenure_is_unmet_and_reported_when_there_is_nowhere_to_go(tmp_path):
    plan = solve_roster(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1", "2007-01-01")])

    # P1 is the only post: C1 stays, the soft rule is left unmet and paid (weight 100)
    assert changes(plan) == {}
    assert plan.result.status == "OPTIMAL"
    assert unmet(plan) == [("STAFF_POST_TENURE", "C1")]
    assert plan.result.soft_penalty == 100
    findings = [(r["rule_id"], r["subject"]) for r in plan.finding_rows()]
    assert ("STAFF_POST_TENURE", "C1") in findings


def test_staff_post_tenure_is_unmet_when_the_only_other_holder_may_not_move(tmp_path):
    plan = solve_roster(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[
            cadre("C1", "P1", "2007-01-01"),
            cadre("C2", "P2", "2012-01-01", flags="under_investigation"),
        ],
    )

    # the only way out for C1 is a swap with C2, whom the investigation pins to P2 (hard)
    assert changes(plan) == {}
    assert unmet(plan) == [("STAFF_POST_TENURE", "C1")]


def test_staff_post_tenure_outweighs_a_colleagues_min_tenure(tmp_path):
    plan = solve_roster(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1", "2007-01-01"), cadre("C2", "P2", "2015-01-01")],
    )

    # a swap meets STAFF_POST_TENURE (100) at the price of moving C2 after one year
    # (MIN_TENURE, 50): the soft tier prefers paying 50 to paying 100
    assert changes(plan) == {"C1": ("move", "P2"), "C2": ("move", "P1")}
    assert unmet(plan) == [("MIN_TENURE", "C2")]
    assert plan.result.soft_penalty == 50
    # C2's move is asked by no rule: STABILITY +10 on top of the baseline 30
    assert objective_parts(plan) == {"STABILITY": 10, "STRUCTURE_TARGETS": 30}
    assert reasons_of(plan, "C1") == ["STAFF_POST_TENURE"]
    assert reasons_of(plan, "C2") == []


# --- exemption (三(二) last sentence) ----------------------------------------------------------


def exempt_roster(gender: str) -> dict:
    # D1, born 1962-01-01 (54 at AS_OF), has held key deputy post PD1 of U1 since 2009:
    # due under KEY_POST_TENURE and LEADER_UNIT_TENURE unless exempt; U2 has a free deputy post
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("PD1", level="deputy", key=True), post("PD2", "U2", level="deputy")],
        "cadres": [cadre("D1", "PD1", "2009-01-01", gender=gender, birth_date="1962-01-01")],
    }


def test_an_exempt_leader_is_not_moved(tmp_path):
    plan = solve_roster(tmp_path, **exempt_roster("F"))

    # a woman deputy aged 54 ≥ 53 is exempt: both obligations are waived, and an unasked move
    # would cost STABILITY +10
    assert changes(plan) == {}
    # 30 + 10 for a deputy not aged 28–32; the women-in-leadership target (the share of women
    # among all cadres: 100% here) is met by D1 herself
    assert plan.result.objective == 40


def test_a_man_of_the_same_age_is_not_exempt(tmp_path):
    plan = solve_roster(tmp_path, **exempt_roster("M"))

    # men are exempt from 58: D1 must leave U1
    assert changes(plan) == {"D1": ("move", "PD2")}
    assert reasons_of(plan, "D1") == ["KEY_POST_TENURE", "LEADER_UNIT_TENURE"]
