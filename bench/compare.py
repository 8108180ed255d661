"""Side by side on one generated roster, in one process: (a) rotaplan (as `rotaplan plan`
solves it: one model, or blocks above 400,000 pairs), (b) the same model — every constraint
of rotaplan's CP-SAT proto, linearised with big-M for enforcement literals — solved as a MIP
by HiGHS with the same two lexicographic stages; for a decomposed roster, the same block
models, one after the other, each with the time rotaplan gives a block, (c) the pure
assignment relaxation (SciPy's sparse min-weight bipartite matching on the candidate graph
with the objective tier's per-pair costs; the speed floor; not a bound on the whole problem
since it sees only the candidate graph), (d) the greedy rule-following plan, evaluated by
CP-SAT with every assignment fixed (the quality floor; on decomposed rosters checked by the
rules' own verification code instead: hard instances broken, soft penalty). Also the
whole-problem bound (rotaplan.optimizer.bound) and its time.

Usage: python bench/compare.py SIZE [--time-limit 120] [--skip rotaplan,highs,greedy,assignment]
Prints one JSON object per line. Needs the ``bench`` extra (highspy, scipy).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).parent))

from bench_plan import roster_for  # noqa: E402

from rotaplan.cli import resolve_as_of  # noqa: E402
from rotaplan.models import load_roster  # noqa: E402
from rotaplan.optimizer.bound import whole_bound  # noqa: E402
from rotaplan.optimizer.candidates import build_candidates, full_pair_count  # noqa: E402
from rotaplan.optimizer.decompose import (  # noqa: E402
    AFTER_SECONDS_PER_CADRE,
    BLOCK_SETUP_SECONDS,
    _mid_shares,
    block_context,
    block_size,
    blocks,
    decomposable,
    processes,
    search_seconds,
)
from rotaplan.optimizer.greedy import greedy_plan  # noqa: E402
from rotaplan.optimizer.model import RotationModel  # noqa: E402
from rotaplan.optimizer.solve import SolveOptions, solve  # noqa: E402
from rotaplan.rules.context import Context  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def objective_of(rm: RotationModel, terms) -> tuple[np.ndarray, float]:
    """Dense cost vector of a tier over the model's variables, read off the proto."""
    rm.model.minimize(RotationModel.cost(terms))
    proto = rm.model.proto.objective
    cost = np.zeros(len(rm.model.proto.variables))
    offset = float(proto.offset)
    for ref, coef in zip(proto.vars, proto.coeffs, strict=True):
        if ref >= 0:
            cost[ref] += coef
        else:  # not(x) = 1 - x
            cost[-ref - 1] -= coef
            offset += coef
    return cost, offset


