"""A lower bound on the whole problem, for gaps that do not depend on the candidate lists.

Above ``max_pairs`` the CP-SAT model keeps a shortlist of posts per cadre
(:mod:`rotaplan.optimizer.candidates`), so its own bound only bounds that *candidate model*.
This module bounds the lexicographic optimum of the *whole* problem (every post each cadre's
level rules allow) by a relaxation small enough for 50,000 cadres:

- **soft tier**: the penalty of the soft instances no plan can meet (a unit whose chief and
  deputies all must leave under hard rules breaks UNIT_CONTINUITY; a cadre who must leave
  its unit and may not be promoted moves sideways and breaks MIN_TENURE);
- **objective tier**: every plan is an assignment of cadres to posts, and every objective
  term but STRUCTURE_TARGETS and the portfolio part of STABILITY is a cost per (cadre, post)
  pair (:class:`rotaplan.optimizer.objective.Objective`). Posts are grouped into *types*
  (level, unit kind, specialty) with their count as capacity, cadres into types of equal
  cost rows, and a cadre's cost for a post type is the least over the posts of the type it
  may take: the min-cost flow of cadre types into post types (OR-Tools'
  ``SimpleMinCostFlow``) is at most the objective of any plan. The structure targets enter
  by Lagrangian relaxation: ``w·max(0, need) ≥ λ·need`` for 0 ≤ λ ≤ w, and ``need`` is a
  sum over (cadre, post) pairs, so each λ gives a flow problem whose optimum is a bound;
  a projected subgradient search looks for the best λ. Portfolio changes cost ≥ 0 and are
  left out. Dropping constraints only lowers the optimum, so the bound holds for every plan,
  in particular for the lexicographic optimum (whatever its soft penalty).

The bound is only as good as the relaxation: it ignores unit establishments, pairings, kin
and the soft rules, so a gap against it overstates the true gap.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from rotaplan.models.roster import Gender, Level
from rotaplan.optimizer.candidates import allowed_levels, must_leave, step_down_cadres
from rotaplan.rules.base import Severity
from rotaplan.rules.context import Context
from rotaplan.rules.registry import asked_to_move
from rotaplan.rules.structure import Targets, share_permille

Q = 4  # multipliers move in steps of 1/Q
SCALE = 1000 * Q  # costs are integers in units of 1/SCALE


@dataclass(frozen=True)
class WholeBound:
    soft: int  # no plan has a smaller soft penalty
    objective: float | None  # no plan has a smaller objective tier (None: flow infeasible)
    seconds: float
    iterations: int
    cadre_types: int
    post_types: int


def floored_instances(ctx: Context) -> list[tuple[str, str]]:
    """(rule id, subject) of the soft instances that no plan can meet (module docstring)."""
    params = ctx.params
    leaving = must_leave(ctx)
    out = []
    for inst in ctx.instances:
        if inst.waived or params.severity(inst.rule_id) is not Severity.SOFT:
            continue
        if inst.rule_id == "UNIT_CONTINUITY" and all(c in leaving for c in inst.cadres):
            out.append((inst.rule_id, inst.subject))
        elif inst.rule_id == "MIN_TENURE" and inst.subject in leaving:
            cadre = ctx.roster.cadres[inst.subject]
            if cadre.level.up() not in allowed_levels(ctx, inst.subject, set()):
                out.append((inst.rule_id, inst.subject))
    return out


def soft_floor(ctx: Context) -> int:
    """The least soft penalty of any plan, as far as this relaxation sees."""
    return sum(ctx.params.weight(rule_id) for rule_id, _ in floored_instances(ctx))


def whole_bound(
    ctx: Context, soft_found: int | None = None, time_budget: float = 10.0
) -> WholeBound:
    """The bound; ``soft_found``: the soft penalty of the plan at hand. When it equals the
    soft floor, the plan's soft penalty is the least of any plan, so the lexicographic
    optimum meets every soft instance the floor does not count: those the flow can express
    (STAFF_POST_TENURE: move; MIN_TENURE: no sideways move; ESTABLISHMENT: place the
    unplaced) become constraints of the relaxation, which tightens the objective bound."""
    start = time.monotonic()
    floor = soft_floor(ctx)
    flow = _FlowRelaxation(ctx, at_floor=soft_found is not None and soft_found <= floor)
    objective, iterations = flow.lagrangian(time_budget)
    return WholeBound(
        floor,
        objective,
        time.monotonic() - start,
        iterations,
        len(flow.cadre_counts),
        len(flow.post_counts),
    )


class _FlowRelaxation:
    """Cadre types × post types with per-pair costs and structure coefficients."""

    def __init__(self, ctx: Context, at_floor: bool = False):
        roster, params = ctx.roster, ctx.params
        self.ctx = ctx
        w = {
            r: params.weight(r)
            for r in (
                "CROSS_ROTATION",
                "YOUNG_MULTI_POST",
                "POST_FIT",
                "PROMOTION_MERIT",
                "STABILITY",
                "STRUCTURE_TARGETS",
            )
        }
        self.structure_weight = w["STRUCTURE_TARGETS"]
        max_age = params.param("YOUNG_MULTI_POST", "max_age")
        t = Targets.of(ctx)
        self.mid_min = t.mid_chief_min
        # post types
        ptype: dict[tuple, int] = {}
        units_of_type: list[set[str]] = []
        counts: list[int] = []
        post_type: dict[str, int] = {}
        for post in sorted(roster.posts.values(), key=lambda p: p.post_id):
            key = (post.level, roster.units[post.unit_id].kind, post.specialty)
            if key not in ptype:
                ptype[key] = len(ptype)
                units_of_type.append(set())
                counts.append(0)
            i = ptype[key]
            units_of_type[i].add(post.unit_id)
            counts[i] += 1
            post_type[post.post_id] = i
        keys = list(ptype)
        self.post_counts = np.array(counts, dtype=np.int64)
        p_level = np.array([k[0].rank for k in keys])
        p_kind = [k[1] for k in keys]
        p_spec = [k[2] for k in keys]
        self.p_level = p_level
        # structure coefficients of a cadre holding a post, before multipliers (per mille):
        # need = share‰·|base| − 1000·|members| for young chiefs, young deputies, women
        # leaders; and −|mid chiefs| against the mid-chief minimum
        shares = (
            share_permille(t.young_chief_share),
            share_permille(t.young_deputy_share),
            share_permille(t.women_leader_share),
        )
        chief, deputy = p_level == Level.CHIEF.rank, p_level == Level.DEPUTY.rank
        step_down = step_down_cadres(ctx)
        asked = asked_to_move(ctx)
        leaving = must_leave(ctx)
        must_stay = {
            i.subject
            for i in ctx.instances
            if i.rule_id == "PROBATION" and not i.waived and params.is_hard("PROBATION")
        }
        must_place = {
            i.subject
            for i in ctx.instances
            if i.rule_id == "ESTABLISHMENT"
            and i.detail_key == "unplaced"
            and not i.waived
            and params.is_hard("ESTABLISHMENT")
        }

        # a soft instance met by every plan at the soft floor (see whole_bound) binds too
        def binding(rule_id: str) -> bool:
            return params.is_hard(rule_id) or (
                at_floor and params.severity(rule_id) is Severity.SOFT
            )

        floored = set(floored_instances(ctx)) if at_floor else set()

        def bound_by(rule_id: str) -> set[str]:
            """Subjects of the binding, unwaived instances of a rule the floor does not
            count."""
            return {
                i.subject
                for i in ctx.instances
                if i.rule_id == rule_id
                and not i.waived
                and binding(rule_id)
                and (rule_id, i.subject) not in floored
            }

        must_move = bound_by("STAFF_POST_TENURE")
        no_sideways = bound_by("MIN_TENURE")
        if at_floor and params.severity("ESTABLISHMENT") is Severity.SOFT:
            must_place |= {
                i.subject
                for i in ctx.instances
                if i.rule_id == "ESTABLISHMENT" and i.detail_key == "unplaced" and not i.waived
            }
        pinned_levels: dict[str, set[Level]] = defaultdict(set)
        for pin in ctx.pins:
            if pin.post:
                pinned_levels[pin.cadre].add(roster.posts[pin.post].level)
        ages = {cid: f.age for cid, f in ctx.facts.items()}
        types: dict[tuple, int] = {}
        rows: list[tuple] = []
        type_counts: list[int] = []
        for cid, cadre in roster.cadres.items():
            facts = ctx.facts[cid]
            levels = allowed_levels(ctx, cid, step_down) | pinned_levels[cid]
            home = roster.unit_of(cid)
            home_kind = roster.units[home].kind if home else None
            young = bool(w["YOUNG_MULTI_POST"]) and facts.age <= max_age and cadre.placed
            served = facts.units_served
            denied = (
                frozenset(
                    i
                    for i, units in enumerate(units_of_type)
                    if len(units) <= len(served) and units <= served
                )
                if young
                else frozenset()
            )
            merit = w["PROMOTION_MERIT"] * (1 + facts.merit) if facts.promotion_eligible else 0
            stab = bool(cadre.placed and cid not in asked and w["STABILITY"])
            own = post_type.get(cadre.post_id) if cadre.post_id else None
            age = ages[cid]
            attrs = (
                age < t.young_chief_age,
                t.young_deputy_low <= age <= t.young_deputy_high,
                cadre.gender is Gender.FEMALE,
                t.mid_chief_low <= age <= t.mid_chief_high,
            )
            key = (
                frozenset(lv.rank for lv in levels),
                cadre.level.rank,
                home_kind,
                cadre.specialty,
                young,
                denied,
                merit,
                stab,
                own,
                cid in must_stay and own is not None,
                cid in leaving,
                cid in must_move,
                cid in no_sideways,
                cadre.placed or cid in must_place,
                attrs,
            )
            if key not in types:
                types[key] = len(types)
                rows.append(key)
                type_counts.append(0)
            type_counts[types[key]] += 1
        self.cadre_counts = np.array(type_counts, dtype=np.int64)
        # cost rows: one per cadre type over all post types (int, SCALE units); None = arc
        # not allowed
        n_types = len(rows)
        base = np.zeros((n_types, len(keys)), dtype=np.int64)
        allowed = np.zeros((n_types, len(keys)), dtype=bool)
        coef = np.zeros((4, n_types, len(keys)), dtype=np.int64)  # per mille, per target
        self.optional = np.zeros(n_types, dtype=bool)
        for ti, key in enumerate(rows):
            (lv_ranks, rank, home_kind, spec, young, denied, merit, stab, own, stay_only,
             leave, must_move, no_sideways, place, attrs) = key  # fmt: skip
            ok = np.isin(p_level, list(lv_ranks))
            shared = np.array([len(spec & s) for s in p_spec])
            cost = -w["POST_FIT"] * shared
            if home_kind is not None:
                cost = cost - w["CROSS_ROTATION"] * np.array([k != home_kind for k in p_kind])
            if young:
                reward = np.ones(len(keys), dtype=bool)
                reward[list(denied)] = False
                cost = cost - w["YOUNG_MULTI_POST"] * reward
            cost = cost - merit * (p_level > rank)
            if stab:
                cost = cost + w["STABILITY"] * (p_level <= rank)
            if no_sideways:  # only its own post or a promotion
                ok &= p_level > rank
            if own is not None:
                # the own post's type also holds "stay": no move term, only POST_FIT
                stay = None if leave or must_move else -w["POST_FIT"] * shared[own]
                move = cost[own]
                if (
                    self.post_counts[own] < 2
                    or no_sideways
                    or (leave and len(units_of_type[own]) < 2)  # needs another unit
                ):
                    move = None
                if stay_only:
                    ok[:] = False
                    stay, move = -w["POST_FIT"] * shared[own], None
                options = [c for c in (stay, move) if c is not None]
                ok[own] = bool(options)
                if options:
                    cost[own] = min(options)
            base[ti] = cost * SCALE
            allowed[ti] = ok
            young_chief, young_deputy, female, mid = attrs
            coef[0, ti] = np.where(chief, shares[0] - 1000 * young_chief, 0)
            coef[1, ti] = np.where(deputy, shares[1] - 1000 * young_deputy, 0)
            coef[2, ti] = np.where(chief | deputy, shares[2] - 1000 * female, 0)
            coef[3, ti] = np.where(chief, -1000 * mid, 0)
            self.optional[ti] = not place
        self.base, self.allowed, self.coef = base, allowed, coef
        self.rows, self.post_keys = rows, keys
        self.tail, self.head = np.nonzero(allowed)

    def evaluate(self, mu: np.ndarray) -> tuple[float | None, np.ndarray]:
        """The flow bound for multipliers ``mu/Q`` and the structure needs at its optimum."""
        n_c, n_p = len(self.cadre_counts), len(self.post_counts)
        tail, head = self.tail, self.head
        cost = self.base[tail, head].copy()
        for k in range(4):  # coef is per mille: (mu/Q)·coef/1000 in SCALE = 1000·Q units
            cost += mu[k] * self.coef[k, tail, head]
        smcf = min_cost_flow.SimpleMinCostFlow()
        counts = self.cadre_counts
        sink = n_c + n_p
        starts = [tail, n_c + np.arange(n_p)]
        ends = [n_c + head, np.full(n_p, sink)]
        caps = [counts[tail], self.post_counts]
        costs = [cost, np.zeros(n_p, dtype=np.int64)]
        optional = np.nonzero(self.optional)[0]
        if len(optional):
            starts.append(optional)
            ends.append(np.full(len(optional), sink))
            caps.append(counts[optional])
            costs.append(np.zeros(len(optional), dtype=np.int64))
        arcs = smcf.add_arcs_with_capacity_and_unit_cost(
            np.concatenate(starts),
            np.concatenate(ends),
            np.concatenate(caps),
            np.concatenate(costs),
        )
        supplies = np.concatenate([counts, np.zeros(n_p, dtype=np.int64), [-counts.sum()]])
        smcf.set_nodes_supplies(np.arange(sink + 1), supplies)
        if smcf.solve() != smcf.OPTIMAL:
            return None, np.zeros(4)
        flows = smcf.flows(arcs[: len(tail)])
        self.flows = flows
        need = np.array([(flows * self.coef[k, tail, head]).sum() for k in range(4)]) / 1000
        need[3] += self.mid_min
        value = smcf.optimal_cost() / SCALE + mu[3] / Q * self.mid_min
        return value, need

    def lagrangian(self, budget: float) -> tuple[float | None, int]:
        """Projected subgradient on the multipliers in [0, w]; the best bound found."""
        top = self.structure_weight * Q
        mu = np.full(4, top, dtype=np.int64)
        if not top:
            value, _ = self.evaluate(mu)
            return value, 1
        start = time.monotonic()
        best: float | None = None
        step = max(1.0, top / 2)
        iterations = 0
        while iterations < 40 and time.monotonic() - start < budget:
            value, need = self.evaluate(mu)
            iterations += 1
            if value is None:
                return None, iterations
            if best is None or value > best + 1e-9:
                best = value
            elif iterations > 1:
                step /= 2
            if step < 0.5:
                break
            norm = float(np.abs(need).max()) or 1.0
            moved = np.clip(np.round(mu + step * need / norm), 0, top).astype(np.int64)
            if np.array_equal(moved, mu):
                break
            mu = moved
        return best, iterations
