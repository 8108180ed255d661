"""``rotaplan verify``: an independent check of a plan's files against the roster.

Written apart from the model: it never imports :mod:`rotaplan.optimizer`. It re-derives the
facts and rule instances from the roster, reads only ``plan.csv`` and ``supervision.csv``,
and checks every hard rule (and reports every unmet soft rule) with the plain-Python
``satisfied`` functions of the rule modules plus the structural checks below.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rotaplan.errors import Problem, RosterError
from rotaplan.i18n import Text
from rotaplan.io import unquote
from rotaplan.models.roster import Roster
from rotaplan.rules.base import Parameters, Severity
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import satisfied

PLAN_REQUIRED = ["cadre_id", "to_post"]
SUPERVISION_REQUIRED = ["unit_id", "to_leader"]


class PlanFileError(RosterError):
    def render(self, lang: str = "en", verbose: bool = False) -> str:
        head = (
            f"方案文件 {self.path} 中有 {len(self.problems)} 处问题:"
            if lang == "zh"
            else f"{len(self.problems)} problem(s) in plan {self.path}:"
        )
        return "\n".join([head, *("  " + p.render(lang) for p in self.problems)])


@dataclass(frozen=True)
class Breach:
    rule_id: str
    subject: str
    detail: str


@dataclass
class VerifyResult:
    violations: list[Breach] = field(default_factory=list)
    unmet: list[Breach] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    def summary(self, lang: str = "en") -> str:
        zh = lang == "zh"
        lines = []
        if self.ok:
            lines.append(
                "方案通过核验:所有硬性规则均满足。"
                if zh
                else "Plan verified: every hard rule holds."
            )
        else:
            lines.append(
                f"方案未通过核验:{len(self.violations)} 处违反硬性规则"
                if zh
                else f"Plan REJECTED: {len(self.violations)} hard-rule violation(s)"
            )
            lines += [f"  {b.rule_id} [{b.subject}]: {b.detail}" for b in self.violations]
        lines.append(
            f"未满足的软性规则:{len(self.unmet)}" if zh else f"Unmet soft rules: {len(self.unmet)}"
        )
        lines += [f"  {b.rule_id} [{b.subject}]: {b.detail}" for b in self.unmet]
        return "\n".join(lines)


def _read(path: Path, required: list[str], problems: list[Problem]) -> list[tuple[int, dict]]:
    if not path.is_file():
        problems.append(Problem(path.name, 0, "", Text("missing_table", {"table": path.stem})))
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        for column in missing:
            problems.append(
                Problem(path.name, 1, column, Text("missing_column", {"column": column}))
            )
        if missing:
            return []
        return [
            # unquote: undo the formula guard rotaplan writes (rotaplan.io.safe_cell)
            (i, {k: unquote((v or "").strip()) for k, v in row.items() if k})
            for i, row in enumerate(reader, start=2)
        ]


def read_outcome(roster: Roster, plan_dir: str | Path) -> Outcome:
    """The plan's outcome, checked for unreadable or unknown ids (exit code 2)."""
    plan_dir = Path(plan_dir)
    problems: list[Problem] = []
    post_of: dict[str, str | None] = {}
    first_row: dict[str, int] = {}
    for row_number, row in _read(plan_dir / "plan.csv", PLAN_REQUIRED, problems):
        cadre_id, post_id = row["cadre_id"], row["to_post"]
        where = ("plan.csv", row_number)
        if cadre_id not in roster.cadres:
            problems.append(
                Problem(
                    *where, "cadre_id", Text("unknown_ref", {"what": "cadre", "value": cadre_id})
                )
            )
            continue
        if cadre_id in first_row:
            problems.append(
                Problem(
                    *where,
                    "cadre_id",
                    Text("duplicate_id", {"value": cadre_id, "first": first_row[cadre_id]}),
                )
            )
            continue
        if post_id and post_id not in roster.posts:
            problems.append(
                Problem(*where, "to_post", Text("unknown_ref", {"what": "post", "value": post_id}))
            )
            continue
        first_row[cadre_id] = row_number
        post_of[cadre_id] = post_id or None
    leader_of: dict[str, str | None] = {u: None for u in roster.units}
    for row_number, row in _read(plan_dir / "supervision.csv", SUPERVISION_REQUIRED, problems):
        unit_id, leader_id = row["unit_id"], row["to_leader"]
        where = ("supervision.csv", row_number)
        if unit_id not in roster.units:
            problems.append(
                Problem(*where, "unit_id", Text("unknown_ref", {"what": "unit", "value": unit_id}))
            )
        elif leader_id and leader_id not in roster.leaders:
            problems.append(
                Problem(
                    *where, "to_leader", Text("unknown_ref", {"what": "leader", "value": leader_id})
                )
            )
        else:
            leader_of[unit_id] = leader_id or None
    if problems:
        raise PlanFileError(str(plan_dir), problems)
    return Outcome(post_of, leader_of)