def to_highs(rm: RotationModel):
    """rotaplan's CP-SAT model as a HiGHS MIP (big-M for enforcement literals)."""
    import highspy

    proto = rm.model.proto
    n = len(proto.variables)
    # (the pybind proto's repeated fields do not support negative indices)
    lower = np.array([v.domain[0] for v in proto.variables], dtype=float)
    upper = np.array([v.domain[len(v.domain) - 1] for v in proto.variables], dtype=float)
    rows_lo, rows_hi, starts, index, value = [], [], [], [], []

    def add_row(coefs: dict[int, float], lo: float, hi: float) -> None:
        starts.append(len(index))
        for i, c in coefs.items():
            if c:
                index.append(i)
                value.append(c)
        rows_lo.append(lo)
        rows_hi.append(hi)

    def lit_terms(ref: int) -> tuple[int, float, float]:
        """(var, coef, const) with literal = coef·var + const."""
        return (ref, 1.0, 0.0) if ref >= 0 else (-ref - 1, -1.0, 1.0)

    inf = highspy.kHighsInf
    for c in proto.constraints:
        kind = next(
            (
                k
                for k in ("at_most_one", "exactly_one", "bool_or", "linear")
                if getattr(c, f"has_{k}")()
            ),
            "other",
        )
        if kind in ("at_most_one", "exactly_one", "bool_or"):
            lits = getattr(c, kind).literals
            coefs: dict[int, float] = {}
            const = 0.0
            for ref in lits:
                var, coef, k = lit_terms(ref)
                coefs[var] = coefs.get(var, 0.0) + coef
                const += k
            lo = {"at_most_one": -inf, "exactly_one": 1.0, "bool_or": 1.0}[kind]
            hi = {"at_most_one": 1.0, "exactly_one": 1.0, "bool_or": inf}[kind]
            add_row(coefs, lo - const, hi - const)
            continue
        if kind != "linear":
            raise NotImplementedError(kind)
        coefs = {}
        for var, coef in zip(c.linear.vars, c.linear.coeffs, strict=True):
            coefs[var] = coefs.get(var, 0.0) + coef
        domain = list(c.linear.domain)
        lo, hi = float(domain[0]), float(domain[-1])
        lo = -inf if lo < -1e15 else lo
        hi = inf if hi > 1e15 else hi
        min_act = sum(k * (lower[v] if k > 0 else upper[v]) for v, k in coefs.items())
        max_act = sum(k * (upper[v] if k > 0 else lower[v]) for v, k in coefs.items())
        if not c.enforcement_literal:
            add_row(coefs, lo, hi)
            continue
        # sum ≤ hi + M·Σ(1 − e) and sum ≥ lo − M·Σ(1 − e)
        for bound, sign in ((hi, 1), (lo, -1)):
            if abs(bound) == inf or (sign == 1 and max_act <= bound):
                continue
            if sign == -1 and min_act >= bound:
                continue
            big = (max_act - bound) if sign == 1 else (bound - min_act)
            row = {v: sign * k for v, k in coefs.items()}
            rhs = sign * bound
            for ref in c.enforcement_literal:
                var, coef, const = lit_terms(ref)
                # + big·(1 − lit) on the right: move −big·lit to the left
                row[var] = row.get(var, 0.0) + big * coef
                rhs += big * (1 - const)
            add_row(row, -inf, rhs)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(n, lower, upper)
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.ones(n, dtype=np.uint8))
    starts_arr = np.array(starts, dtype=np.int32)
    h.addRows(
        len(rows_lo),
        np.array(rows_lo),
        np.array(rows_hi),
        len(index),
        starts_arr,
        np.array(index, dtype=np.int32),
        np.array(value),
    )
    return h


def run_highs(rm: RotationModel, time_limit: float, presolve: str = "off") -> dict:
    import highspy

    t0 = time.monotonic()
    h = to_highs(rm)
    build = time.monotonic() - t0
    h.setOptionValue("presolve", presolve)
    h.setOptionValue("threads", 1)
    out = {"solver": "highs", "build": round(build, 2)}
    n = h.getNumCol()
    idx = np.arange(n, dtype=np.int32)
    soft_cost, soft_off = objective_of(rm, rm.tier("soft"))
    obj_cost, obj_off = objective_of(rm, rm.tier("objective"))
    start = time.monotonic()
    h.setOptionValue("time_limit", max(1.0, time_limit))
    h.changeColsCost(n, idx, soft_cost)
    h.run()
    info = h.getInfo()
    soft = info.objective_function_value + soft_off
    out["soft"] = round(soft)
    out["soft_status"] = h.modelStatusToString(h.getModelStatus())
    nz = np.nonzero(soft_cost)[0].astype(np.int32)
    h.addRow(-highspy.kHighsInf, round(soft) - soft_off, len(nz), nz, soft_cost[nz])
    h.setOptionValue("time_limit", max(1.0, time_limit - (time.monotonic() - start)))
    h.changeColsCost(n, idx, obj_cost)
    h.run()
    info = h.getInfo()
    out["objective"] = round(info.objective_function_value + obj_off)
    out["bound"] = info.mip_dual_bound + obj_off
    out["status"] = h.modelStatusToString(h.getModelStatus())
    out["solve"] = round(time.monotonic() - start, 2)
    return out


