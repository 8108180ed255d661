"""SUPERVISOR_PAIRING, CHIEF_DEPUTY_PAIRING, UNIT_CONTINUITY in the planner.

Conventions as in test_tenure.py. K1 born 1955-01-01 is 61 at AS_OF: a chief aged ≥ 58 is
exempt from rotation (三(二) last sentence). A chief aged 61 is neither under 40 nor 33–37:
with K1 as the only chief, STRUCTURE_TARGETS is short by 1 young chief (ceil(0.2 × 1) = 1) and
by 3 chiefs aged 33–37: +40. Each deputy aged 36 adds the young-deputy shortfall of test_tenure.
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
    unmet,
)

OLD = "1955-01-01"  # 61 at AS_OF: exempt
YOUNG = "1985-06-01"  # 30 at AS_OF: a young deputy (28–32), young for YOUNG_MULTI_POST (≤ 35)

# --- SUPERVISOR_PAIRING ----------------------------------------------------------------------


def supervisor_roster(birth: str, supervised_since: str, chief_vacancy: bool = False) -> dict:
    # chief K1 has led U1 since 2008, supervised by L1 since ``supervised_since``; L2
    # supervises U2; U2 has a free chief post only when asked
    posts = [post("PC1", level="chief"), post("P2", "U2")]
    if chief_vacancy:
        posts.append(post("PC2", "U2", level="chief"))
    return {
        "units": [
            unit("U1", supervisor_id="L1", supervisor_since=supervised_since),
            unit("U2", supervisor_id="L2"),
        ],
        "leaders": [leader("L1"), leader("L2")],
        "posts": posts,
        "cadres": [cadre("K1", "PC1", "2008-01-01", birth_date=birth)],
    }


def test_supervisor_pairing_with_an_exempt_chief_changes_the_portfolio(tmp_path):
    plan = solve_roster(tmp_path, **supervisor_roster(OLD, "2008-01-01"))

    # L1 has supervised K1 for 8 years; K1 is exempt, so only a new supervisor meets the
    # rule: U1 passes to L2 (STABILITY charges a portfolio change 10, far below the 500
    # of the soft rule). K1 stays.
    assert changes(plan) == {}
    assert portfolio_changes(plan) == {"U1": "L2"}
    assert unmet(plan) == []
    assert objective_parts(plan) == {"STABILITY": 10, "STRUCTURE_TARGETS": 40}


def test_supervisor_pairing_does_not_fire_before_five_years_of_supervision(tmp_path):
    plan = solve_roster(tmp_path, **supervisor_roster(OLD, "2012-01-01"))

    # max(post_since 2008, supervisor_since 2012) = 2012: 4 years, nothing changes
    assert changes(plan) == {}
    assert portfolio_changes(plan) == {}
    assert plan.result.objective == 40


LEADER_TENURE_OFF = params(("LEADER_UNIT_TENURE", {"severity": Severity.OFF}))


def test_supervisor_pairing_changes_the_portfolio_when_the_chief_cannot_move(tmp_path):
    plan = solve_roster(
        tmp_path, parameters=LEADER_TENURE_OFF, **supervisor_roster("1980-01-01", "2008-01-01")
    )

    # LEADER_UNIT_TENURE off, so only SUPERVISOR_PAIRING asks K1 (36, not exempt) to move;
    # there is no chief post outside U1: the portfolio changes instead
    assert changes(plan) == {}
    assert portfolio_changes(plan) == {"U1": "L2"}
    # K1 is a chief aged 33–37: the mid-chief shortfall is 2 (+20), plus the change (+10)
    assert objective_parts(plan) == {"STABILITY": 10, "STRUCTURE_TARGETS": 20}


def test_supervisor_pairing_moves_the_chief_when_that_is_cheaper(tmp_path):
    plan = solve_roster(
        tmp_path,
        parameters=LEADER_TENURE_OFF,
        **supervisor_roster("1980-01-01", "2008-01-01", chief_vacancy=True),
    )

    # with chief post PC2 free in U2, K1 may move instead: K1 is asked to move by the rule,
    # so the move costs nothing while a portfolio change costs 10 → K1 moves, L1 keeps U1
    assert changes(plan) == {"K1": ("move", "PC2")}
    assert portfolio_changes(plan) == {}
    assert reasons_of(plan, "K1") == ["SUPERVISOR_PAIRING"]
    assert plan.result.objective == 20


# --- CHIEF_DEPUTY_PAIRING --------------------------------------------------------------------


def chief_deputy_roster(chief_since: str) -> dict:
    # exempt chief K1 of U1 since ``chief_since``; D1 has served in U1 since 2009 (staff until
    # 2013, deputy since, so LEADER_UNIT_TENURE does not apply); U2 has a free deputy post
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [
            post("PC1", level="chief"),
            post("PD1", level="deputy"),
            post("PD2", "U2", level="deputy"),
        ],
        "cadres": [
            cadre("K1", "PC1", chief_since, birth_date=OLD),
            cadre("D1", "PD1", "2013-01-01"),
        ],
        "history": [history("D1", "U1", "staff", "2009-01-01", "2013-01-01")],
    }


def test_chief_deputy_pairing_with_an_exempt_chief_moves_the_deputy(tmp_path):
    plan = solve_roster(tmp_path, **chief_deputy_roster("2008-01-01"))

    # together since max(unit_since 2008, 2009) = 2009: 7 years. K1 is exempt, so the pair is
    # split by D1 leaving U1 (soft, 500); PD2 is the only deputy post outside U1.
    assert changes(plan) == {"D1": ("move", "PD2")}
    assert reasons_of(plan, "D1") == ["CHIEF_DEPUTY_PAIRING"]
    assert unmet(plan) == []
    # K1 exempt chief (+40), D1 a deputy aged 36 (+10); D1 is asked to move: no STABILITY
    assert plan.result.objective == 50


def test_chief_deputy_pairing_does_not_fire_before_five_years_together(tmp_path):
    plan = solve_roster(tmp_path, **chief_deputy_roster("2012-01-01"))

    # max(2012, 2009) = 2012: 4 years together → D1 stays
    assert changes(plan) == {}
    assert plan.result.objective == 50


# --- UNIT_CONTINUITY -------------------------------------------------------------------------


def continuity_roster() -> dict:
    # chief K1 (36) has led U1 since 2009: LEADER_UNIT_TENURE, must leave for PC2 in U2.
    # deputy D1 (30) was rated incompetent in 2015: APPRAISAL_ADJUSTMENT, must leave U1 or
    # step down; U1 has a free staff post PS1, U2 (comprehensive) a free deputy post PD2.
    return {
        "units": [unit("U1"), unit("U2", kind="comprehensive")],
        "posts": [
            post("PC1", level="chief"),
            post("PD1", level="deputy"),
            post("PS1"),
            post("PC2", "U2", level="chief"),
            post("PD2", "U2", level="deputy"),
        ],
        "cadres": [
            cadre("K1", "PC1", "2009-01-01"),
            cadre("D1", "PD1", "2014-01-01", birth_date=YOUNG),
        ],
        "appraisals": [appraisal("D1", 2015, "incompetent")],
    }


def test_unit_continuity_keeps_one_leader_in_the_unit(tmp_path):
    plan = solve_roster(tmp_path, **continuity_roster())

    # K1 must go to PC2. Were D1 to take PD2 as well, U1 would lose both its leaders
    # (UNIT_CONTINUITY, soft 100); stepping down to PS1 keeps D1 in U1 at no soft cost.
    assert changes(plan) == {"K1": ("move", "PC2"), "D1": ("step_down", "PS1")}
    assert unmet(plan) == []
    assert reasons_of(plan, "D1") == ["APPRAISAL_ADJUSTMENT"]
    assert reasons_of(plan, "K1") == ["LEADER_UNIT_TENURE", "CROSS_ROTATION"]
    # K1 crosses business → comprehensive (−3); K1 is a chief aged 36 (mid shortfall 2,
    # +20); no deputy is left, so the young-deputy target needs nobody
    assert objective_parts(plan) == {"CROSS_ROTATION": -3, "STRUCTURE_TARGETS": 20}


def test_without_unit_continuity_both_leaders_leave(tmp_path):
    off = params(("UNIT_CONTINUITY", {"severity": Severity.OFF}))
    plan = solve_roster(tmp_path, parameters=off, **continuity_roster())

    # without the rule, D1 taking PD2 earns CROSS_ROTATION (−3) and YOUNG_MULTI_POST (−3,
    # aged 30, never served in U2) and keeps a young deputy (1 of 1, no shortfall):
    # 20 − 9 = 11 beats the step-down's 20 − 3 = 17
    assert changes(plan) == {"K1": ("move", "PC2"), "D1": ("move", "PD2")}
    assert plan.result.objective == 11
    assert set(reasons_of(plan, "D1")) == {
        "APPRAISAL_ADJUSTMENT",
        "CROSS_ROTATION",
        "YOUNG_MULTI_POST",
    }


def test_unit_continuity_is_reported_when_both_leaders_must_leave(tmp_path):
    plan = solve_roster(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[
            post("PC1", level="chief"),
            post("PD1", level="deputy"),
            post("PC2", "U2", level="chief"),
            post("PD2", "U2", level="deputy"),
        ],
        cadres=[cadre("K1", "PC1", "2009-01-01"), cadre("D1", "PD1", "2010-01-01")],
    )

    # both have led in U1 for ≥ 5 years: both must leave (hard), the soft rule cannot hold
    assert changes(plan) == {"K1": ("move", "PC2"), "D1": ("move", "PD2")}
    assert unmet(plan) == [("UNIT_CONTINUITY", "U1")]
    assert plan.result.soft_penalty == 100
