"""ESTABLISHMENT: establishment caps, one cadre per post, everyone placed, portfolio caps."""

from __future__ import annotations

from collections import Counter

from rotaplan.rules.base import Instance, instance
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import register


def _establishment_ok(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    if inst.detail_key == "unplaced":
        return outcome.post_of.get(inst.subject) in ctx.roster.posts
    if inst.detail_key == "portfolio_cap":
        return outcome.portfolios()[inst.leader_id] <= inst.args["cap"]
    return outcome.headcounts(ctx)[inst.unit_id] <= inst.args["cap"]


@register("ESTABLISHMENT", _establishment_ok)
def establishment(ctx: Context) -> list[Instance]:
    roster = ctx.roster
    out = []
    for unit in roster.units.values():
        cap, headcount = roster.establishment(unit.unit_id), roster.headcount(unit.unit_id)
        over = headcount > cap
        out.append(
            instance(
                "ESTABLISHMENT",
                unit.unit_id,
                "over_establishment" if over else "within_establishment",
                args={"unit": unit.name, "cap": cap, "headcount": headcount},
                unit_id=unit.unit_id,
                finding=over,
                cadres=tuple(
                    roster.holder[p.post_id]
                    for p in roster.posts_by_unit[unit.unit_id]
                    if p.post_id in roster.holder
                )
                if over
                else (),
            )
        )
    for cadre in roster.cadres.values():
        if not cadre.placed:
            out.append(
                instance(
                    "ESTABLISHMENT",
                    cadre.cadre_id,
                    "unplaced",
                    args={"name": cadre.name, "level": cadre.level.value},
                    cadres=(cadre.cadre_id,),
                )
            )
    portfolio = Counter(u.supervisor_id for u in roster.units.values())
    for leader in roster.leaders.values():
        if leader.max_units is None:
            continue
        count = portfolio.get(leader.leader_id, 0)
        out.append(
            instance(
                "ESTABLISHMENT",
                leader.leader_id,
                "portfolio_cap",
                args={"leader": leader.name, "cap": leader.max_units, "count": count},
                leader_id=leader.leader_id,
                finding=count > leader.max_units,
            )
        )
    return out
