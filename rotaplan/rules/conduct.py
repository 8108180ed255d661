"""APPRAISAL_ADJUSTMENT, KIN_AVOIDANCE, BORROWING_LIMIT: conduct, kinship and borrowed staff."""

from __future__ import annotations

from rotaplan.models.dates import add_months
from rotaplan.models.roster import AppraisalResult, Level
from rotaplan.rules.base import Instance, instance
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import register


def _adjusted(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    cadre_id = inst.subject
    unit = outcome.unit_of(ctx, cadre_id)
    if unit is None:
        return False
    return unit != inst.unit_id or outcome.level_of(ctx, cadre_id) is Level.STAFF


@register("APPRAISAL_ADJUSTMENT", _adjusted)
def appraisal_adjustment(ctx: Context) -> list[Instance]:
    out = []
    for cadre in ctx.roster.cadres.values():
        if not cadre.placed or not cadre.level.is_leader:
            continue
        facts = ctx.facts[cadre.cadre_id]
        args = {"name": cadre.name, "level": cadre.level.value}
        if facts.latest_appraisal is AppraisalResult.INCOMPETENT:
            years = ctx.roster.appraisals_by_cadre[cadre.cadre_id]
            args["year"] = max(y for y in years if y <= ctx.as_of.year)
            key = "appraisal_incompetent"
        elif "unfit" in cadre.flags:
            key = "appraisal_unfit"
        else:
            continue
        out.append(
            instance(
                "APPRAISAL_ADJUSTMENT",
                cadre.cadre_id,
                key,
                args=args,
                cadres=(cadre.cadre_id,),
                movers=(cadre.cadre_id,),
                unit_id=facts.unit_id,
            )
        )
    return out


def kin_breaches(ctx: Context, inst: Instance, post_of, leader_of) -> list[str]:
    """Units where a kinship pair conflicts under the given placement and portfolios."""
    roster = ctx.roster
    a, b = inst.cadres[0], inst.args["relative"]

    def unit(cadre_id):
        post = post_of.get(cadre_id)
        return roster.posts[post].unit_id if post in roster.posts else None

    if b in roster.cadres:
        return [unit(a)] if unit(a) is not None and unit(a) == unit(b) else []
    post = post_of.get(a)
    if post in roster.posts and roster.posts[post].key and leader_of.get(unit(a)) == b:
        return [unit(a)]
    return []


def _kin_ok(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    return not kin_breaches(ctx, inst, outcome.post_of, outcome.leader_of)


@register("KIN_AVOIDANCE", _kin_ok)
def kin_avoidance(ctx: Context) -> list[Instance]:
    roster = ctx.roster
    current = {c.cadre_id: c.post_id for c in roster.cadres.values()}
    supervisors = {u.unit_id: u.supervisor_id for u in roster.units.values()}
    seen: set[tuple[str, str]] = set()
    out = []
    for rel in roster.relations:
        a, b = rel.cadre_id, rel.relative_id
        if b in roster.cadres:
            a, b = sorted((a, b))
        pair = (a, b)
        if pair in seen:
            continue
        seen.add(pair)
        with_cadre = b in roster.cadres
        subject = "+".join(pair) if with_cadre else a
        args = {
            "a": roster.name_of(a),
            "b": roster.name_of(b),
            "relation": rel.relation,
            "relative": b,
        }
        probe = instance("KIN_AVOIDANCE", subject, "", args=args, cadres=(a,))
        breached = kin_breaches(ctx, probe, current, supervisors)
        if breached:
            unit = roster.units[breached[0]].name
            key = "kin_same_unit" if with_cadre else "kin_leader_key"
            args.update(unit=unit, post=current[a])
        else:
            key = "kin_pair" if with_cadre else "kin_leader"
        movers = ((a, b) if with_cadre else (a,)) if breached else ()
        out.append(
            instance(
                "KIN_AVOIDANCE",
                subject,
                key,
                args=args,
                cadres=(a, b) if with_cadre else (a,),
                movers=movers,
                leader_id=None if with_cadre else b,
                finding=bool(breached),
                unit_id=breached[0] if breached else None,
            )
        )
    return out


@register("BORROWING_LIMIT")
def borrowing_limit(ctx: Context) -> list[Instance]:
    months = ctx.params.param("BORROWING_LIMIT", "months")
    out = []
    for index, b in enumerate(ctx.roster.borrowings, start=2):
        if b.start > ctx.as_of:
            continue
        end = b.end or ctx.as_of
        unit = ctx.roster.units[b.unit_id].name
        subject = b.person
        base = {"person": b.person, "org": b.from_org, "unit": unit, "row": index}
        if add_months(b.start, months) < end:
            span = (
                (end.year - b.start.year) * 12 + end.month - b.start.month - (end.day < b.start.day)
            )
            out.append(
                instance(
                    "BORROWING_LIMIT",
                    subject,
                    "borrow_long",
                    args={
                        **base,
                        "start": b.start.isoformat(),
                        "months": span,
                        "limit": months,
                        "until": f" until {b.end}" if b.end else "",
                    },
                    unit_id=b.unit_id,
                )
            )
        missing = [a for a in ("principal", "supervisor", "filed") if a not in b.approved_by]
        if missing:
            out.append(
                instance(
                    "BORROWING_LIMIT",
                    subject,
                    "borrow_unapproved",
                    args={**base, "missing": ", ".join(missing)},
                    unit_id=b.unit_id,
                )
            )
    return out
