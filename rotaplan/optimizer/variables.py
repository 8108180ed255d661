"""Decision variables: ``x[cadre, post]`` (who holds which post after the cycle) and
``s[unit, leader]`` (who supervises which unit)."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from rotaplan.optimizer.candidates import Candidates
from rotaplan.rules.context import Context


class Variables:
    def __init__(self, model: cp_model.CpModel, ctx: Context, candidates: Candidates):
        roster = ctx.roster
        self.ctx = ctx
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.posts_of: dict[str, list[str]] = {}
        self.cadres_of_post: dict[str, list[str]] = defaultdict(list)
        for cadre_id, posts in candidates.posts.items():
            self.posts_of[cadre_id] = list(posts)
            for post_id in posts:
                self.x[cadre_id, post_id] = model.new_bool_var(f"x[{cadre_id},{post_id}]")
                self.cadres_of_post[post_id].append(cadre_id)
        self.s: dict[tuple[str, str], cp_model.IntVar] = {}
        for unit_id in roster.units:
            for leader_id in roster.leaders:
                self.s[unit_id, leader_id] = model.new_bool_var(f"s[{unit_id},{leader_id}]")
        self._in_unit: dict[tuple[str, str], list] = {}
        for (cadre_id, post_id), var in self.x.items():
            unit_id = roster.posts[post_id].unit_id
            self._in_unit.setdefault((cadre_id, unit_id), []).append(var)

    def in_unit(self, cadre_id: str, unit_id: str) -> list:
        """Literals whose sum is 1 when the cadre ends in the unit."""
        return self._in_unit.get((cadre_id, unit_id), [])

    def outside_unit(self, cadre_id: str, unit_id: str | None) -> list:
        roster = self.ctx.roster
        return [
            self.x[cadre_id, p]
            for p in self.posts_of[cadre_id]
            if roster.posts[p].unit_id != unit_id
        ]

    def at(self, cadre_id: str, post_id: str | None):
        return self.x.get((cadre_id, post_id)) if post_id else None

    def where(self, cadre_id: str, keep) -> list:
        """Literals of the cadre's candidate posts that satisfy ``keep(post)``."""
        roster = self.ctx.roster
        return [self.x[cadre_id, p] for p in self.posts_of[cadre_id] if keep(roster.posts[p])]