def highs_blocks(ctx: Context, options: SolveOptions, size: int) -> dict:
    """(b) for a decomposed roster: the same block models rotaplan solves (exact domain,
    slot classes), each solved by HiGHS with the time rotaplan gives a block, one after the
    other (compare with rotaplan's summed block time)."""
    t0 = time.monotonic()
    cut = blocks(ctx, size)
    mids = _mid_shares(ctx, len(cut))
    left = options.time_limit - AFTER_SECONDS_PER_CADRE * len(ctx.roster.cadres)
    per_block = max(0.5, search_seconds(left, len(cut), processes(), BLOCK_SETUP_SECONDS))
    out = {"solver": "highs (blocks)", "blocks": len(cut), "per_block": round(per_block, 2)}
    soft = objective = optimal = 0
    build = solve = 0.0
    for block, mid in zip(cut, mids, strict=True):
        block_ctx = block_context(ctx, block, mid)
        rm = RotationModel(block_ctx, build_candidates(block_ctx))
        r = run_highs(rm, per_block)
        build += r["build"]
        solve += r["solve"]
        soft += r.get("soft", 0)
        objective += r.get("objective", 0)
        optimal += r["status"] == "Optimal"
    out.update(
        blocks_soft=soft,
        blocks_objective=objective,
        blocks_optimal=optimal,
        build=round(build, 2),
        solve=round(solve, 2),
        seconds=round(time.monotonic() - t0, 2),
    )
    return out


