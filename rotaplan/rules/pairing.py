"""SUPERVISOR_PAIRING, CHIEF_DEPUTY_PAIRING, UNIT_CONTINUITY: rules about pairs in a unit."""

from __future__ import annotations

from rotaplan.models.dates import at_least_years, full_years
from rotaplan.rules.base import Instance, instance
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import asked_to_move, register


def _supervisor_ok(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    if outcome.leader_of.get(inst.unit_id) != inst.leader_id:
        return True
    return bool(inst.movers) and all(
        outcome.unit_of(ctx, m) not in (None, inst.unit_id) for m in inst.movers
    )


@register("SUPERVISOR_PAIRING", _supervisor_ok)
def supervisor_pairing(ctx: Context) -> list[Instance]:
    years = ctx.params.param("SUPERVISOR_PAIRING", "years")
    out = []
    for unit in ctx.roster.units.values():
        chief = ctx.chief_of(unit.unit_id)
        if chief is None:
            continue
        cadre = ctx.roster.cadres[chief]
        since = max(cadre.post_since, unit.supervisor_since)
        if not at_least_years(since, ctx.as_of, years):
            continue
        exempt = ctx.facts[chief].exempt
        out.append(
            instance(
                "SUPERVISOR_PAIRING",
                chief,
                "supervisor_pairing_exempt" if exempt else "supervisor_pairing",
                args={
                    "name": cadre.name,
                    "unit": unit.name,
                    "since": since.isoformat(),
                    "years": full_years(since, ctx.as_of),
                    "leader": ctx.roster.name_of(unit.supervisor_id),
                },
                cadres=(chief,),
                movers=() if exempt else (chief,),
                unit_id=unit.unit_id,
                leader_id=unit.supervisor_id,
            )
        )
    return out


def _pair_split(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    return any(outcome.unit_of(ctx, m) not in (None, inst.unit_id) for m in inst.movers)


@register("CHIEF_DEPUTY_PAIRING", _pair_split)
def chief_deputy_pairing(ctx: Context) -> list[Instance]:
    years = ctx.params.param("CHIEF_DEPUTY_PAIRING", "years")
    out = []
    for unit_id, leaders in ctx.leaders_of_unit.items():
        chief = ctx.chief_of(unit_id)
        if chief is None:
            continue
        for deputy in leaders:
            if deputy == chief:
                continue
            since = max(ctx.facts[chief].unit_since, ctx.facts[deputy].unit_since)
            if not at_least_years(since, ctx.as_of, years):
                continue
            pair = (chief, deputy)
            movers = tuple(c for c in pair if not ctx.facts[c].exempt)
            subject = "+".join(sorted(pair))
            names = {c: ctx.roster.cadres[c].name for c in pair}
            args = {
                "chief": names[chief],
                "deputy": names[deputy],
                "unit": ctx.roster.units[unit_id].name,
                "since": since.isoformat(),
                "years": full_years(since, ctx.as_of),
            }
            if not movers:
                for c in pair:
                    out.append(
                        instance(
                            "CHIEF_DEPUTY_PAIRING",
                            subject,
                            "exempt",
                            args={
                                "name": names[c],
                                "age": ctx.facts[c].age,
                                "rule": "CHIEF_DEPUTY_PAIRING",
                            },
                            cadres=pair,
                            unit_id=unit_id,
                            waived=True,
                        )
                    )
                continue
            key = "chief_deputy"
            if len(movers) == 1:
                key = "chief_deputy_one_exempt"
                exempt = next(c for c in pair if c not in movers)
                args.update(exempt=names[exempt], mover=names[movers[0]])
            out.append(
                instance(
                    "CHIEF_DEPUTY_PAIRING",
                    subject,
                    key,
                    args=args,
                    cadres=pair,
                    movers=movers,
                    unit_id=unit_id,
                )
            )
    return out


def _someone_stays(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    return any(outcome.unit_of(ctx, c) == inst.unit_id for c in inst.cadres)


@register("UNIT_CONTINUITY", _someone_stays)
def unit_continuity(ctx: Context) -> list[Instance]:
    asked = asked_to_move(ctx)
    out = []
    for unit_id, leaders in ctx.leaders_of_unit.items():
        if ctx.chief_of(unit_id) is None or len(leaders) < 2:
            continue
        names = "、".join(ctx.roster.cadres[c].name for c in leaders)
        all_due = all(c in asked for c in leaders)
        out.append(
            instance(
                "UNIT_CONTINUITY",
                unit_id,
                "continuity" if all_due else "continuity_plain",
                args={"unit": ctx.roster.units[unit_id].name, "names": names},
                cadres=tuple(leaders),
                unit_id=unit_id,
                finding=all_due,
            )
        )
    return out
