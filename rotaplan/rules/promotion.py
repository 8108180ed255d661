"""PROMOTION_ELIGIBILITY, PROBATION, MIN_TENURE: who may change level, who must stay put."""

from __future__ import annotations

from rotaplan.models.roster import Level
from rotaplan.rules.base import Instance, instance
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import asked_to_move, instances_so_far, register


def allowed_levels(ctx: Context, cadre_id: str, step_down: bool) -> set[Level]:
    """Levels a cadre may hold after the plan: its own, one up if eligible, staff if it may
    step down (APPRAISAL_ADJUSTMENT). Used by verify; the optimizer builds its domains itself."""
    cadre = ctx.roster.cadres[cadre_id]
    levels = {cadre.level}
    up = cadre.level.up()
    if up is not None and ctx.facts[cadre_id].promotion_eligible:
        levels.add(up)
    if step_down:
        levels.add(Level.STAFF)
    return levels


def _level_ok(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    level = outcome.level_of(ctx, inst.subject)
    if level is None:
        return True  # being unplaced is ESTABLISHMENT's business
    return level.value in inst.args["allowed"]


@register("PROMOTION_ELIGIBILITY", _level_ok)
def promotion_eligibility(ctx: Context) -> list[Instance]:
    step_down = {
        i.subject
        for i in instances_so_far(ctx)
        if i.rule_id == "APPRAISAL_ADJUSTMENT" and not i.waived
    }
    out = []
    for cadre in ctx.roster.cadres.values():
        facts = ctx.facts[cadre.cadre_id]
        up = cadre.level.up()
        allowed = sorted(
            lv.value for lv in allowed_levels(ctx, cadre.cadre_id, cadre.cadre_id in step_down)
        )
        if facts.promotion_eligible:
            out.append(
                instance(
                    "PROMOTION_ELIGIBILITY",
                    cadre.cadre_id,
                    "eligible",
                    args={
                        "name": cadre.name,
                        "level": cadre.level.value,
                        "up": up.value,
                        "allowed": allowed,
                    },
                    cadres=(cadre.cadre_id,),
                    unit_id=facts.unit_id,
                )
            )
        else:
            out.append(
                instance(
                    "PROMOTION_ELIGIBILITY",
                    cadre.cadre_id,
                    "ineligible",
                    args={
                        "name": cadre.name,
                        "reasons": facts.ineligible_reasons,
                        "allowed": allowed,
                    },
                    cadres=(cadre.cadre_id,),
                    unit_id=facts.unit_id,
                    finding=False,
                )
            )
    return out


def _stays(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    return outcome.post_of.get(inst.subject) == ctx.roster.cadres[inst.subject].post_id


@register("PROBATION", _stays)
def probation(ctx: Context) -> list[Instance]:
    hard_asked = asked_to_move(ctx, hard_only=True)
    out = []
    for cadre in ctx.roster.cadres.values():
        facts = ctx.facts[cadre.cadre_id]
        if not cadre.placed:
            continue
        if "under_investigation" in cadre.flags:
            key, args = "under_investigation", {"name": cadre.name}
        elif facts.on_probation and cadre.cadre_id not in hard_asked:
            key, args = "probation", {"name": cadre.name, "since": facts.promoted_on.isoformat()}
        else:
            continue
        out.append(
            instance(
                "PROBATION",
                cadre.cadre_id,
                key,
                args=args,
                cadres=(cadre.cadre_id,),
                unit_id=facts.unit_id,
            )
        )
    return out


def _not_moved_sideways(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    return not outcome.moved(ctx, inst.subject) or outcome.promoted(ctx, inst.subject)


@register("MIN_TENURE", _not_moved_sideways)
def min_tenure(ctx: Context) -> list[Instance]:
    years = ctx.params.param("MIN_TENURE", "years")
    asked = asked_to_move(ctx)
    frozen = {i.subject for i in instances_so_far(ctx) if i.rule_id == "PROBATION"}
    out = []
    for cadre in ctx.roster.cadres.values():
        facts = ctx.facts[cadre.cadre_id]
        if not cadre.placed or facts.post_years >= years:
            continue
        if cadre.cadre_id in asked or cadre.cadre_id in frozen:
            continue
        out.append(
            instance(
                "MIN_TENURE",
                cadre.cadre_id,
                "min_tenure",
                args={"name": cadre.name, "years": facts.post_years},
                cadres=(cadre.cadre_id,),
                unit_id=facts.unit_id,
            )
        )
    return out
