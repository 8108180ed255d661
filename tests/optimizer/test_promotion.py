"""PROMOTION_ELIGIBILITY, PROBATION (and the under_investigation flag), MIN_TENURE in the
planner. Conventions as in test_tenure.py (baseline objective +30 for the missing chiefs
aged 33–37; a deputy aged 36 adds +10, a deputy aged 28–32 keeps that target met)."""

from __future__ import annotations

import pytest

from tests.helpers import appraisal, cadre, history, post, unit
from tests.planning import changes, objective_parts, reasons_of, solve_roster, unmet

YOUNG = "1985-06-01"  # 30 at AS_OF
OLD = "1955-01-01"  # 61 at AS_OF: an exempt chief

# --- PROMOTION_ELIGIBILITY --------------------------------------------------------------------


def promotion_roster(since: str = "2012-01-01", rating_2014: str = "competent", **fields) -> dict:
    # S1 (30) is staff in PS1 of U1; U1's deputy post PD1 is free
    return {
        "posts": [post("PS1"), post("PD1", level="deputy")],
        "cadres": [cadre("S1", "PS1", since, birth_date=YOUNG, **fields)],
        "appraisals": [appraisal("S1", 2014, rating_2014), appraisal("S1", 2015)],
    }


def test_an_eligible_cadre_is_promoted_into_a_vacancy(tmp_path):
    plan = solve_roster(tmp_path, **promotion_roster())

    # S1 passes the screening: 4 years at staff level (≥ 3), recommended 2015-07-01 (within
    # a year), bachelor, no flags, no basic appraisal. PROMOTION_MERIT rewards the promotion
    # (4 × (1 + 0 excellent)) and a deputy aged 30 keeps the young-deputy target met.
    assert changes(plan) == {"S1": ("promote", "PD1")}
    assert reasons_of(plan, "S1") == ["PROMOTION_MERIT"]
    assert objective_parts(plan) == {"PROMOTION_MERIT": -4, "STRUCTURE_TARGETS": 30}


@pytest.mark.parametrize(
    "roster",
    [
        pytest.param(promotion_roster(rating_2014="basic"), id="basic rating in 2014"),
        pytest.param(promotion_roster(flags="discipline"), id="discipline flag"),
        pytest.param(promotion_roster(education="secondary"), id="below college"),
        pytest.param(promotion_roster(recommended_on="2014-12-31"), id="recommendation expired"),
        pytest.param(promotion_roster(recommended_on=""), id="never recommended"),
        pytest.param(promotion_roster(since="2013-01-02"), id="2 years at staff level"),
    ],
)
def test_an_ineligible_cadre_is_never_promoted(tmp_path, roster):
    plan = solve_roster(tmp_path, **roster)

    # each variant fails one screening condition of the eligible roster above; PD1 stays
    # vacant although filling it would earn −4, and S1 has no reason to move sideways
    assert changes(plan) == {}
    assert plan.result.objective == 30


def test_a_promotion_is_never_by_more_than_one_level(tmp_path):
    plan = solve_roster(
        tmp_path,
        posts=[post("PS1"), post("PC1", level="chief")],
        cadres=[cadre("S1", "PS1", "2012-01-01", birth_date=YOUNG)],
    )

    # S1 is eligible for deputy, but the only free post is a chief post: it stays vacant,
    # although taking it would earn PROMOTION_MERIT −4 and change no structure shortfall
    # (a chief aged 30 is under 40, 1 of 1, but not 33–37)
    assert changes(plan) == {}


# --- PROBATION and under_investigation --------------------------------------------------------