def _structure(ctx: Context, outcome: Outcome) -> list[Breach]:
    """ESTABLISHMENT's structural part: everyone placed once, one cadre per post, one
    supervisor per unit."""
    roster = ctx.roster
    out = []
    for cadre_id, cadre in roster.cadres.items():
        if cadre_id not in outcome.post_of:
            out.append(Breach("ESTABLISHMENT", cadre_id, f"{cadre.name} is missing from plan.csv"))
        elif outcome.post_of[cadre_id] is None and (
            cadre.placed or ctx.params.is_hard("ESTABLISHMENT")
        ):
            # a cadre placed before must stay placed; an unplaced one must be placed when
            # ESTABLISHMENT is hard (soft: its "unplaced" instance reports it as unmet)
            out.append(Breach("ESTABLISHMENT", cadre_id, f"{cadre.name} is left without a post"))
    holders: dict[str, list[str]] = {}
    for cadre_id, post_id in outcome.post_of.items():
        if post_id:
            holders.setdefault(post_id, []).append(cadre_id)
    for post_id, cadres in sorted(holders.items()):
        if len(cadres) > 1:
            out.append(
                Breach(
                    "ESTABLISHMENT",
                    post_id,
                    f"post {post_id} is given to {len(cadres)} cadres: {', '.join(sorted(cadres))}",
                )
            )
    for unit_id, leader_id in outcome.leader_of.items():
        if leader_id is None:
            out.append(
                Breach("ESTABLISHMENT", unit_id, f"unit {unit_id} has no supervising leader")
            )
    for cadre_id, post_id in outcome.post_of.items():
        if (
            post_id
            and abs(roster.posts[post_id].level.rank - roster.cadres[cadre_id].level.rank) > 1
            and roster.posts[post_id].level.rank > roster.cadres[cadre_id].level.rank
        ):
            out.append(Breach("PROMOTION_ELIGIBILITY", cadre_id, "promoted by more than one level"))
    return out


def _decisions(ctx: Context, outcome: Outcome) -> list[Breach]:
    """Scenario pins and bans hold."""
    out = []
    for item in (*ctx.pins, *ctx.bans):
        post = outcome.post_of.get(item.cadre)
        unit = outcome.unit_of(ctx, item.cadre)
        if getattr(item, "stay", False):
            hit = post == ctx.roster.cadres[item.cadre].post_id
        else:
            hit = post == item.post if item.post else unit == item.unit
        is_pin = type(item).__name__ == "Pin"
        if hit != is_pin:
            out.append(
                Breach(
                    "PIN" if is_pin else "BAN",
                    item.cadre,
                    f"scenario {item.describe()} (plan: {post})",
                )
            )
    return out


def verify(
    roster: Roster,
    plan_dir: str | Path,
    as_of: date,
    params: Parameters | None = None,
    pins: tuple = (),
    bans: tuple = (),
) -> VerifyResult:
    ctx = Context(roster, as_of, params or Parameters.default(), tuple(pins), tuple(bans))
    outcome = read_outcome(roster, plan_dir)
    result = VerifyResult()
    result.violations.extend(_structure(ctx, outcome))
    result.violations.extend(_decisions(ctx, outcome))
    for inst in ctx.instances:
        if inst.waived or satisfied(ctx, inst, outcome):
            continue
        breach = Breach(inst.rule_id, inst.subject, _violation_text(ctx, inst, outcome))
        severity = ctx.params.severity(inst.rule_id)
        if severity is Severity.HARD:
            result.violations.append(breach)
        elif severity is Severity.SOFT:
            result.unmet.append(breach)
    return result


def _violation_text(ctx: Context, inst, outcome: Outcome) -> str:
    where = {}
    for cadre_id in inst.cadres or (inst.subject,):
        if cadre_id in ctx.roster.cadres:
            where[cadre_id] = outcome.post_of.get(cadre_id) or "-"
    placed = ", ".join(f"{c} → {p}" for c, p in where.items())
    return f"{inst.detail('en')} (plan: {placed})" if placed else inst.detail("en")
