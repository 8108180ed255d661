"""What every rule sees: the roster, the plan date, the parameters and the derived facts;
and, for verification, a plan's outcome as plain dictionaries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from rotaplan.models.facts import CadreFacts, FactParams, all_facts
from rotaplan.models.roster import Level, Roster
from rotaplan.rules.base import Parameters


def fact_params(params: Parameters) -> FactParams:
    return FactParams(
        exempt_age_men=params.g("exempt_age_men"),
        exempt_age_women=params.g("exempt_age_women"),
        appraisal_years=params.param("PROMOTION_ELIGIBILITY", "appraisal_years"),
        recommendation_years=params.param("PROMOTION_ELIGIBILITY", "recommendation_years"),
        staff_years=params.param("PROMOTION_ELIGIBILITY", "staff_years"),
        deputy_years=params.param("PROMOTION_ELIGIBILITY", "deputy_years"),
        probation_years=params.param("PROBATION", "years"),
    )


@dataclass
class Context:
    roster: Roster
    as_of: date
    params: Parameters = field(default_factory=Parameters.default)
    pins: tuple = ()  # rotaplan.scenarios.Pin: decisions the party group fixed
    bans: tuple = ()  # rotaplan.scenarios.Ban: decisions it forbade

    @cached_property
    def facts(self) -> dict[str, CadreFacts]:
        return all_facts(self.roster, self.as_of, fact_params(self.params))

    @cached_property
    def instances(self):
        from rotaplan.rules.registry import derive

        return derive(self)

    @cached_property
    def leaders_of_unit(self) -> dict[str, list[str]]:
        """Current chief and deputies of each unit (chief first)."""
        out: dict[str, list[str]] = {u: [] for u in self.roster.units}
        for cadre in sorted(self.roster.cadres.values(), key=lambda c: (-c.level.rank, c.cadre_id)):
            if cadre.post_id and cadre.level.is_leader:
                out[self.roster.posts[cadre.post_id].unit_id].append(cadre.cadre_id)
        return out

    def chief_of(self, unit_id: str) -> str | None:
        for cid in self.leaders_of_unit[unit_id]:
            if self.roster.cadres[cid].level is Level.CHIEF:
                return cid
        return None


@dataclass(frozen=True)
class Outcome:
    """A plan's result, as verification reads it: where each cadre ends, who supervises what."""

    post_of: dict[str, str | None]  # cadre_id -> post_id (None = not placed)
    leader_of: dict[str, str | None]  # unit_id -> leader_id

    def unit_of(self, ctx: Context, cadre_id: str) -> str | None:
        post = self.post_of.get(cadre_id)
        return ctx.roster.posts[post].unit_id if post in ctx.roster.posts else None

    def level_of(self, ctx: Context, cadre_id: str) -> Level | None:
        post = self.post_of.get(cadre_id)
        return ctx.roster.posts[post].level if post in ctx.roster.posts else None

    def moved(self, ctx: Context, cadre_id: str) -> bool:
        return self.post_of.get(cadre_id) != ctx.roster.cadres[cadre_id].post_id

    def left_unit(self, ctx: Context, cadre_id: str, unit_id: str) -> bool:
        return self.unit_of(ctx, cadre_id) != unit_id

    def promoted(self, ctx: Context, cadre_id: str) -> bool:
        level = self.level_of(ctx, cadre_id)
        return level is not None and level.rank > ctx.roster.cadres[cadre_id].level.rank

    def headcounts(self, ctx: Context) -> Counter:
        """unit_id -> cadres holding its posts (counted once, then cached: every
        ESTABLISHMENT instance asks, and a scan per instance was quadratic)."""
        if "_headcounts" not in self.__dict__:
            posts = ctx.roster.posts
            self.__dict__["_headcounts"] = Counter(
                posts[p].unit_id for p in self.post_of.values() if p in posts
            )
        return self.__dict__["_headcounts"]

    def portfolios(self) -> Counter:
        """leader_id -> units it supervises (cached)."""
        if "_portfolios" not in self.__dict__:
            self.__dict__["_portfolios"] = Counter(self.leader_of.values())
        return self.__dict__["_portfolios"]

    @classmethod
    def unchanged(cls, roster: Roster) -> Outcome:
        return cls(
            {c.cadre_id: c.post_id for c in roster.cadres.values()},
            {u.unit_id: u.supervisor_id for u in roster.units.values()},
        )
