"""KEY_POST_TENURE, LEADER_UNIT_TENURE, STAFF_POST_TENURE: clocks that ask a cadre to move."""

from __future__ import annotations

from rotaplan.models.dates import at_least_years, full_years
from rotaplan.models.roster import Level
from rotaplan.rules.base import Instance, instance
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import register


def exemption(ctx: Context, cadre_id: str, rule_id: str) -> Instance:
    """The EXEMPTION row that replaces a waived obligation (SPEC §6)."""
    facts = ctx.facts[cadre_id]
    return instance(
        rule_id,
        cadre_id,
        "exempt",
        args={"name": ctx.roster.cadres[cadre_id].name, "age": facts.age, "rule": rule_id},
        cadres=(cadre_id,),
        unit_id=facts.unit_id,
        waived=True,
    )


def left_unit(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    """Satisfied when every mover ends placed in a unit other than the instance's unit."""
    return all(outcome.unit_of(ctx, m) not in (None, inst.unit_id) for m in inst.movers)


def _clock_args(ctx: Context, cadre_id: str, since, **extra) -> dict:
    cadre = ctx.roster.cadres[cadre_id]
    post = ctx.roster.posts[cadre.post_id]
    return {
        "name": cadre.name,
        "post": post.post_id,
        "title": post.title,
        "unit": ctx.roster.units[post.unit_id].name,
        "level": cadre.level.value,
        "since": since.isoformat(),
        "years": full_years(since, ctx.as_of),
        **extra,
    }


def _due(ctx: Context, rule_id: str, detail_key: str, cadre_id: str, since) -> Instance:
    """The cadre's obligation under a clock rule, or the EXEMPTION row that waives it."""
    facts = ctx.facts[cadre_id]
    if facts.exempt:
        return exemption(ctx, cadre_id, rule_id)
    return instance(
        rule_id,
        cadre_id,
        detail_key,
        args=_clock_args(ctx, cadre_id, since),
        cadres=(cadre_id,),
        movers=(cadre_id,),
        unit_id=facts.unit_id,
    )


@register("KEY_POST_TENURE", left_unit)
def key_post_tenure(ctx: Context) -> list[Instance]:
    years = ctx.params.param("KEY_POST_TENURE", "years")
    out = []
    for cadre in ctx.roster.cadres.values():
        if not cadre.post_id or not ctx.roster.posts[cadre.post_id].key:
            continue
        if not at_least_years(cadre.post_since, ctx.as_of, years):
            continue
        out.append(_due(ctx, "KEY_POST_TENURE", "key_post", cadre.cadre_id, cadre.post_since))
    return out


@register("LEADER_UNIT_TENURE", left_unit)
def leader_unit_tenure(ctx: Context) -> list[Instance]:
    years = ctx.params.param("LEADER_UNIT_TENURE", "years")
    out = []
    for cadre in ctx.roster.cadres.values():
        facts = ctx.facts[cadre.cadre_id]
        if not cadre.level.is_leader or not at_least_years(facts.leader_since, ctx.as_of, years):
            continue
        out.append(
            _due(ctx, "LEADER_UNIT_TENURE", "leader_unit", cadre.cadre_id, facts.leader_since)
        )
    return out


def _left_post(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    cadre_id = inst.movers[0]
    after = outcome.post_of.get(cadre_id)
    return after is not None and after != ctx.roster.cadres[cadre_id].post_id


@register("STAFF_POST_TENURE", _left_post)
def staff_post_tenure(ctx: Context) -> list[Instance]:
    years = ctx.params.param("STAFF_POST_TENURE", "years")
    out = []
    for cadre in ctx.roster.cadres.values():
        if cadre.level is not Level.STAFF or not cadre.post_id:
            continue
        if not at_least_years(cadre.post_since, ctx.as_of, years):
            continue
        # staff are never exempt (the exemption is for chiefs and deputies)
        out.append(_due(ctx, "STAFF_POST_TENURE", "staff_post", cadre.cadre_id, cadre.post_since))
    return out
