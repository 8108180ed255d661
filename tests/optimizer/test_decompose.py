"""Decomposition (rotaplan.optimizer.decompose): the blocks cover the roster exactly once, a
block is a roster of its own, and the merged plan is a plan of the whole roster — it passes
``verify``, and its soft penalty and objective are what the whole roster's model gives the
same assignment."""

from __future__ import annotations

from dataclasses import replace

import pytest
from ortools.sat.python import cp_model

from rotaplan.generate import generate_roster
from rotaplan.models import load_roster
from rotaplan.optimizer.candidates import build_candidates
from rotaplan.optimizer.decompose import blocks, sub_roster
from rotaplan.optimizer.model import RotationModel
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan
from rotaplan.rules.base import Parameters
from rotaplan.rules.context import Context
from rotaplan.verify import verify
from tests.helpers import AS_OF

# 300 cadres in blocks of ~100: three blocks; 1,000 pairs at most forces the decomposition
OPTIONS = SolveOptions(time_limit=30, seed=0, max_pairs=1_000, block_cadres=100)


@pytest.fixture(scope="module")
def roster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gen300")
    generate_roster(300, 7, folder)
    return load_roster(folder)


@pytest.fixture(scope="module")
def plan(roster):
    return make_plan(roster, AS_OF, options=OPTIONS)


def test_blocks_cover_every_unit_and_unplaced_cadre_once(roster):
    ctx = Context(roster, AS_OF, Parameters.default())
    cut = blocks(ctx, 100)
    units = [u for b in cut for u in b.units]
    assert sorted(units) == sorted(roster.units)
    unplaced = [c for b in cut for c in b.unplaced]
    assert sorted(unplaced) == sorted(c for c, x in roster.cadres.items() if not x.placed)
    assert len(cut) == 3
    for block in cut:
        sub = sub_roster(roster, block)
        # a block's cadres are those holding its posts, plus the unplaced it places
        held = {c for c, x in roster.cadres.items() if x.post_id in sub.posts}
        assert set(sub.cadres) == held | set(block.unplaced)
        assert all(r.cadre_id in sub.cadres for r in sub.relations)


def test_a_capped_leader_counts_the_units_it_keeps_elsewhere(roster):
    ctx = Context(roster, AS_OF, Parameters.default())
    block = blocks(ctx, 100)[0]
    leader_id = roster.units[block.units[0]].supervisor_id
    # give that leader a cap of 10: in the block it may supervise 10 minus its units
    # outside the block
    capped = replace(
        roster,
        leaders={**roster.leaders, leader_id: replace(roster.leaders[leader_id], max_units=10)},
    )
    outside = sum(
        1
        for u in roster.units.values()
        if u.supervisor_id == leader_id and u.unit_id not in block.units
    )
    assert sub_roster(capped, block).leaders[leader_id].max_units == max(0, 10 - outside)


def test_merged_plan_is_verified(roster, plan, tmp_path):
    assert plan.result.stats["blocks"] == 3
    # the blocks leave time, so neighbouring blocks were solved again together
    assert plan.result.stats["seams_tried"] >= 1
    assert plan.result.feasible
    plan.write(tmp_path / "plan")
    assert verify(roster, tmp_path / "plan", AS_OF).violations == []


def test_merged_plan_costs_what_the_whole_model_says(roster, plan):
    # fix every cadre's post (and whether each unit keeps its supervisor) in the model of
    # the whole roster: the soft penalty and objective must be the merged plan's
    ctx = Context(roster, AS_OF, Parameters.default())
    candidates = build_candidates(ctx, max_pairs=10**9)
    rm = RotationModel(ctx, candidates)
    post_of, leader_of = plan.result.post_of, plan.result.leader_of
    for cadre_id, posts in rm.vars.posts_of.items():
        key = rm.vars.key_for(cadre_id, post_of.get(cadre_id))
        for post_id in posts:
            rm.model.add(rm.vars.x[cadre_id, post_id] == int(post_id == key))
    for unit in roster.units.values():
        kept = leader_of[unit.unit_id] == unit.supervisor_id
        rm.model.add(rm.vars.s[unit.unit_id, unit.supervisor_id] == int(kept))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    soft = RotationModel.cost(rm.tier("soft"))
    rm.model.minimize(soft)
    assert solver.solve(rm.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) == plan.result.soft_penalty
    rm.model.add(soft <= round(solver.objective_value))
    rm.model.minimize(RotationModel.cost(rm.tier("objective")))
    assert solver.solve(rm.model) == cp_model.OPTIMAL
    assert round(solver.objective_value) == plan.result.objective