def pair_roster(promoted_on: str, flags: str = "") -> dict:
    # exempt chief K1 (61) has led U1 since 2008; D1 served in U1 as staff from 2005 and was
    # promoted to deputy on ``promoted_on``. CHIEF_DEPUTY_PAIRING (soft) asks D1 to leave
    # U1 (the exempt chief is not asked); U2 has a free deputy post PD2.
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [
            post("PC1", level="chief"),
            post("PD1", level="deputy"),
            post("PD2", "U2", level="deputy"),
        ],
        "cadres": [
            cadre("K1", "PC1", "2008-01-01", birth_date=OLD),
            cadre("D1", "PD1", promoted_on, flags=flags),
        ],
        "history": [history("D1", "U1", "staff", "2005-01-01", promoted_on)],
    }


def test_a_cadre_on_probation_stays(tmp_path):
    plan = solve_roster(tmp_path, **pair_roster("2015-06-01"))

    # D1 was promoted 7 months before AS_OF: on probation. Only a soft rule asks it to move,
    # so PROBATION (hard) keeps it in PD1 and the pairing is left unmet (500).
    assert changes(plan) == {}
    assert unmet(plan) == [("CHIEF_DEPUTY_PAIRING", "D1+K1")]
    assert plan.result.soft_penalty == 500


def test_a_cadre_under_investigation_stays(tmp_path):
    plan = solve_roster(tmp_path, **pair_roster("2013-01-01", flags="under_investigation"))

    # promoted long ago, but under investigation: no move at all
    assert changes(plan) == {}
    assert unmet(plan) == [("CHIEF_DEPUTY_PAIRING", "D1+K1")]


def test_a_cadre_past_probation_moves(tmp_path):
    plan = solve_roster(tmp_path, **pair_roster("2014-06-01"))

    # promoted 19 months ago: no probation; D1 takes PD2 and meets the pairing rule
    assert changes(plan) == {"D1": ("move", "PD2")}
    assert reasons_of(plan, "D1") == ["CHIEF_DEPUTY_PAIRING"]
    assert unmet(plan) == []
    # K1 (61) is short of both chief-age targets (+40), D1 is a deputy aged 36 (+10)
    assert plan.result.objective == 50


def test_probation_yields_to_a_hard_rule(tmp_path):
    plan = solve_roster(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("PC1", level="chief"), post("PC2", "U2", level="chief")],
        cadres=[cadre("K1", "PC1", "2015-06-01")],
        history=[history("K1", "U1", "deputy", "2008-01-01", "2015-06-01")],
    )

    # K1 became chief of U1 7 months ago (probation) but has led U1 since 2008 as deputy
    # then chief: LEADER_UNIT_TENURE (hard) requires the move, and PROBATION gives way
    assert changes(plan) == {"K1": ("move", "PC2")}
    assert reasons_of(plan, "K1") == ["LEADER_UNIT_TENURE"]


# --- MIN_TENURE --------------------------------------------------------------------------------

TAGS = "a;b;c;d;e;f"


def fit_roster(since: str) -> dict:
    # C1 (tags a–f) sits in P1 (no tags) of U1; P2 in U2, free, asks for all six tags
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("P1"), post("P2", "U2", specialty=TAGS)],
        "cadres": [cadre("C1", "P1", since, specialty=TAGS)],
    }


def test_min_tenure_keeps_a_short_tenure_cadre_in_place(tmp_path):
    plan = solve_roster(tmp_path, **fit_roster("2014-01-01"))

    # moving C1 to P2 would earn POST_FIT 6 × 2 = −12 against STABILITY +10, a gain of 2,
    # but C1 has held P1 for 2 years only: MIN_TENURE (soft, 50) outranks every objective
    assert changes(plan) == {}
    assert unmet(plan) == []
    assert plan.result.objective == 30


def test_min_tenure_does_not_hold_a_cadre_with_three_years_in_post(tmp_path):
    plan = solve_roster(tmp_path, **fit_roster("2013-01-01"))

    # 3 years in P1: no MIN_TENURE; the move's net gain of 2 decides
    assert changes(plan) == {"C1": ("move", "P2")}
    assert reasons_of(plan, "C1") == ["POST_FIT"]
    assert objective_parts(plan) == {"POST_FIT": -12, "STABILITY": 10, "STRUCTURE_TARGETS": 30}