def assignment_relaxation(rm: RotationModel) -> dict:
    """Min-cost full matching of cadres to posts on the candidate graph, objective-tier
    per-pair costs only (no rule, no capacity beyond one cadre per post)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    t0 = time.monotonic()
    cost, _ = objective_of(rm, rm.tier("objective"))
    v = rm.vars
    roster = rm.ctx.roster
    post_index = {p: i for i, p in enumerate(sorted(roster.posts))}
    rows, cols, data = [], [], []
    for r, (cadre_id, keys) in enumerate(v.posts_of.items()):
        own = roster.cadres[cadre_id].post_id
        for key in keys:
            c = cost[v.x[cadre_id, key].index]
            posts = [key] if key == own else [p for p in v.class_posts[v.class_of[key]] if p != own]
            for p in posts:
                rows.append(r)
                cols.append(post_index[p])
                data.append(c)
    data = np.array(data)
    shift = 1.0 - data.min()
    graph = csr_matrix((data + shift, (rows, cols)), shape=(len(v.posts_of), len(post_index)))
    t1 = time.monotonic()
    try:
        match = min_weight_full_bipartite_matching(graph)
    except ValueError as err:
        return {"solver": "assignment", "status": f"no full matching: {err}"}
    rows_matched, cols_matched = match
    value = float(np.asarray(graph[rows_matched, cols_matched]).sum()) - shift * len(rows_matched)
    return {
        "solver": "assignment",
        "status": "OPTIMAL",
        "objective": round(value),
        "build": round(t1 - t0, 2),
        "solve": round(time.monotonic() - t1, 2),
        "edges": len(data),
    }


def evaluate_greedy(ctx: Context, candidates, time_limit: float) -> dict:
    """The greedy plan's soft penalty and objective, portfolios chosen best, or the hard
    rules it breaks (CP-SAT with every assignment literal fixed)."""
    t0 = time.monotonic()
    plan = greedy_plan(ctx, candidates)
    seconds = time.monotonic() - t0
    rm = RotationModel(ctx, candidates)
    for cadre_id, posts in rm.vars.posts_of.items():
        key = rm.vars.key_for(cadre_id, plan.get(cadre_id))
        for post_id in posts:
            rm.model.add(rm.vars.x[cadre_id, post_id] == int(post_id == key))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 1
    out = {
        "solver": "greedy",
        "solve": round(seconds, 2),
        "moves": sum(1 for c, p in plan.items() if p != ctx.roster.cadres[c].post_id),
    }
    soft = RotationModel.cost(rm.tier("soft"))
    rm.model.minimize(soft)
    status = solver.solve(rm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        relaxed = RotationModel(ctx, candidates, diagnose=True)
        relaxed.model.clear_assumptions()
        for cadre_id, posts in relaxed.vars.posts_of.items():
            key = relaxed.vars.key_for(cadre_id, plan.get(cadre_id))
            for post_id in posts:
                relaxed.model.add(relaxed.vars.x[cadre_id, post_id] == int(post_id == key))
        relaxed.model.minimize(sum(1 - lit for _, lit in relaxed.hard))
        solver.solve(relaxed.model)
        out["status"] = "breaks hard rules"
        out["hard_broken"] = round(solver.objective_value)
        return out
    out["soft"] = round(solver.objective_value)
    rm.model.add(soft <= round(solver.objective_value))
    rm.model.minimize(RotationModel.cost(rm.tier("objective")))
    solver.solve(rm.model)
    out["objective"] = round(solver.objective_value)
    out["status"] = "FEASIBLE"
    return out


def evaluate_greedy_by_rules(ctx: Context, candidates, time_limit: float) -> dict:
    """(d) on rosters too large to evaluate in one model: the greedy plan checked by the
    rules' own verification code (hard instances broken, soft penalty); no objective."""
    from rotaplan.optimizer.decompose import modelled
    from rotaplan.rules.base import Severity
    from rotaplan.rules.context import Outcome
    from rotaplan.rules.registry import satisfied

    t0 = time.monotonic()
    plan = greedy_plan(ctx, candidates)
    seconds = time.monotonic() - t0
    outcome = Outcome(plan, {u.unit_id: u.supervisor_id for u in ctx.roster.units.values()})
    hard = soft = 0
    for inst in ctx.instances:
        if modelled(ctx, inst) and not satisfied(ctx, inst, outcome):
            severity = ctx.params.severity(inst.rule_id)
            hard += severity is Severity.HARD
            soft += ctx.params.weight(inst.rule_id) if severity is Severity.SOFT else 0
    return {
        "solver": "greedy",
        "solve": round(seconds, 2),
        "moves": sum(1 for c, p in plan.items() if p != ctx.roster.cadres[c].post_id),
        "status": "breaks hard rules" if hard else "FEASIBLE",
        "hard_broken": hard,
        "soft": soft,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--skip", default="")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    roster_path = roster_for(args.size)
    t0 = time.monotonic()
    roster = load_roster(roster_path)
    ctx = Context(roster, resolve_as_of(None, roster))
    _ = ctx.instances  # derive the rule instances as part of loading
    load = time.monotonic() - t0
    print(json.dumps({"size": args.size, "load": round(load, 2)}), flush=True)
    if "rotaplan" not in skip:
        t0 = time.monotonic()
        result = solve(ctx, SolveOptions(time_limit=args.time_limit))
        print(
            json.dumps(
                {
                    "solver": "rotaplan",
                    "status": result.status,
                    "soft": result.soft_penalty,
                    "objective": result.objective,
                    "bound": result.best_bound,
                    "gap": result.gap,
                    "solve": round(time.monotonic() - t0, 2),
                    "stages": [(s.name, s.status, round(s.seconds, 2)) for s in result.stages],
                    "whole_soft_bound": result.whole_soft_bound,
                    "whole_objective_bound": result.whole_objective_bound,
                    "whole_gap": result.whole_gap,
                    "model": result.stats,
                    "rss_mb": round(rss_mb()),
                }
            ),
            flush=True,
        )
    t0 = time.monotonic()
    whole = whole_bound(ctx, result.soft_penalty if "rotaplan" not in skip else None)
    print(
        json.dumps(
            {
                "solver": "whole-problem bound",
                "soft": whole.soft,
                "objective": whole.objective,
                "seconds": round(time.monotonic() - t0, 2),
                "cadre_types": whole.cadre_types,
                "post_types": whole.post_types,
            }
        ),
        flush=True,
    )
    options = SolveOptions(time_limit=args.time_limit)
    size = block_size(ctx, options)
    decomposed = decomposable(ctx, size) and full_pair_count(ctx) > options.max_pairs
    if decomposed and "highs" not in skip:
        print(json.dumps(highs_blocks(ctx, options, size)), flush=True)
    candidates = build_candidates(ctx)
    if decomposed:  # the whole roster's candidate model is only needed for (c)
        skip |= {"highs"}
    if "assignment" not in skip or "greedy" not in skip or "highs" not in skip:
        rm = RotationModel(ctx, candidates)
    if "assignment" not in skip:
        print(json.dumps(assignment_relaxation(rm)), flush=True)
    if "greedy" not in skip:
        evaluate = evaluate_greedy_by_rules if decomposed else evaluate_greedy
        print(json.dumps(evaluate(ctx, candidates, args.time_limit)), flush=True)
    if "highs" not in skip:
        print(json.dumps(run_highs(rm, args.time_limit)), flush=True)


if __name__ == "__main__":
    main()
