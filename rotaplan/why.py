"""``rotaplan why``: why a cadre moves or stays, and what a proposed move would take."""

from __future__ import annotations

from dataclasses import dataclass

from rotaplan.models.facts import render_reason
from rotaplan.plan import Plan, make_plan
from rotaplan.rules.catalog import CATALOG
from rotaplan.scenarios import Pin


@dataclass
class WhyAnswer:
    lines: list[str]
    possible: bool = True

    def render(self) -> str:
        return "\n".join(self.lines)


def _describe_cadre(plan: Plan, cadre_id: str, lang: str) -> list[str]:
    ctx = plan.ctx
    cadre = ctx.roster.cadres[cadre_id]
    f = ctx.facts[cadre_id]
    unit = ctx.roster.units[f.unit_id].name if f.unit_id else "-"
    zh = lang == "zh"
    head = (
        f"{cadre_id} {cadre.name}:{cadre.level.value},{unit} {cadre.post_id or '(未安排)'},"
        f"{f.age}岁,任现岗{f.post_years if f.post_years is not None else '-'}年"
        if zh
        else f"{cadre_id} {cadre.name}: {cadre.level.value} in {unit}, post {cadre.post_id or '(none)'}, "
        f"age {f.age}, {f.post_years if f.post_years is not None else '-'} years in post"
    )
    lines = [head]
    if f.exempt:
        lines.append("  可不交流(年龄)" if zh else "  exempt from rotation by age")
    eligibility = (
        ("  可晋升" if zh else "  may be promoted")
        if f.promotion_eligible
        else ("  不可晋升:" if zh else "  may not be promoted: ")
        + "; ".join(render_reason(r, lang) for r in f.ineligible_reasons)
    )
    lines.append(eligibility)
    return lines


def explain(plan: Plan, cadre_id: str, lang: str = "en") -> WhyAnswer:
    """Why the cadre moves or stays: the rule instances about it and the terms it touches."""
    ctx = plan.ctx
    zh = lang == "zh"
    lines = _describe_cadre(plan, cadre_id, lang)
    row = next(r for r in plan.plan_rows() if r["cadre_id"] == cadre_id)
    lines.append(
        f"方案:{row['from_post'] or '(无)'} → {row['to_post']} [{row['change']}]"
        if zh
        else f"Plan: {row['from_post'] or '(none)'} → {row['to_post']} [{row['change']}]"
    )
    lines.append(("依据:" if zh else "Reasons: ") + (row["reasons"] or "-"))
    lines.append("相关规则:" if zh else "Rule instances about this cadre:")
    met = {id(inst): ok for inst, ok in plan.result.oks}
    for inst in ctx.instances:
        if cadre_id not in inst.cadres and inst.subject != cadre_id:
            continue
        if inst.waived:
            state = "免于" if zh else "waived"
        elif id(inst) in met:
            state = (
                ("满足" if met[id(inst)] else "未满足")
                if zh
                else ("met" if met[id(inst)] else "NOT met")
            )
        else:
            state = "-"
        severity = ctx.params.severity(inst.rule_id).value
        lines.append(f"  {inst.rule_id} ({severity}, {state}): {inst.detail(lang)}")
    lines.append("目标项:" if zh else "Objective terms touching this cadre:")
    for term, value in plan.result.terms:
        if cadre_id in term.cadres and value:
            kind = ("奖励" if zh else "reward") if term.coef < 0 else ("惩罚" if zh else "penalty")
            lines.append(f"  {term.name}: {kind} {abs(term.coef) * value}")
    if row["change"] == "stay":
        lines.append(
            "未调整:没有规则要求其调动,或调动的代价(稳定性、不频繁转任)高于收益。"
            if zh
            else "Stays: no rule requires a move, or a move would cost more (STABILITY, MIN_TENURE) "
            "than it would earn."
        )
    return WhyAnswer(lines)


def what_if(
    plan: Plan, cadre_id: str, post: str | None, unit: str | None, options, lang: str = "en"
) -> WhyAnswer:
    """Is this move possible, which rule forbids it, and what would it cost against the plan?"""
    ctx = plan.ctx
    roster = ctx.roster
    zh = lang == "zh"
    cadre = roster.cadres[cadre_id]
    target = post or unit
    lines = _describe_cadre(plan, cadre_id, lang)
    if post is not None:
        level = roster.posts[post].level
        if level.rank > cadre.level.rank + 1 or (
            level.rank > cadre.level.rank
            and not ctx.facts[cadre_id].promotion_eligible
            and ctx.params.is_hard("PROMOTION_ELIGIBILITY")
        ):
            reasons = "; ".join(
                render_reason(r, lang) for r in ctx.facts[cadre_id].ineligible_reasons
            )
            lines.append(
                f"不可行:PROMOTION_ELIGIBILITY 不允许担任{level.value}岗位({reasons})"
                if zh
                else f"Not possible: PROMOTION_ELIGIBILITY forbids a {level.value} post ({reasons or 'more than one level up'})"
            )
            return WhyAnswer(lines, possible=False)
        if level.rank < cadre.level.rank and not any(
            i.rule_id == "APPRAISAL_ADJUSTMENT" and i.subject == cadre_id for i in ctx.instances
        ):
            lines.append(
                "不可行:职级只能因晋升或 APPRAISAL_ADJUSTMENT 调整而变化"
                if zh
                else "Not possible: a level changes only by promotion or APPRAISAL_ADJUSTMENT (step down)"
            )
            return WhyAnswer(lines, possible=False)
    pin = Pin(cadre_id, post=post, unit=unit)
    pinned = make_plan(roster, ctx.as_of, ctx.params, options, (*ctx.pins, pin), ctx.bans)
    if not pinned.feasible:
        lines.append(
            f"不可行:{target} 与以下硬性规则冲突"
            if zh
            else f"Not possible: {target} conflicts with hard rules"
        )
        if pinned.result.diagnosis:
            lines.append(pinned.result.diagnosis.render(lang))
        return WhyAnswer(lines, possible=False)
    base, new = plan.result, pinned.result
    lines.append(
        (
            f"可行。软性规则罚分 {base.soft_penalty} → {new.soft_penalty},目标值 {base.objective:g} → {new.objective:g}"
            f"(变化 {new.objective - base.objective:+g})"
        )
        if zh
        else (
            f"Possible. Soft-rule penalty {base.soft_penalty} → {new.soft_penalty}; "
            f"objective {base.objective:g} → {new.objective:g} (delta {new.objective - base.objective:+g}; "
            f"lower is better)"
        )
    )
    knock_on = [
        c for c in roster.cadres if c != cadre_id and base.post_of.get(c) != new.post_of.get(c)
    ]
    lines.append(f"连带调整 {len(knock_on)} 人:" if zh else f"Knock-on changes: {len(knock_on)}")
    for c in knock_on:
        lines.append(
            f"  {c} {roster.cadres[c].name}: {base.post_of.get(c) or '-'} → {new.post_of.get(c) or '-'}"
        )
    newly_unmet = {(i.rule_id, i.subject) for i in pinned.unmet_soft} - {
        (i.rule_id, i.subject) for i in plan.unmet_soft
    }
    for rule_id, subject in sorted(newly_unmet):
        lines.append(
            f"  新增未满足:{rule_id} [{subject}] {CATALOG[rule_id].title(lang)}"
            if zh
            else f"  newly unmet: {rule_id} [{subject}] {CATALOG[rule_id].title(lang)}"
        )
    return WhyAnswer(lines)
