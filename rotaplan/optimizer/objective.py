"""Objective terms, each named after its rule and subject (``CROSS_ROTATION[C02]``).

Two tiers, solved lexicographically (see :mod:`rotaplan.optimizer.solve`):
- soft: ``weight · (1 − ok)`` per soft rule instance;
- objective: rewards (negative cost) and penalties of the objective rules.
A term is added only when its weight is non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from rotaplan.models.roster import Gender, Level
from rotaplan.optimizer.constraints import Constraints
from rotaplan.optimizer.variables import Variables
from rotaplan.rules.context import Context
from rotaplan.rules.registry import asked_to_move
from rotaplan.rules.structure import Targets, share_permille


@dataclass
class Term:
    """``coef · value(expr)`` in the minimised cost; ``cadres`` are the people it concerns."""

    rule_id: str
    subject: str
    coef: int
    expr: object  # a literal, integer variable or linear expression
    cadres: tuple[str, ...] = ()
    tier: str = "objective"  # or "soft"
    instance: object = None  # a soft term's rule instance

    @property
    def name(self) -> str:
        return f"{self.rule_id}[{self.subject}]"


class Objective:
    def __init__(self, model: cp_model.CpModel, ctx: Context, v: Variables, c: Constraints):
        self.model, self.ctx, self.v, self.c = model, ctx, v, c
        self.terms: list[Term] = []

    def _weight(self, rule_id: str) -> int:
        return self.ctx.params.weight(rule_id) if self.ctx.params.active(rule_id) else 0

    def add_soft_terms(self) -> None:
        """A penalty per soft instance, paid when it is not met."""
        for inst, ok in self.c.ok:
            if self.ctx.params.severity(inst.rule_id).value != "soft":
                continue
            weight = self.ctx.params.weight(inst.rule_id)
            if weight:
                self.terms.append(
                    Term(inst.rule_id, inst.subject, weight, ok.Not(), inst.cadres, "soft", inst)
                )

    def add_objective_terms(self) -> None:
        for add in (
            self._cross_rotation,
            self._young_multi_post,
            self._post_fit,
            self._promotion_merit,
            self._structure_targets,
            self._stability,
        ):
            add()

    def _reward(self, rule_id: str, cadre_id: str, weight: int, keep) -> None:
        lits = self.v.where(cadre_id, keep)
        if weight and lits:
            self.terms.append(Term(rule_id, cadre_id, -weight, sum(lits), (cadre_id,)))

    def _cross_rotation(self) -> None:
        """Reward a move between a business and a comprehensive unit."""
        weight = self._weight("CROSS_ROTATION")
        roster = self.ctx.roster
        for cadre_id in roster.cadres:
            home = roster.unit_of(cadre_id)
            if home is None:
                continue
            kind = roster.units[home].kind
            self._reward(
                "CROSS_ROTATION", cadre_id, weight, lambda p: roster.units[p.unit_id].kind != kind
            )

    def _young_multi_post(self) -> None:
        """Reward moving a young cadre to a unit absent from its timeline."""
        weight = self._weight("YOUNG_MULTI_POST")
        max_age = self.ctx.params.param("YOUNG_MULTI_POST", "max_age")
        for cadre_id, facts in self.ctx.facts.items():
            if facts.age > max_age or not self.ctx.roster.cadres[cadre_id].placed:
                continue
            served = facts.units_served
            self._reward("YOUNG_MULTI_POST", cadre_id, weight, lambda p: p.unit_id not in served)

    def _post_fit(self) -> None:
        """Reward each specialty tag shared by cadre and post."""
        weight = self._weight("POST_FIT")
        if not weight:
            return
        roster = self.ctx.roster
        for cadre_id, cadre in roster.cadres.items():
            if not cadre.specialty:
                continue
            parts = []
            for post_id in self.v.posts_of[cadre_id]:
                shared = len(cadre.specialty & roster.posts[post_id].specialty)
                if shared:
                    parts.append(shared * self.v.x[cadre_id, post_id])
            if parts:
                self.terms.append(Term("POST_FIT", cadre_id, -weight, sum(parts), (cadre_id,)))

    def _promotion_merit(self) -> None:
        """Reward promoting an eligible cadre; recent excellent appraisals weigh more."""
        weight = self._weight("PROMOTION_MERIT")
        for cadre_id, facts in self.ctx.facts.items():
            if not facts.promotion_eligible:
                continue
            rank = self.ctx.roster.cadres[cadre_id].level.rank
            self._reward(
                "PROMOTION_MERIT",
                cadre_id,
                weight * (1 + facts.merit),
                lambda p: p.level.rank > rank,
            )

    def _structure_targets(self) -> None:
        """Penalise the shortfall, in persons, against each 二(一) target a plan can change."""
        weight = self._weight("STRUCTURE_TARGETS")
        if not weight:
            return
        t = Targets.of(self.ctx)
        ages = {cid: f.age for cid, f in self.ctx.facts.items()}
        women = {cid for cid, c in self.ctx.roster.cadres.items() if c.gender is Gender.FEMALE}

        def holders(level: Level, who=lambda cid: True):
            return [
                var
                for (cid, pid), var in self.v.x.items()
                if self.ctx.roster.posts[pid].level is level and who(cid)
            ]

        chiefs, deputies = holders(Level.CHIEF), holders(Level.DEPUTY)
        cadre_count = len(self.ctx.roster.cadres)
        share_targets = [
            (
                "young_chiefs",
                holders(Level.CHIEF, lambda c: ages[c] < t.young_chief_age),
                chiefs,
                t.young_chief_share,
            ),
            (
                "young_deputies",
                holders(
                    Level.DEPUTY, lambda c: t.young_deputy_low <= ages[c] <= t.young_deputy_high
                ),
                deputies,
                t.young_deputy_share,
            ),
            (
                "women_leaders",
                holders(Level.CHIEF, lambda c: c in women)
                + holders(Level.DEPUTY, lambda c: c in women),
                chiefs + deputies,
                t.women_leader_share,
            ),
        ]
        for key, members, base, share in share_targets:
            # 1000·short ≥ share‰·|base| − 1000·|members| makes short = ceil(share·|base|) − |members|,
            # the rounding of rotaplan.rules.structure.persons_needed
            short = self.model.new_int_var(0, cadre_count, f"short[{key}]")
            self.model.add(1000 * short + 1000 * sum(members) >= share_permille(share) * sum(base))
            self.terms.append(Term("STRUCTURE_TARGETS", key, weight, short))
        mid = holders(Level.CHIEF, lambda c: t.mid_chief_low <= ages[c] <= t.mid_chief_high)
        short = self.model.new_int_var(0, t.mid_chief_min, "short[mid_chiefs]")
        self.model.add(short + sum(mid) >= t.mid_chief_min)
        self.terms.append(Term("STRUCTURE_TARGETS", "mid_chiefs", weight, short))

    def _stability(self) -> None:
        """Penalise each move no rule asks for (promotions excepted), and each portfolio change."""
        weight = self._weight("STABILITY")
        roster = self.ctx.roster
        asked = asked_to_move(self.ctx)
        if weight:
            for cadre_id, cadre in roster.cadres.items():
                if not cadre.placed or cadre_id in asked:
                    continue
                sideways = self.v.where(
                    cadre_id,
                    lambda p: p.post_id != cadre.post_id and p.level.rank <= cadre.level.rank,
                )
                if sideways:
                    self.terms.append(
                        Term("STABILITY", cadre_id, weight, sum(sideways), (cadre_id,))
                    )
        portfolio = self.ctx.params.param("STABILITY", "portfolio_weight") if weight else 0
        if portfolio:
            for unit in roster.units.values():
                if (unit.unit_id, unit.supervisor_id) in self.v.s:
                    self.terms.append(
                        Term(
                            "STABILITY",
                            unit.unit_id,
                            portfolio,
                            self.v.s[unit.unit_id, unit.supervisor_id].Not(),
                        )
                    )


def structure_shortfalls(ctx: Context, outcome) -> dict[str, int]:
    """A plan's shortfall in persons per structure target, as :meth:`Objective.
    _structure_targets` counts it at the optimum (its ``short`` variables may stay higher
    in a solution that is not proven optimal)."""
    t = Targets.of(ctx)
    ages = {cid: f.age for cid, f in ctx.facts.items()}
    roster = ctx.roster
    chiefs = [c for c in roster.cadres if outcome.level_of(ctx, c) is Level.CHIEF]
    deputies = [c for c in roster.cadres if outcome.level_of(ctx, c) is Level.DEPUTY]
    women = [c for c in chiefs + deputies if roster.cadres[c].gender is Gender.FEMALE]

    def short(share: float, members: int, base: int) -> int:
        return max(0, -((1000 * members - share_permille(share) * base) // 1000))

    return {
        "young_chiefs": short(
            t.young_chief_share,
            sum(1 for c in chiefs if ages[c] < t.young_chief_age),
            len(chiefs),
        ),
        "young_deputies": short(
            t.young_deputy_share,
            sum(1 for c in deputies if t.young_deputy_low <= ages[c] <= t.young_deputy_high),
            len(deputies),
        ),
        "women_leaders": short(t.women_leader_share, len(women), len(chiefs + deputies)),
        "mid_chiefs": max(
            0,
            t.mid_chief_min
            - sum(1 for c in chiefs if t.mid_chief_low <= ages[c] <= t.mid_chief_high),
        ),
    }
