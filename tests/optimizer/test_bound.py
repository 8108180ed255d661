"""The whole-problem bound (rotaplan.optimizer.bound) never exceeds what a plan achieves: on
random small rosters the exact model's proven optimum is at or above it, in both tiers; and
on hand-checkable rosters it is the number worked out in the comment."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import assume, given, settings

from rotaplan.models import load_roster
from rotaplan.optimizer.bound import soft_floor, whole_bound
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan
from rotaplan.rules.base import Parameters, Severity
from rotaplan.rules.context import Context
from tests.helpers import AS_OF, cadre, leader, post, unit, write_roster
from tests.optimizer.test_property import rosters

OPTIONS = SolveOptions(time_limit=20, workers=1, seed=0)


@settings(max_examples=40, deadline=None)
@given(rosters())
def test_bound_is_below_every_optimum(tables):
    with tempfile.TemporaryDirectory() as tmp:
        roster = load_roster(write_roster(Path(tmp) / "roster", **tables))
        plan = make_plan(roster, AS_OF, options=OPTIONS)
        assume(plan.result.status == "OPTIMAL")
        ctx = plan.ctx
        bound = whole_bound(ctx, plan.result.soft_penalty)
        assert bound.soft <= plan.result.soft_penalty
        if bound.objective is not None and plan.result.soft_penalty <= bound.soft:
            assert bound.objective <= plan.result.objective + 1e-6
        # without the soft floor's constraints the bound can only be lower
        loose = whole_bound(ctx, None)
        if loose.objective is not None and bound.objective is not None:
            assert loose.objective <= bound.objective + 1e-6


def _roster(tmp: Path, cadres: list[dict], posts: list[dict], units: list[dict]):
    return load_roster(
        write_roster(
            tmp / "roster", units=units, leaders=[leader("L1")], posts=posts, cadres=cadres
        )
    )


def _only(rule_id: str) -> Parameters:
    """Every objective rule off but ``rule_id`` (the soft and hard rules stay)."""
    params = Parameters.default()
    for other in (
        "CROSS_ROTATION",
        "YOUNG_MULTI_POST",
        "POST_FIT",
        "PROMOTION_MERIT",
        "STRUCTURE_TARGETS",
        "STABILITY",
    ):
        if other != rule_id:
            params = params.with_rule(other, severity=Severity.OFF)
    return params


def test_cross_rotation_bound_counts_the_posts_of_the_other_kind():
    # Two business units with one staff post each (held by C1, C2, both 8+ years in their
    # posts: STAFF_POST_TENURE asks both to move) and one comprehensive unit with a single
    # vacant staff post. Only one of them can take it: CROSS_ROTATION (weight 3) pays at
    # most once, so the flow bound is −3 — and the optimum is −3 too (one crosses, the
    # other takes the post it leaves... which is in a business unit, no reward).
    with tempfile.TemporaryDirectory() as tmp:
        roster = _roster(
            Path(tmp),
            cadres=[
                cadre("C1", "A1", "2005-01-01", level="staff"),
                cadre("C2", "B1", "2005-01-01", level="staff"),
            ],
            posts=[post("A1", "UA", "staff"), post("B1", "UB", "staff"), post("K1", "UK", "staff")],
            units=[unit("UA"), unit("UB"), unit("UK", kind="comprehensive")],
        )
        ctx = Context(roster, AS_OF, _only("CROSS_ROTATION"))
        bound = whole_bound(ctx, 0)
        assert bound.soft == 0
        assert bound.objective == -3
        plan = make_plan(roster, AS_OF, _only("CROSS_ROTATION"), OPTIONS)
        assert plan.result.status == "OPTIMAL" and plan.result.objective == -3


def test_soft_floor_counts_a_unit_whose_leaders_must_all_leave():
    # U1's chief C1 and deputy C2 have both led U1 for 5+ years: LEADER_UNIT_TENURE (hard)
    # sends both out, so UNIT_CONTINUITY (soft, weight 100) cannot be met: floor 100.
    # With C2 only 2 years in U1 the floor is 0 (C2 can stay).
    def roster_for(tmp: Path, deputy_since: str):
        return _roster(
            tmp,
            cadres=[
                cadre("C1", "U1C", "2009-01-01", level="chief"),
                cadre("C2", "U1D", deputy_since, level="deputy"),
            ],
            posts=[
                post("U1C", "U1", "chief"),
                post("U1D", "U1", "deputy"),
                post("U2C", "U2", "chief"),
                post("U2D", "U2", "deputy"),
            ],
            units=[unit("U1"), unit("U2", kind="comprehensive")],
        )

    with tempfile.TemporaryDirectory() as tmp:
        both = Context(roster_for(Path(tmp), "2009-06-01"), AS_OF, Parameters.default())
        assert soft_floor(both) == 100
    with tempfile.TemporaryDirectory() as tmp:
        one = Context(roster_for(Path(tmp), "2014-01-01"), AS_OF, Parameters.default())
        assert soft_floor(one) == 0


def test_summary_reports_the_whole_problem_bound(tmp_path):
    from rotaplan.example import example_roster

    with example_roster() as folder:
        roster = load_roster(folder)
    plan = make_plan(roster, AS_OF, options=OPTIONS)
    summary = plan.summary_dict()
    whole = summary["whole_problem"]
    # the example's exact model is proven optimal: its own bound is a whole-problem bound,
    # so the whole-problem gap is 0 and the relaxation is not needed to say so
    assert plan.result.status == "OPTIMAL"
    assert whole["soft_bound"] == plan.result.soft_penalty
    assert whole["objective_bound"] == plan.result.objective
    assert whole["gap"] == 0
