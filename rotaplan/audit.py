"""``rotaplan check``: the audit of a roster at a plan date (SPEC §6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from rotaplan.io import atomic_dir, write_csv
from rotaplan.models.facts import render_reason
from rotaplan.models.roster import Roster
from rotaplan.rules.base import Instance, Parameters
from rotaplan.rules.catalog import CATALOG
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import MOVE_RULES
from rotaplan.rules.structure import indicators

COMPACT = {
    "MIN_TENURE": (
        "less than {years} years in post, not to be moved without cause",
        "任现岗不满{years}年,无因不调动",
    ),
}
FINDING_COLUMNS = ["rule_id", "subject", "detail"]
CADRE_COLUMNS = [
    "cadre_id",
    "name",
    "gender",
    "level",
    "unit_id",
    "post_id",
    "age",
    "exempt",
    "post_since",
    "unit_since",
    "leader_since",
    "level_since",
    "post_years",
    "on_probation",
    "promotion_eligible",
    "ineligible_reasons",
    "due",
]


def finding_rows(instances: list[Instance], lang: str = "en") -> list[dict]:
    """Findings as SPEC §6 rows; waived obligations become EXEMPTION rows naming the rule."""
    rows = []
    for inst in instances:
        rule_id = "EXEMPTION" if inst.waived else inst.rule_id
        subject = (
            inst.cadres[0]
            if inst.waived and inst.rule_id != "CHIEF_DEPUTY_PAIRING"
            else inst.subject
        )
        rows.append({"rule_id": rule_id, "subject": subject, "detail": inst.detail(lang)})
    return rows


def structure_rows(ctx: Context, outcome: Outcome, lang: str = "en") -> list[dict]:
    """One STRUCTURE_TARGETS row per indicator short of its 二(一) target."""
    rows = []
    for ind in indicators(ctx, outcome):
        if ind.shortfall:
            detail = (
                f"{ind.label(lang)}:{ind.value_text},目标{ind.target_text},差{ind.shortfall}人"
                if lang == "zh"
                else f"{ind.label(lang)}: {ind.value_text}, target {ind.target_text}, short by {ind.shortfall}"
            )
            rows.append({"rule_id": "STRUCTURE_TARGETS", "subject": ind.key, "detail": detail})
    return rows


@dataclass
class CheckResult:
    ctx: Context

    @cached_property
    def findings(self) -> list[Instance]:
        return [i for i in self.ctx.instances if i.finding]

    @cached_property
    def due(self) -> dict[str, list[str]]:
        """cadre_id -> ids of the move rules asking it to move."""
        out: dict[str, list[str]] = {}
        for inst in self.findings:
            if inst.rule_id in MOVE_RULES and not inst.waived:
                for cadre_id in inst.movers:
                    out.setdefault(cadre_id, []).append(inst.rule_id)
        return out

    def finding_rows(self, lang: str = "en") -> list[dict]:
        rows = finding_rows(self.findings, lang)
        if self.ctx.params.active("STRUCTURE_TARGETS"):
            rows.extend(structure_rows(self.ctx, Outcome.unchanged(self.ctx.roster), lang))
        return rows

    def cadre_rows(self) -> list[dict]:
        rows = []
        for cadre in self.ctx.roster.cadres.values():
            f = self.ctx.facts[cadre.cadre_id]
            rows.append(
                {
                    "cadre_id": cadre.cadre_id,
                    "name": cadre.name,
                    "gender": cadre.gender.value,
                    "level": cadre.level.value,
                    "unit_id": f.unit_id,
                    "post_id": cadre.post_id,
                    "age": f.age,
                    "exempt": f.exempt,
                    "post_since": cadre.post_since,
                    "unit_since": f.unit_since,
                    "leader_since": f.leader_since,
                    "level_since": f.level_since,
                    "post_years": f.post_years,
                    "on_probation": f.on_probation,
                    "promotion_eligible": f.promotion_eligible,
                    "ineligible_reasons": ";".join(f.ineligible_reasons),
                    "due": ";".join(sorted(set(self.due.get(cadre.cadre_id, [])))),
                }
            )
        return rows

    def write(self, out: str | Path, lang: str = "en", force: bool = False) -> None:
        with atomic_dir(out, force) as tmp:
            write_csv(tmp / "findings.csv", FINDING_COLUMNS, self.finding_rows(lang))
            write_csv(tmp / "cadres.csv", CADRE_COLUMNS, self.cadre_rows())

    def summary(self, lang: str = "en") -> str:
        zh = lang == "zh"
        roster, ctx = self.ctx.roster, self.ctx
        lines = [
            (
                f"体检日期 {ctx.as_of}:{len(roster.units)} 个单位,{len(roster.posts)} 个岗位,"
                f"{len(roster.cadres)} 名干部,{len(roster.leaders)} 名委领导"
            )
            if zh
            else (
                f"Audit at {ctx.as_of}: {len(roster.units)} units, {len(roster.posts)} posts, "
                f"{len(roster.cadres)} cadres, {len(roster.leaders)} leaders"
            ),
            "",
        ]
        by_rule: dict[str, list[Instance]] = {}
        for inst in self.findings:
            by_rule.setdefault("EXEMPTION" if inst.waived else inst.rule_id, []).append(inst)
        for rule_id, rule in CATALOG.items():
            if rule.is_objective:
                continue
            items = by_rule.get(rule_id, [])
            severity = ctx.params.severity(rule_id).value
            head = f"{rule_id} — {rule.title(lang)} [{rule.clause}] ({severity}): {len(items)}"
            lines.append(head)
            if rule_id in COMPACT:  # many rows, one idea: list the subjects only
                subjects = ", ".join(i.subject for i in items)
                if items:
                    text = COMPACT[rule_id][lang == "zh"].format(**ctx.params.rules[rule_id].params)
                    lines.append(f"  {text}: {subjects}")
                continue
            for inst in items:
                lines.append(f"  {inst.subject}: {inst.detail(lang)}")
        exempt = by_rule.get("EXEMPTION", [])
        lines.append("")
        lines.append(
            ("EXEMPTION — 年龄可不交流 [三(二)]" if zh else "EXEMPTION — exempt by age [三(二)]")
            + f": {len(exempt)}"
        )
        for inst in exempt:
            lines.append(f"  {inst.cadres[0]}: {inst.detail(lang)}")
        lines.append("")
        lines.append("结构指标(二(一)):" if zh else "Structure indicators (二(一)):")
        for ind in indicators(ctx, Outcome.unchanged(roster)):
            short = f",差 {ind.shortfall} 人" if zh else f", short by {ind.shortfall}"
            lines.append(
                f"  {ind.label(lang)}: {ind.value_text} (target {ind.target_text}"
                f"{short if ind.shortfall else ''})"
            )
        ineligible = [
            c
            for c in roster.cadres.values()
            if not ctx.facts[c.cadre_id].promotion_eligible and c.level.up() is not None
        ]
        lines.append("")
        lines.append(
            ("不符合晋升条件" if zh else "Not eligible for promotion") + f": {len(ineligible)}"
        )
        for cadre in ineligible:
            reasons = "; ".join(
                render_reason(r, lang) for r in ctx.facts[cadre.cadre_id].ineligible_reasons
            )
            lines.append(f"  {cadre.cadre_id} {cadre.name}: {reasons}")
        due = len(self.due)
        lines.append("")
        lines.append(
            f"合计:{len(self.findings)} 条提示,{due} 名干部需交流,{len(exempt)} 项因年龄免于交流"
            if zh
            else f"Total: {len(self.findings)} findings, {due} cadres due to move, {len(exempt)} exemptions"
        )
        return "\n".join(lines)


def check(roster: Roster, as_of: date, params: Parameters | None = None) -> CheckResult:
    return CheckResult(Context(roster, as_of, params or Parameters.default()))
