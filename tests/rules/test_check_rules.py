"""Fires / does-not-fire pairs for every rule of the check audit (SPEC §4, §6).

Each roster is small enough to work out by hand; the reasoning sits next to the assertion.
Unless said otherwise the plan date is AS_OF = 2016-01-01, unit U1 is supervised by L1 since
2015-01-01, and every cadre is a 36-year-old man with a bachelor's degree, recommended on
2015-07-01, no flags and no appraisals (see tests/helpers.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from rotaplan.audit import check
from rotaplan.rules.context import Outcome
from rotaplan.rules.registry import satisfied
from tests.helpers import (
    appraisal,
    audit,
    borrowing,
    cadre,
    cadre_row,
    history,
    instances_of,
    leader,
    load,
    post,
    relation,
    rows_of,
    subjects,
    unit,
)


def outcome(result, posts: dict | None = None, leaders: dict | None = None) -> Outcome:
    """The unchanged roster with some cadres moved (cadre -> post) and portfolios changed."""
    base = Outcome.unchanged(result.ctx.roster)
    return replace(
        base,
        post_of={**base.post_of, **(posts or {})},
        leader_of={**base.leader_of, **(leaders or {})},
    )


# --- KEY_POST_TENURE ----------------------------------------------------------------------


def test_key_post_tenure_fires_at_exactly_five_years(tmp_path):
    roster = load(tmp_path, posts=[post("P1", key=True)], cadres=[cadre("C1", "P1", "2011-01-01")])

    # C1 took the key post on 2011-01-01; 2011-01-01 + 5y = 2016-01-01 <= as_of → fires
    assert subjects(check(roster, date(2016, 1, 1)), "KEY_POST_TENURE") == ["C1"]
    # one day short: 2016-01-01 > 2015-12-31 → does not fire
    assert subjects(check(roster, date(2015, 12, 31)), "KEY_POST_TENURE") == []


def test_key_post_tenure_ignores_a_post_that_is_not_key(tmp_path):
    result = audit(
        tmp_path, posts=[post("P1", key=False)], cadres=[cadre("C1", "P1", "2006-01-01")]
    )

    # ten years in P1, but P1 is no key post → no KEY_POST_TENURE (STAFF_POST_TENURE fires instead)
    assert subjects(result, "KEY_POST_TENURE") == []
    assert subjects(result, "STAFF_POST_TENURE") == ["C1"]


def test_key_post_tenure_asks_to_leave_the_unit(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", key=True), post("P2", "U1"), post("P3", "U2")],
        cadres=[cadre("C1", "P1", "2011-01-01")],
    )
    [inst] = instances_of(result, "KEY_POST_TENURE")

    # a move inside U1 does not meet 三(二) "交流": C1 must end in another unit
    assert not satisfied(result.ctx, inst, outcome(result, posts={"C1": "P2"}))
    assert satisfied(result.ctx, inst, outcome(result, posts={"C1": "P3"}))


# --- LEADER_UNIT_TENURE -------------------------------------------------------------------


def test_leader_unit_tenure_fires_at_exactly_five_years(tmp_path):
    roster = load(
        tmp_path, posts=[post("P1", level="chief")], cadres=[cadre("C1", "P1", "2011-01-01")]
    )

    # C1 has led U1 since 2011-01-01 (no history: leader_since = post_since) → 5y on 2016-01-01
    assert subjects(check(roster, date(2016, 1, 1)), "LEADER_UNIT_TENURE") == ["C1"]
    # 2015-12-31 is one day short of five full years → nothing
    assert subjects(check(roster, date(2015, 12, 31)), "LEADER_UNIT_TENURE") == []


def test_leader_unit_tenure_ignores_staff(tmp_path):
    result = audit(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1", "2009-01-01")])

    # seven years in one unit, but as staff: LEADER_UNIT_TENURE is for chiefs and deputies
    assert subjects(result, "LEADER_UNIT_TENURE") == []


def test_deputy_promoted_to_chief_in_the_same_unit_keeps_the_leader_clock(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief"), post("P2", level="deputy")],
        cadres=[cadre("C1", "P1", "2014-07-01")],
        history=[history("C1", "U1", "deputy", "2009-03-01", "2014-06-30", post_id="P2")],
    )

    # C1 became chief of U1 on 2014-07-01 (post_years 1), but has led U1 without a break since
    # becoming its deputy on 2009-03-01: leader_since = 2009-03-01, + 5y <= 2016-01-01 → due
    assert subjects(result, "LEADER_UNIT_TENURE") == ["C1"]
    assert cadre_row(result, "C1")["leader_since"] == date(2009, 3, 1)
    assert cadre_row(result, "C1")["post_years"] == 1
    assert "since 2009-03-01" in rows_of(result, "LEADER_UNIT_TENURE")[0]["detail"]


def test_deputy_promoted_to_chief_from_another_unit_starts_a_new_clock(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", level="chief"), post("P2", "U2", level="deputy")],
        cadres=[cadre("C1", "P1", "2014-07-01")],
        history=[history("C1", "U2", "deputy", "2009-03-01", "2014-06-30", post_id="P2")],
    )

    # the deputy years were spent in U2: in U1 C1 leads since 2014-07-01 only → not due
    assert subjects(result, "LEADER_UNIT_TENURE") == []
    assert cadre_row(result, "C1")["leader_since"] == date(2014, 7, 1)


def test_staff_years_in_the_unit_do_not_count_as_leading_it(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="deputy")],
        cadres=[cadre("C1", "P1", "2013-01-01")],
        history=[history("C1", "U1", "staff", "2005-01-01", "2012-12-31")],
    )

    # in U1 since 2005 (unit_since) but a deputy only since 2013 (leader_since) → 3y, not due
    assert cadre_row(result, "C1")["unit_since"] == date(2005, 1, 1)
    assert cadre_row(result, "C1")["leader_since"] == date(2013, 1, 1)
    assert subjects(result, "LEADER_UNIT_TENURE") == []


# --- STAFF_POST_TENURE --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2008-01-01", ["C1"]),  # 2008-01-01 + 8y = 2016-01-01 <= as_of → fires
        ("2008-01-02", []),  # 2008-01-02 + 8y = 2016-01-02 > as_of: one day short
    ],
)
def test_staff_post_tenure(tmp_path, since, expected):
    result = audit(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1", since)])

    assert subjects(result, "STAFF_POST_TENURE") == expected


def test_staff_post_tenure_is_met_by_another_post_in_the_same_unit(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1", "2007-01-01")],
    )
    [inst] = instances_of(result, "STAFF_POST_TENURE")

    # "moves to another post": unlike the unit clocks, P1 → P2 inside U1 is enough
    assert satisfied(result.ctx, inst, outcome(result, posts={"C1": "P2"}))
    assert not satisfied(result.ctx, inst, outcome(result))


# --- SUPERVISOR_PAIRING -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("supervisor_since", "expected"),
    [
        # chief since 2010-01-01, L1 since 2010-06-01: max = 2010-06-01, 5y by 2015-06-01 → fires
        ("2010-06-01", ["C1"]),
        # L1 took U1 over on 2011-01-02: 2016-01-02 > as_of, one day short → does not fire
        ("2011-01-02", []),
    ],
)
def test_supervisor_pairing(tmp_path, supervisor_since, expected):
    result = audit(
        tmp_path,
        units=[unit("U1", supervisor_since=supervisor_since)],
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01")],
    )

    assert subjects(result, "SUPERVISOR_PAIRING") == expected


def test_supervisor_pairing_counts_from_the_chief_post_not_the_leader_run(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1", supervisor_since="2005-01-01")],
        posts=[post("P1", level="chief"), post("P2", level="deputy")],
        cadres=[cadre("C1", "P1", "2012-01-01")],
        history=[history("C1", "U1", "deputy", "2006-01-01", "2011-12-31", post_id="P2")],
    )

    # SPEC: max(post_since, supervisor_since) = 2012-01-01 → 4y, not 5: L1 has supervised C1
    # *as chief* for four years only (LEADER_UNIT_TENURE, on the leader run, does fire)
    assert subjects(result, "SUPERVISOR_PAIRING") == []
    assert subjects(result, "LEADER_UNIT_TENURE") == ["C1"]


def test_supervisor_pairing_is_met_by_the_chief_leaving_or_a_new_supervisor(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1", supervisor_since="2009-01-01"), unit("U2", supervisor_id="L2")],
        leaders=[leader("L1"), leader("L2")],
        posts=[post("P1", level="chief"), post("P2", "U2", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01")],
    )
    [inst] = instances_of(result, "SUPERVISOR_PAIRING")

    assert inst.movers == ("C1",)
    assert not satisfied(result.ctx, inst, outcome(result))
    assert satisfied(result.ctx, inst, outcome(result, posts={"C1": "P2"}))  # chief moves
    assert satisfied(result.ctx, inst, outcome(result, leaders={"U1": "L2"}))  # portfolio


def test_exempt_chief_supervisor_pairing_must_be_met_by_a_portfolio_change(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1", supervisor_since="2009-01-01"), unit("U2", supervisor_id="L2")],
        leaders=[leader("L1"), leader("L2")],
        posts=[post("P1", level="chief"), post("P2", "U2", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01", birth_date="1957-06-01")],
    )
    [row] = rows_of(result, "SUPERVISOR_PAIRING")
    [inst] = instances_of(result, "SUPERVISOR_PAIRING")

    # C1 is 58 on 2016-01-01 (born 1957-06-01) → exempt; the pairing still applies (it is a
    # finding, not an EXEMPTION row) but only the other side, the portfolio, can meet it
    assert row["subject"] == "C1"
    assert "portfolio must change" in row["detail"]
    assert inst.movers == ()
    assert not satisfied(result.ctx, inst, outcome(result, posts={"C1": "P2"}))
    assert satisfied(result.ctx, inst, outcome(result, leaders={"U1": "L2"}))


# --- CHIEF_DEPUTY_PAIRING -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("deputy_since", "expected"),
    [
        # chief in U1 since 2010, deputy since 2011-01-01: max = 2011-01-01, +5y = as_of → fires;
        # the subject is the sorted pair of ids joined by "+": "C2+C9"
        ("2011-01-01", ["C2+C9"]),
        ("2011-01-02", []),  # together since 2011-01-02: one day short of five years
    ],
)
def test_chief_deputy_pairing(tmp_path, deputy_since, expected):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief"), post("P2", level="deputy")],
        cadres=[cadre("C9", "P1", "2010-01-01"), cadre("C2", "P2", deputy_since)],
    )

    assert subjects(result, "CHIEF_DEPUTY_PAIRING") == expected


def test_chief_deputy_pairing_uses_unit_since_over_history(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief"), post("P2", level="deputy"), post("P3")],
        cadres=[cadre("C1", "P1", "2009-01-01"), cadre("C2", "P2", "2014-01-01")],
        history=[history("C2", "U1", "staff", "2010-01-01", "2013-12-31", post_id="P3")],
    )

    # C2 became deputy in 2014 but has been in U1 since 2010 (unit_since): together since
    # max(2009, 2010) = 2010-01-01 → 6y → fires
    assert subjects(result, "CHIEF_DEPUTY_PAIRING") == ["C1+C2"]


def test_exempt_chief_leaves_the_chief_deputy_pairing_to_the_deputy(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[
            post("P1", level="chief"),
            post("P2", level="deputy"),
            post("P3", "U2", level="chief"),
            post("P4", "U2", level="deputy"),
        ],
        cadres=[
            cadre("C1", "P1", "2010-01-01", birth_date="1956-03-01"),  # 59 → exempt
            cadre("C2", "P2", "2010-06-01"),
        ],
    )
    [row] = rows_of(result, "CHIEF_DEPUTY_PAIRING")
    [inst] = instances_of(result, "CHIEF_DEPUTY_PAIRING")

    # together since 2010-06-01 → 5y; the exempt chief need not move, so the deputy must
    assert row["subject"] == "C1+C2"
    assert "name C1 is exempt, so name C2 should move" in row["detail"]
    assert inst.movers == ("C2",)
    assert not satisfied(result.ctx, inst, outcome(result, posts={"C1": "P3"}))
    assert satisfied(result.ctx, inst, outcome(result, posts={"C2": "P4"}))
    # C1's own LEADER_UNIT_TENURE obligation is waived: an EXEMPTION row, not a finding
    assert subjects(result, "LEADER_UNIT_TENURE") == ["C2"]
    assert subjects(result, "EXEMPTION") == ["C1"]


def test_both_exempt_chief_deputy_pairing_becomes_exemption_rows(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief"), post("P2", level="deputy")],
        cadres=[
            cadre("C1", "P1", "2012-01-01", birth_date="1956-03-01"),  # man aged 59
            cadre("C2", "P2", "2012-01-01", gender="F", birth_date="1961-03-01"),  # woman, 54
        ],
        history=[history("C1", "U1", "staff", "2005-01-01", "2011-12-31")],
    )

    # C1 has been in U1 since 2005, C2 since 2012: together since max(2005, 2012) = 2012 → 4y
    assert rows_of(result, "CHIEF_DEPUTY_PAIRING") == []
    assert rows_of(result, "EXEMPTION") == []

    result = check(result.ctx.roster, date(2017, 1, 1))
    # on 2017-01-01 the pair is due (5y) but neither side has to move: no CHIEF_DEPUTY_PAIRING
    # finding, one EXEMPTION row per cadre naming the waived rule, with the pair as subject
    assert subjects(result, "CHIEF_DEPUTY_PAIRING") == []
    waived = [r for r in rows_of(result, "EXEMPTION") if "CHIEF_DEPUTY_PAIRING" in r["detail"]]
    assert [r["subject"] for r in waived] == ["C1+C2", "C1+C2"]


# --- ESTABLISHMENT ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("establishment", "expected"),
    [
        ("1", ["U1"]),  # two cadres in U1, establishment 1 → over
        ("2", []),  # establishment 2 holds both
        ("", []),  # default establishment = number of posts (2) → within
    ],
)
def test_establishment_cap(tmp_path, establishment, expected):
    result = audit(
        tmp_path,
        units=[unit("U1", establishment=establishment)],
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1"), cadre("C2", "P2")],
    )

    assert subjects(result, "ESTABLISHMENT") == expected


def test_establishment_unplaced_cadre(tmp_path):
    result = audit(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1"), cadre("C2")])

    # C2 has no post → must be placed; C1 is placed → nothing about C1
    assert subjects(result, "ESTABLISHMENT") == ["C2"]
    assert "holds no post" in rows_of(result, "ESTABLISHMENT")[0]["detail"]


@pytest.mark.parametrize(
    ("max_units", "expected"),
    [
        ("1", ["L1"]),  # L1 supervises U1 and U2 but may supervise one unit only
        ("2", []),  # two units, cap two → fine
        ("", []),  # no cap
    ],
)
def test_establishment_leader_over_max_units(tmp_path, max_units, expected):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        leaders=[leader("L1", max_units=max_units)],
    )

    assert subjects(result, "ESTABLISHMENT") == expected


# --- APPRAISAL_ADJUSTMENT -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "flags", "expected"),
    [
        # latest appraisal (2015) is incompetent → must move or step down
        ({2014: "competent", 2015: "incompetent"}, "", ["C1"]),
        # no bad appraisal, but flagged unfit (四(二) 不胜任现职) → fires
        ({2015: "competent"}, "unfit", ["C1"]),
        # an older incompetent (2013) followed by competent years: the latest counts → nothing
        ({2013: "incompetent", 2014: "competent", 2015: "competent"}, "", []),
        # basic is not incompetent → nothing
        ({2015: "basic"}, "", []),
    ],
)
def test_appraisal_adjustment(tmp_path, results, flags, expected):
    result = audit(
        tmp_path,
        posts=[post("P1", level="deputy")],
        cadres=[cadre("C1", "P1", flags=flags)],
        appraisals=[appraisal("C1", year, r) for year, r in results.items()],
    )

    assert subjects(result, "APPRAISAL_ADJUSTMENT") == expected


def test_appraisal_adjustment_is_for_chiefs_and_deputies_only(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1")],
        cadres=[cadre("C1", "P1")],
        appraisals=[appraisal("C1", 2015, "incompetent")],
    )

    # a staff member has nothing to step down from → no finding
    assert subjects(result, "APPRAISAL_ADJUSTMENT") == []


def test_appraisal_adjustment_is_met_by_stepping_down_in_the_unit(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief"), post("P2")],
        cadres=[cadre("C1", "P1")],
        appraisals=[appraisal("C1", 2015, "不称职")],
    )
    [inst] = instances_of(result, "APPRAISAL_ADJUSTMENT")

    # 改任非领导职务: a staff post in the same unit is enough
    assert "rated incompetent in 2015" in inst.detail()
    assert satisfied(result.ctx, inst, outcome(result, posts={"C1": "P2"}))
    assert not satisfied(result.ctx, inst, outcome(result))


# --- KIN_AVOIDANCE ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post_of_c2", "expected"),
    [
        ("P2", ["C1+C2"]),  # spouses both in U1 → fires, subject the sorted pair
        ("P3", []),  # C2 in U2 → apart, nothing
    ],
)
def test_kin_avoidance_same_unit(tmp_path, post_of_c2, expected):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1"), post("P2"), post("P3", "U2")],
        cadres=[cadre("C1", "P1"), cadre("C2", post_of_c2)],
        relations=[relation("C2", "C1", "spouse")],
    )

    assert subjects(result, "KIN_AVOIDANCE") == expected


@pytest.mark.parametrize(
    ("post_id", "expected"),
    [
        ("P1", ["C1"]),  # key post in U1, which C1's parent L1 supervises → fires
        ("P2", []),  # a post in U1 that is not key → allowed
        ("P3", []),  # key post in U2, supervised by L2 → allowed
    ],
)
def test_kin_avoidance_key_post_under_a_relative_leader(tmp_path, post_id, expected):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2", supervisor_id="L2")],
        leaders=[leader("L1"), leader("L2")],
        posts=[post("P1", key=True), post("P2"), post("P3", "U2", key=True)],
        cadres=[cadre("C1", post_id)],
        relations=[relation("C1", "L1", "parent")],
    )

    assert subjects(result, "KIN_AVOIDANCE") == expected


def test_kin_relation_stated_both_ways_is_one_finding(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1"), cadre("C2", "P2")],
        relations=[relation("C1", "C2", "sibling"), relation("C2", "C1", "sibling")],
    )

    # the same pair from both sides is one obligation, asking either sibling to leave U1
    assert subjects(result, "KIN_AVOIDANCE") == ["C1+C2"]
    assert instances_of(result, "KIN_AVOIDANCE")[0].movers == ("C1", "C2")


def test_kin_avoidance_with_an_unplaced_relative(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1")],
        cadres=[cadre("C1", "P1"), cadre("C2")],
        relations=[relation("C1", "C2", "spouse")],
    )

    # C2 holds no post, so is in no unit: no conflict (ESTABLISHMENT asks to place C2)
    assert subjects(result, "KIN_AVOIDANCE") == []


# --- PROMOTION_ELIGIBILITY ----------------------------------------------------------------

# A staff member since 2012-01-01 (4 full years at level), bachelor, recommended 2015-07-01,
# competent 2013-2015: eligible. Each case below breaks exactly one condition.
ELIGIBLE = {"since": "2012-01-01"}


def test_promotion_eligible(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1")],
        cadres=[cadre("C1", "P1", **ELIGIBLE)],
        appraisals=[appraisal("C1", y) for y in (2013, 2014, 2015)],
    )

    [row] = rows_of(result, "PROMOTION_ELIGIBILITY")
    assert row["subject"] == "C1"
    assert row["detail"] == "name C1 may be promoted staff → deputy"
    assert cadre_row(result, "C1")["promotion_eligible"] is True
    assert cadre_row(result, "C1")["ineligible_reasons"] == ""


@pytest.mark.parametrize(
    ("changes", "appraisals", "reason"),
    [
        # basic in 2014, inside the window 2013-2015 (3 calendar years before 2016-01-01)
        ({}, {2014: "basic"}, "appraisal:2014"),
        ({}, {2015: "incompetent"}, "appraisal:2015"),
        ({"flags": "discipline"}, {}, "flag:discipline"),
        ({"flags": "low_recognition"}, {}, "flag:low_recognition"),
        ({"education": "secondary"}, {}, "education"),
        # recommended 2014-12-31: + 1y = 2015-12-31 <= as_of → older than one year, expired
        ({"recommended_on": "2014-12-31"}, {}, "recommendation_expired:2014-12-31|1"),
        ({"recommended_on": ""}, {}, "no_recommendation"),
        # staff since 2013-06-01: 2 full years, 3 needed for staff → deputy
        ({"since": "2013-06-01"}, {}, "years_at_level:2|3"),
    ],
)
def test_promotion_ineligible(tmp_path, changes, appraisals, reason):
    result = audit(
        tmp_path,
        posts=[post("P1")],
        cadres=[cadre("C1", "P1", **{**ELIGIBLE, **changes})],
        appraisals=[appraisal("C1", y, r) for y, r in appraisals.items()],
    )

    # the reason is listed, and an ineligible cadre is no PROMOTION_ELIGIBILITY finding
    assert cadre_row(result, "C1")["ineligible_reasons"] == reason
    assert cadre_row(result, "C1")["promotion_eligible"] is False
    assert subjects(result, "PROMOTION_ELIGIBILITY") == []


@pytest.mark.parametrize(
    ("changes", "appraisals"),
    [
        ({}, {2012: "basic"}),  # 2012 is outside the 3 calendar years 2013-2015
        ({"education": "college"}, {}),  # college is the lowest education that qualifies
        ({"recommended_on": "2015-01-02"}, {}),  # + 1y = 2016-01-02 > as_of: still valid
        ({"since": "2013-01-01"}, {}),  # exactly 3 full years at staff level
    ],
)
def test_promotion_eligible_at_the_boundaries(tmp_path, changes, appraisals):
    result = audit(
        tmp_path,
        posts=[post("P1")],
        cadres=[cadre("C1", "P1", **{**ELIGIBLE, **changes})],
        appraisals=[appraisal("C1", y, r) for y, r in appraisals.items()],
    )

    assert subjects(result, "PROMOTION_ELIGIBILITY") == ["C1"]


@pytest.mark.parametrize(
    ("deputy_from", "reason"),
    [
        # deputy since 2014-06-01 (history in U2, then U1 from 2015): 1 full year, 2 needed
        ("2014-06-01", "years_at_level:1|2"),
        # deputy since 2013-06-01 across both units: 2 full years → no years_at_level reason
        ("2013-06-01", ""),
    ],
)
def test_years_at_level_are_counted_over_the_history(tmp_path, deputy_from, reason):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", level="deputy"), post("P2", "U2", level="deputy")],
        cadres=[cadre("C1", "P1", "2015-03-01")],
        history=[
            history("C1", "U2", "staff", "2005-01-01", "2013-05-31"),
            history("C1", "U2", "deputy", deputy_from, "2015-02-28", post_id="P2"),
        ],
    )

    # the current deputy post alone (since 2015-03-01) would give 0 years either way
    assert cadre_row(result, "C1")["ineligible_reasons"] == reason
    assert subjects(result, "PROMOTION_ELIGIBILITY") == (["C1"] if not reason else [])


def test_chief_is_never_eligible(tmp_path):
    result = audit(
        tmp_path, posts=[post("P1", level="chief")], cadres=[cadre("C1", "P1", "2010-01-01")]
    )

    # no level above chief
    assert cadre_row(result, "C1")["ineligible_reasons"] == "top_level"


# --- PROBATION ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("promoted", "expected"),
    [
        ("2015-01-02", ["C1"]),  # promoted 2015-01-02: + 1y = 2016-01-02 > as_of → probation
        ("2015-01-01", []),  # promoted exactly one year before as_of → probation over
    ],
)
def test_probation_after_promotion_per_history(tmp_path, promoted, expected):
    result = audit(
        tmp_path,
        posts=[post("P1", level="deputy"), post("P2")],
        cadres=[cadre("C1", "P1", promoted)],
        history=[history("C1", "U1", "staff", "2008-01-01", "2014-12-31", post_id="P2")],
    )

    assert subjects(result, "PROBATION") == expected


def test_probation_needs_a_promotion_on_the_timeline(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", level="deputy"), post("P2", "U2", level="deputy")],
        cadres=[cadre("C1", "P1", "2015-06-01")],
        history=[history("C1", "U2", "deputy", "2010-01-01", "2015-05-31", post_id="P2")],
    )

    # a new post half a year ago, but at the same level (a transfer, not a promotion)
    assert subjects(result, "PROBATION") == []


def test_under_investigation_forbids_any_move(tmp_path):
    result = audit(
        tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1", flags="under_investigation")]
    )

    [row] = rows_of(result, "PROBATION")
    assert row["subject"] == "C1"
    assert "under investigation" in row["detail"]


def test_probation_gives_way_to_a_hard_rule(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="deputy"), post("P2")],
        cadres=[cadre("C1", "P1", "2015-06-01", flags="unfit")],
        history=[history("C1", "U1", "staff", "2008-01-01", "2015-05-31", post_id="P2")],
    )

    # promoted half a year ago, but APPRAISAL_ADJUSTMENT (hard) requires a move → no PROBATION
    assert subjects(result, "APPRAISAL_ADJUSTMENT") == ["C1"]
    assert subjects(result, "PROBATION") == []


# --- BORROWING_LIMIT ----------------------------------------------------------------------


def test_borrowing_longer_than_two_months(tmp_path):
    result = audit(tmp_path, borrowings=[borrowing("Zhang San", "2015-09-01")])

    # ongoing since 2015-09-01: 4 months at as_of, over the 2-month limit
    [row] = rows_of(result, "BORROWING_LIMIT")
    assert row["subject"] == "Zhang San"
    assert "4 months, over the 2-month limit" in row["detail"]


def test_borrowing_missing_approval(tmp_path):
    result = audit(
        tmp_path,
        borrowings=[borrowing("Li Si", "2015-12-01", approved_by="principal;filed")],
    )

    # one month only, but the supervising leader has not approved → one finding, naming it
    [row] = rows_of(result, "BORROWING_LIMIT")
    assert row["subject"] == "Li Si"
    assert row["detail"].endswith("without: supervisor")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2015-11-01", ""),  # ongoing, exactly 2 months at as_of → not longer than 2 months
        ("2015-03-01", "2015-04-30"),  # ended after less than 2 months
        ("2016-03-01", ""),  # starts after as_of: nothing to audit yet
    ],
)
def test_compliant_borrowing(tmp_path, start, end):
    result = audit(tmp_path, borrowings=[borrowing("Wang Wu", start, end)])

    assert rows_of(result, "BORROWING_LIMIT") == []


# --- UNIT_CONTINUITY ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("deputy_since", "expected"),
    [
        # chief and only deputy both led U1 since 2010 → both due (LEADER_UNIT_TENURE) → fires
        ("2010-01-01", ["U1"]),
        # the deputy arrived in 2014: only the chief is due, someone stays → nothing
        ("2014-01-01", []),
    ],
)
def test_unit_continuity(tmp_path, deputy_since, expected):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief"), post("P2", level="deputy")],
        cadres=[cadre("C1", "P1", "2010-01-01"), cadre("C2", "P2", deputy_since)],
    )

    assert subjects(result, "UNIT_CONTINUITY") == expected


# --- EXEMPTION ----------------------------------------------------------------------------


def test_exempt_chief_gives_an_exemption_row_instead_of_the_finding(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01", birth_date="1957-12-31")],
    )

    # C1 (man) is 58 on 2016-01-01 → exempt; his 6 years leading U1 are waived
    assert subjects(result, "LEADER_UNIT_TENURE") == []
    [row] = rows_of(result, "EXEMPTION")
    assert row["subject"] == "C1"
    assert "LEADER_UNIT_TENURE" in row["detail"]
    assert cadre_row(result, "C1")["exempt"] is True
    assert "C1" not in result.due  # an exempt cadre is never required to move


def test_man_of_57_is_not_exempt(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01", birth_date="1958-01-02")],
    )

    # 57 until 2016-01-02 → not exempt; the obligation is a finding
    assert subjects(result, "LEADER_UNIT_TENURE") == ["C1"]
    assert rows_of(result, "EXEMPTION") == []


def test_exempt_key_post_holder(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", level="deputy", key=True)],
        cadres=[cadre("C1", "P1", "2012-01-01", gender="F", birth_date="1960-05-01")],
    )

    # a woman of 55 holding a key post 4 years: nothing due yet, exempt or not
    assert rows_of(result, "EXEMPTION") == []
    result = check(result.ctx.roster, date(2017, 1, 1))
    # five years in 2017: KEY_POST_TENURE and LEADER_UNIT_TENURE both waived (56 ≥ 53)
    assert subjects(result, "KEY_POST_TENURE") == []
    details = sorted(r["detail"].rsplit("waived: ", 1)[1] for r in rows_of(result, "EXEMPTION"))
    assert details == ["KEY_POST_TENURE", "LEADER_UNIT_TENURE"]


def test_exemption_does_not_apply_to_staff(tmp_path):
    result = audit(
        tmp_path,
        posts=[post("P1", key=True)],
        cadres=[cadre("C1", "P1", "2010-01-01", birth_date="1955-01-01")],
    )

    # exemption is for chiefs and deputies: a staff member of 61 in a key post must move
    assert subjects(result, "KEY_POST_TENURE") == ["C1"]
    assert rows_of(result, "EXEMPTION") == []


@pytest.mark.parametrize(
    ("as_of", "rule_id"),
    [
        # born 1964-02-29; in 2017 Feb 29 counts as Feb 28: 53 on 2017-02-28 → exempt
        (date(2017, 2, 28), "EXEMPTION"),
        # the day before she is 52 → not exempt, the obligation is a finding
        (date(2017, 2, 27), "LEADER_UNIT_TENURE"),
    ],
)
def test_feb_29_birthday_exemption(tmp_path, as_of, rule_id):
    roster = load(
        tmp_path,
        posts=[post("P1", level="deputy")],
        cadres=[cadre("C1", "P1", "2010-01-01", gender="F", birth_date="1964-02-29")],
    )
    result = check(roster, as_of)

    clock = [
        (r["rule_id"], r["subject"])
        for r in result.finding_rows()
        if r["rule_id"] in ("EXEMPTION", "LEADER_UNIT_TENURE")
    ]
    assert clock == [(rule_id, "C1")]
    assert cadre_row(result, "C1")["age"] == (53 if rule_id == "EXEMPTION" else 52)


def test_finding_rows_have_the_spec_columns(tmp_path):
    result = audit(tmp_path, posts=[post("P1", key=True)], cadres=[cadre("C1", "P1", "2011-01-01")])

    assert all(list(row) == ["rule_id", "subject", "detail"] for row in result.finding_rows())
    # Chinese detail text, same rule ids and subjects
    zh = result.finding_rows("zh")
    assert [(r["rule_id"], r["subject"]) for r in zh] == [
        (r["rule_id"], r["subject"]) for r in result.finding_rows()
    ]
    assert "关键岗位" in next(r for r in zh if r["rule_id"] == "KEY_POST_TENURE")["detail"]


def test_a_far_future_supervisor_since_is_not_due(tmp_path):
    result = audit(
        tmp_path,
        units=[unit("U1", supervisor_since="9999-12-31")],
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2005-01-01")],
    )

    # max(2005-01-01, 9999-12-31) + 5y is beyond any plan date → no SUPERVISOR_PAIRING
    # (and no crash computing it)
    assert subjects(result, "SUPERVISOR_PAIRING") == []
    assert subjects(result, "LEADER_UNIT_TENURE") == ["C1"]
