"""Assemble the CP-SAT model of one cycle: variables, constraints, objective terms."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rotaplan.optimizer.candidates import Candidates
from rotaplan.optimizer.constraints import Constraints
from rotaplan.optimizer.objective import Objective, Term
from rotaplan.optimizer.variables import Variables
from rotaplan.rules.base import Severity
from rotaplan.rules.context import Context


class RotationModel:
    """The model. With ``diagnose`` the hard instances become assumptions instead of
    constraints (and every cadre's placement too), and there is no objective. ``aggregate``:
    one literal per slot class of interchangeable posts (exact, see
    :mod:`rotaplan.optimizer.variables`) instead of one per post."""

    def __init__(
        self,
        ctx: Context,
        candidates: Candidates,
        diagnose: bool = False,
        aggregate: bool = True,
    ):
        self.ctx = ctx
        self.candidates = candidates
        self.model = cp_model.CpModel()
        self.vars = Variables(self.model, ctx, candidates, aggregate)
        self.cons = Constraints(self.model, ctx, self.vars)
        self.cons.add_constraints()
        self.hard: list[tuple[object, cp_model.IntVar]] = []  # (instance or label, literal)
        for inst, ok in self.cons.ok:
            if ctx.params.severity(inst.rule_id) is Severity.HARD:
                self.hard.append((inst, ok))
        self.hard.extend(self.cons.decisions)
        # a placed cadre keeps a post whatever the rules say (a plan dismisses nobody); an
        # unplaced one must be placed only as ESTABLISHMENT's "unplaced" instance demands:
        # hard, soft (penalised), or not at all when the rule is off
        for cadre_id, placed in self.cons.placed.items():
            if ctx.roster.cadres[cadre_id].placed:
                self.hard.append((("placed", cadre_id), placed))
        if diagnose:
            self.model.add_assumptions([lit for _, lit in self.hard])
        else:
            for _, lit in self.hard:
                self.model.add(lit == 1)
        self.objective = Objective(self.model, ctx, self.vars, self.cons)
        if not diagnose:
            self.objective.add_soft_terms()
            self.objective.add_objective_terms()

    @property
    def terms(self) -> list[Term]:
        return self.objective.terms

    def tier(self, name: str) -> list[Term]:
        return [t for t in self.terms if t.tier == name]

    @staticmethod
    def cost(terms: list[Term]):
        return sum(t.coef * t.expr for t in terms) if terms else 0

    def stats(self) -> dict:
        proto = self.model.proto
        return {
            "variables": len(proto.variables),
            "constraints": len(proto.constraints),
            "candidate_pairs": self.candidates.pairs,
            "full_pairs": self.candidates.full_pairs,
            "candidate_model": self.candidates.reduced,
            "assignment_literals": len(self.vars.x),
            "slot_classes": sum(1 for posts in self.vars.class_posts.values() if len(posts) > 1),
        }
