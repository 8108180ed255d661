"""CP-SAT constraints: the structure of an assignment, and one ``ok`` literal per rule
instance with ``ok ⇒ the instance is met``. Whether ``ok`` is forced (hard), penalised
(soft) or used as an assumption (diagnosis) is decided by the caller."""

from __future__ import annotations

from ortools.sat.python import cp_model

from rotaplan.models.roster import Level
from rotaplan.optimizer.variables import Variables
from rotaplan.rules.base import Instance
from rotaplan.rules.context import Context

# rules with an ``ok`` literal per instance (see Constraints.add_constraints)
MODELLED_RULES = (
    "KEY_POST_TENURE",
    "LEADER_UNIT_TENURE",
    "STAFF_POST_TENURE",
    "SUPERVISOR_PAIRING",
    "CHIEF_DEPUTY_PAIRING",
    "ESTABLISHMENT",
    "PROMOTION_ELIGIBILITY",
    "PROBATION",
    "MIN_TENURE",
    "UNIT_CONTINUITY",
    "APPRAISAL_ADJUSTMENT",
    "KIN_AVOIDANCE",
)


class Constraints:
    def __init__(self, model: cp_model.CpModel, ctx: Context, v: Variables):
        self.model, self.ctx, self.v = model, ctx, v
        self.placed: dict[str, cp_model.IntVar] = {}  # cadre -> "placed" literal
        self.ok: list[tuple[Instance, cp_model.IntVar]] = []
        self.decisions: list[tuple[object, cp_model.IntVar]] = []  # (Pin or Ban, literal)

    def add_constraints(self) -> None:
        self._one_post_per_cadre()
        self._one_cadre_per_post()
        self._one_supervisor_per_unit()
        dispatch = {
            "KEY_POST_TENURE": self._leave_unit,
            "LEADER_UNIT_TENURE": self._leave_unit,
            "STAFF_POST_TENURE": self._leave_post,
            "SUPERVISOR_PAIRING": self._supervisor_pairing,
            "CHIEF_DEPUTY_PAIRING": self._leave_unit_any,
            "ESTABLISHMENT": self._establishment,
            "PROMOTION_ELIGIBILITY": self._promotion_eligibility,
            "PROBATION": self._stay,
            "MIN_TENURE": self._min_tenure,
            "UNIT_CONTINUITY": self._unit_continuity,
            "APPRAISAL_ADJUSTMENT": self._appraisal_adjustment,
            "KIN_AVOIDANCE": self._kin_avoidance,
        }
        assert set(dispatch) == set(MODELLED_RULES)
        for inst in self.ctx.instances:
            if inst.waived or inst.rule_id not in dispatch:
                continue
            lit = dispatch[inst.rule_id](inst)
            if lit is not None:
                self.ok.append((inst, lit))
        self._pins_and_bans()

    def _new_ok(self, inst: Instance) -> cp_model.IntVar:
        return self.model.new_bool_var(f"ok:{inst.rule_id}[{inst.subject}]")

    # --- structure ----------------------------------------------------------------------
    def _one_post_per_cadre(self) -> None:
        """Each cadre holds at most one post; ``placed`` says it holds one (ESTABLISHMENT)."""
        for cadre_id, posts in self.v.posts_of.items():
            placed = self.model.new_bool_var(f"placed[{cadre_id}]")
            self.model.add(sum(self.v.x[cadre_id, p] for p in posts) == placed)
            self.placed[cadre_id] = placed

    def _one_cadre_per_post(self) -> None:
        """Every post holds at most one cadre: per slot class, the cadres moving in plus the
        holders staying fit the class's posts; a cadre moving within its own class needs a
        post there other than its own that no holder keeps.

        These two conditions are Hall's condition for placing the movers on the free posts
        of the class, none on its own post: any two movers together may use every free post,
        so only single movers whose own post is the one free post could fail. With singleton
        classes (no aggregation) this is the plain at-most-one per post."""
        v = self.v
        for klass, movers in v.cadres_of_class.items():
            posts = v.class_posts[klass]
            stays = {p: v.stays(p) for p in posts}
            kept = [lit for lit in stays.values() if lit is not None]
            if len(posts) == 1:
                self.model.add_at_most_one([v.x[m] for m in movers] + kept)
            elif len(movers) + len(kept) > len(posts):
                self.model.add(sum(v.x[m] for m in movers) + sum(kept) <= len(posts))
            for cadre_id, key in movers:
                own = self.ctx.roster.cadres[cadre_id].post_id
                if own not in stays:
                    continue
                others = [lit for p, lit in stays.items() if p != own and lit is not None]
                if len(others) > len(posts) - 2:
                    self.model.add(v.x[cadre_id, key] + sum(others) <= len(posts) - 1)

    def _one_supervisor_per_unit(self) -> None:
        """Every unit has exactly one supervising leader."""
        for unit_id in self.ctx.roster.units:
            self.model.add_exactly_one(self.v.s[unit_id, lid] for lid in self.v.leaders_of[unit_id])

    def _pins_and_bans(self) -> None:
        """Scenario pins (the cadre takes this post / goes to this unit / stays) and bans."""
        roster = self.ctx.roster
        for item in (*self.ctx.pins, *self.ctx.bans):
            lit = self.model.new_bool_var(f"ok:{item.describe()}")
            cid = item.cadre
            if getattr(item, "stay", False):
                chosen = (
                    [self.v.at(cid, roster.cadres[cid].post_id)]
                    if roster.cadres[cid].post_id
                    else []
                )
            elif item.post:
                chosen = [self.v.x[cid, item.post]] if (cid, item.post) in self.v.x else []
            else:
                chosen = self.v.in_unit(cid, item.unit)
            if type(item).__name__ == "Pin":
                self.model.add(sum(chosen) >= 1).only_enforce_if(lit)
            elif chosen:
                self.model.add(sum(chosen) == 0).only_enforce_if(lit)
            self.decisions.append((item, lit))

    # --- rule families --------------------------------------------------------------------
    def _leave_unit(self, inst: Instance):
        """KEY_POST_TENURE, LEADER_UNIT_TENURE: the cadre ends in another unit."""
        ok = self._new_ok(inst)
        (cadre_id,) = inst.movers
        self.model.add(sum(self.v.outside_unit(cadre_id, inst.unit_id)) >= 1).only_enforce_if(ok)
        return ok

    def _leave_unit_any(self, inst: Instance):
        """CHIEF_DEPUTY_PAIRING: at least one non-exempt side ends in another unit."""
        ok = self._new_ok(inst)
        outside = [lit for m in inst.movers for lit in self.v.outside_unit(m, inst.unit_id)]
        self.model.add(sum(outside) >= 1).only_enforce_if(ok)
        return ok

    def _leave_post(self, inst: Instance):
        """STAFF_POST_TENURE: the cadre ends in another post."""
        ok = self._new_ok(inst)
        (cadre_id,) = inst.movers
        current = self.v.at(cadre_id, self.ctx.roster.cadres[cadre_id].post_id)
        self.model.add(current == 0).only_enforce_if(ok)
        self.model.add(self.placed[cadre_id] == 1).only_enforce_if(ok)
        return ok

    def _supervisor_pairing(self, inst: Instance):
        """SUPERVISOR_PAIRING: the chief leaves the unit, or the unit changes supervisor."""
        ok = self._new_ok(inst)
        changed = self.v.s[inst.unit_id, inst.leader_id].Not()
        outside = [lit for m in inst.movers for lit in self.v.outside_unit(m, inst.unit_id)]
        self.model.add(sum(outside) + changed >= 1).only_enforce_if(ok)
        return ok

    def _establishment(self, inst: Instance):
        """ESTABLISHMENT: unit within its cap; unplaced cadre placed; leader within max_units."""
        ok = self._new_ok(inst)
        if inst.detail_key == "unplaced":
            self.model.add(self.placed[inst.subject] == 1).only_enforce_if(ok)
        elif inst.detail_key == "portfolio_cap":
            units = [
                self.v.s[u, inst.leader_id]
                for u in self.ctx.roster.units
                if (u, inst.leader_id) in self.v.s
            ]
            self.model.add(sum(units) <= inst.args["cap"]).only_enforce_if(ok)
        else:
            heads = [
                self.v.x[c, p.post_id]
                for p in self.ctx.roster.posts_by_unit[inst.unit_id]
                for c in self.v.cadres_of_post.get(p.post_id, [])
            ]
            if len(heads) <= inst.args["cap"]:
                return None  # can never be exceeded
            self.model.add(sum(heads) <= inst.args["cap"]).only_enforce_if(ok)
        return ok

    def _promotion_eligibility(self, inst: Instance):
        """PROMOTION_ELIGIBILITY: an ineligible cadre takes no post above its level. (Under a
        hard severity the candidate domain holds no such post at all.)"""
        if inst.detail_key != "ineligible":
            return None
        cadre = self.ctx.roster.cadres[inst.subject]
        up = self.v.where(inst.subject, lambda p: p.level.rank > cadre.level.rank)
        if not up:
            return None
        ok = self._new_ok(inst)
        self.model.add(sum(up) == 0).only_enforce_if(ok)
        return ok

    def _stay(self, inst: Instance):
        """PROBATION (and under_investigation): the cadre keeps its post."""
        ok = self._new_ok(inst)
        current = self.v.at(inst.subject, self.ctx.roster.cadres[inst.subject].post_id)
        self.model.add(current == 1).only_enforce_if(ok)
        return ok

    def _min_tenure(self, inst: Instance):
        """MIN_TENURE: no sideways or downward move for a short-tenure cadre."""
        ok = self._new_ok(inst)
        cadre = self.ctx.roster.cadres[inst.subject]
        sideways = self.v.where(
            inst.subject,
            lambda p: p.post_id != cadre.post_id and p.level.rank <= cadre.level.rank,
        )
        if not sideways:
            return None
        self.model.add(sum(sideways) == 0).only_enforce_if(ok)
        return ok

    def _unit_continuity(self, inst: Instance):
        """UNIT_CONTINUITY: at least one of the unit's chief and deputies stays in it."""
        ok = self._new_ok(inst)
        stay = [lit for c in inst.cadres for lit in self.v.in_unit(c, inst.unit_id)]
        self.model.add(sum(stay) >= 1).only_enforce_if(ok)
        return ok

    def _appraisal_adjustment(self, inst: Instance):
        """APPRAISAL_ADJUSTMENT: another unit, or a staff post."""
        ok = self._new_ok(inst)
        allowed = self.v.where(
            inst.subject, lambda p: p.unit_id != inst.unit_id or p.level is Level.STAFF
        )
        self.model.add(sum(allowed) >= 1).only_enforce_if(ok)
        return ok

    def _kin_avoidance(self, inst: Instance):
        """KIN_AVOIDANCE: relatives in different units; no key post under a relative leader."""
        ok = self._new_ok(inst)
        a = inst.cadres[0]
        b = inst.args["relative"]
        roster = self.ctx.roster
        if b in roster.cadres:
            for unit_id in roster.units:
                both = self.v.in_unit(a, unit_id) + self.v.in_unit(b, unit_id)
                if self.v.in_unit(a, unit_id) and self.v.in_unit(b, unit_id):
                    self.model.add(sum(both) <= 1).only_enforce_if(ok)
        else:
            for post_id in self.v.posts_of[a]:
                post = roster.posts[post_id]
                if post.key and (post.unit_id, b) in self.v.s:  # else b cannot lead it
                    self.model.add(
                        self.v.x[a, post_id] + self.v.s[post.unit_id, b] <= 1
                    ).only_enforce_if(ok)
        return ok