def test_gap_is_against_the_whole_problem(plan):
    summary = plan.summary_dict()
    assert summary["gap_against"] == "whole problem"
    whole = summary["whole_problem"]
    assert whole["soft_bound"] <= plan.result.soft_penalty
    assert whole["objective_bound"] <= plan.result.objective
    assert summary["best_bound"] == whole["objective_bound"]


def test_decomposition_is_deterministic(roster, plan):
    again = make_plan(roster, AS_OF, options=OPTIONS)
    assert again.result.post_of == plan.result.post_of
    assert again.result.leader_of == plan.result.leader_of


def test_block_size_follows_the_time_limit(roster, monkeypatch):
    from rotaplan.optimizer import decompose

    ctx = Context(roster, AS_OF, Parameters.default())
    monkeypatch.setattr(decompose, "processes", lambda: 2)
    # 300 cadres: a single block of 300 is not a decomposition, so 150 whatever the time
    assert decompose.block_size(ctx, SolveOptions(time_limit=600)) == 150
    big = Context(
        replace(roster, cadres={f"{c}-{i}": x for i in range(4) for c, x in roster.cadres.items()}),
        AS_OF,
        Parameters.default(),
    )
    # 1,200 cadres in 4 blocks of 300 on 2 cores: 0.9 · (60 − 0.6) · 2 / 4 − 0.4 = 26.3 s
    # each, under the 30 s a block of 300 needs: 150; with 100 s, 44.3 s each: 300
    assert decompose.block_size(big, SolveOptions(time_limit=60)) == 150
    assert decompose.block_size(big, SolveOptions(time_limit=100)) == 300
    # an explicit size is kept
    assert decompose.block_size(big, SolveOptions(time_limit=100, block_cadres=80)) == 80


def test_a_block_infeasible_alone_is_merged_with_its_neighbour(tmp_path):
    # Blocks of 2 cadres: [U1, U2] and [U3, U4]. X has led U1 since 2009, so
    # LEADER_UNIT_TENURE (hard) sends it out of U1; the only other chief post is U3's
    # vacancy, in the other block: block 1 has no plan alone. Merged with block 2 it has
    # one (X → U3C2), and the merged plan passes verify.
    from tests.helpers import cadre, leader, post, unit, write_roster

    folder = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2"), unit("U3", kind="comprehensive"), unit("U4")],
        leaders=[leader("L1")],
        posts=[
            post("U1C", "U1", "chief"),
            post("U2S", "U2", "staff"),
            post("U3C", "U3", "chief"),
            post("U3C2", "U3", "chief"),
            post("U4S", "U4", "staff"),
        ],
        cadres=[
            cadre("X", "U1C", "2009-01-01", level="chief"),
            cadre("Y", "U2S", "2015-01-01", level="staff"),
            cadre("Z", "U3C", "2015-01-01", level="chief"),
            cadre("W", "U4S", "2015-01-01", level="staff"),
        ],
    )
    roster = load_roster(folder)
    options = SolveOptions(time_limit=30, max_pairs=1, block_cadres=2)
    plan = make_plan(roster, AS_OF, options=options)
    assert plan.result.stats.get("blocks") == 1  # the two blocks, merged
    assert plan.result.post_of["X"] == "U3C2"
    plan.write(tmp_path / "plan")
    assert verify(roster, tmp_path / "plan", AS_OF).violations == []


def test_ctrl_c_before_any_block_starts_gives_no_plan(roster, monkeypatch):
    # Ctrl-C already pressed when the blocks are handed out: no block runs, so there is no
    # plan at all (UNKNOWN, interrupted) — not an error about blocks without a result
    from rotaplan.optimizer import decompose, interrupt

    monkeypatch.setattr(interrupt, "requested", lambda: True)
    monkeypatch.setattr(decompose.interrupt, "requested", lambda: True)
    result = make_plan(roster, AS_OF, options=OPTIONS).result
    assert result.status == "UNKNOWN" and result.interrupted
