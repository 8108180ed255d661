"""``rotaplan plan``: solve one cycle and write SPEC §5's files, every change explained by the
rule instances and objective terms of the model that caused or rewarded it."""

from __future__ import annotations

import json
import platform
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from rotaplan.audit import FINDING_COLUMNS, structure_rows
from rotaplan.io import atomic_dir, write_csv
from rotaplan.models.roster import Level, Roster
from rotaplan.optimizer.solve import SolveOptions, SolveResult, solve
from rotaplan.rules.base import Parameters, Severity
from rotaplan.rules.catalog import CATALOG
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import MOVE_RULES
from rotaplan.rules.structure import indicators

PLAN_COLUMNS = [
    "cadre_id",
    "name",
    "from_unit",
    "from_post",
    "from_level",
    "to_unit",
    "to_post",
    "to_level",
    "change",
    "reasons",
]
SUPERVISION_COLUMNS = ["unit_id", "from_leader", "to_leader", "changed"]
REWARDS = ("CROSS_ROTATION", "YOUNG_MULTI_POST", "POST_FIT", "PROMOTION_MERIT")


@dataclass
class Plan:
    ctx: Context
    result: SolveResult

    @property
    def feasible(self) -> bool:
        return self.result.feasible

    @cached_property
    def outcome(self) -> Outcome:
        return Outcome(dict(self.result.post_of), dict(self.result.leader_of))

    def change_of(self, cadre_id: str) -> str:
        cadre = self.ctx.roster.cadres[cadre_id]
        after = self.result.post_of.get(cadre_id)
        if cadre.post_id is None:
            # an unplaced cadre may stay unplaced when ESTABLISHMENT is not hard
            return "place" if after else "stay"
        if after == cadre.post_id:
            return "stay"
        level = self.ctx.roster.posts[after].level
        if level.rank > cadre.level.rank:
            return "promote"
        if level.rank < cadre.level.rank:
            return "step_down"
        return "move"

    @cached_property
    def reasons(self) -> dict[str, list[str]]:
        """cadre_id -> rule ids that required or rewarded its change, read off the model."""
        roster = self.ctx.roster
        out: dict[str, list[str]] = {c: [] for c in roster.cadres}
        changed = {c for c in roster.cadres if self.change_of(c) != "stay"}

        def add(cadre_id: str, rule_id: str) -> None:
            if rule_id not in out[cadre_id]:
                out[cadre_id].append(rule_id)

        for inst, ok in self.result.oks:
            if not ok:
                continue
            if inst.rule_id in MOVE_RULES:
                for cadre_id in inst.movers:
                    if cadre_id in changed and (
                        inst.unit_id is None
                        or self.outcome.unit_of(self.ctx, cadre_id) != inst.unit_id
                        or inst.rule_id in ("STAFF_POST_TENURE", "APPRAISAL_ADJUSTMENT")
                    ):
                        add(cadre_id, inst.rule_id)
            elif inst.rule_id == "ESTABLISHMENT":
                if inst.detail_key == "unplaced":
                    add(inst.subject, "ESTABLISHMENT")
                elif inst.detail_key == "over_establishment":
                    for cadre_id in inst.cadres:
                        if self.outcome.unit_of(self.ctx, cadre_id) != inst.unit_id:
                            add(cadre_id, "ESTABLISHMENT")
        for term, value in self.result.terms:
            if term.rule_id not in REWARDS or not value or not term.cadres:
                continue
            cadre_id = term.cadres[0]
            if cadre_id not in changed:
                continue
            if term.rule_id == "POST_FIT":
                before = roster.cadres[cadre_id].post_id
                fit_before = (
                    len(roster.cadres[cadre_id].specialty & roster.posts[before].specialty)
                    if before
                    else 0
                )
                if value <= fit_before:
                    continue
            add(cadre_id, term.rule_id)
        for cadre_id in self._structure_contributors():
            add(cadre_id, "STRUCTURE_TARGETS")
        return out

    def _structure_contributors(self) -> set[str]:
        """Cadres whose change moves a short 二(一) indicator toward its target."""
        weight = self.ctx.params.weight("STRUCTURE_TARGETS")
        short_before = (
            {i.key for i in indicators(self.ctx, Outcome.unchanged(self.ctx.roster)) if i.shortfall}
            if weight
            else set()
        )
        if not short_before:
            return set()
        from rotaplan.rules.structure import Targets

        t = Targets.of(self.ctx)
        out = set()
        for cadre_id, cadre in self.ctx.roster.cadres.items():
            if self.change_of(cadre_id) not in ("promote", "place"):
                continue
            age = self.ctx.facts[cadre_id].age
            level = self.outcome.level_of(self.ctx, cadre_id)
            hits = {
                "young_chiefs": level is Level.CHIEF and age < t.young_chief_age,
                "mid_chiefs": level is Level.CHIEF and t.mid_chief_low <= age <= t.mid_chief_high,
                "young_deputies": level is Level.DEPUTY
                and t.young_deputy_low <= age <= t.young_deputy_high,
                "women_leaders": level is not None
                and level.is_leader
                and cadre.gender.value == "F",
            }
            if any(hits[k] for k in short_before if k in hits):
                out.add(cadre_id)
        return out

    # --- rows -----------------------------------------------------------------------------
    def plan_rows(self) -> list[dict]:
        roster = self.ctx.roster
        rows = []
        for cadre_id, cadre in roster.cadres.items():
            after = self.result.post_of.get(cadre_id)
            rows.append(
                {
                    "cadre_id": cadre_id,
                    "name": cadre.name,
                    "from_unit": roster.posts[cadre.post_id].unit_id if cadre.post_id else "",
                    "from_post": cadre.post_id or "",
                    "from_level": cadre.level.value,
                    "to_unit": roster.posts[after].unit_id if after else "",
                    "to_post": after or "",
                    "to_level": roster.posts[after].level.value if after else "",
                    "change": self.change_of(cadre_id),
                    "reasons": ";".join(self.reasons[cadre_id]),
                }
            )
        return rows

    def supervision_rows(self) -> list[dict]:
        return [
            {
                "unit_id": u.unit_id,
                "from_leader": u.supervisor_id,
                "to_leader": self.result.leader_of.get(u.unit_id) or "",
                "changed": self.result.leader_of.get(u.unit_id) != u.supervisor_id,
            }
            for u in self.ctx.roster.units.values()
        ]

    @cached_property
    def unmet_soft(self) -> list:
        return [
            inst
            for inst, ok in self.result.oks
            if not ok and self.ctx.params.severity(inst.rule_id) is Severity.SOFT
        ]

    def finding_rows(self, lang: str = "en") -> list[dict]:
        rows = [
            {"rule_id": i.rule_id, "subject": i.subject, "detail": i.detail(lang)}
            for i in self.unmet_soft
        ]
        if self.ctx.params.active("STRUCTURE_TARGETS"):
            rows.extend(structure_rows(self.ctx, self.outcome, lang))
        return rows

    def counts(self) -> dict[str, int]:
        changes = [self.change_of(c) for c in self.ctx.roster.cadres]
        roster = self.ctx.roster
        cross = 0
        for cadre_id, cadre in roster.cadres.items():
            after = self.result.post_of.get(cadre_id)
            if cadre.post_id and after and after != cadre.post_id:
                kind_from = roster.units[roster.posts[cadre.post_id].unit_id].kind
                kind_to = roster.units[roster.posts[after].unit_id].kind
                cross += kind_from != kind_to
        return {
            "moves": sum(c in ("move", "promote", "step_down") for c in changes),
            "promotions": changes.count("promote"),
            "step_downs": changes.count("step_down"),
            "placements": changes.count("place"),
            "cross_rotations": cross,
            "supervision_changes": sum(r["changed"] for r in self.supervision_rows()),
        }

    def summary_dict(self, scenario: dict | None = None) -> dict:
        r = self.result
        options = r.options or SolveOptions()
        unmet: dict[str, int] = {}
        for inst in self.unmet_soft:
            unmet[inst.rule_id] = unmet.get(inst.rule_id, 0) + 1
        return {
            "status": r.status,
            "objective": r.objective,
            "best_bound": r.best_bound,
            "gap": r.gap,
            "wall_seconds": round(r.wall_seconds, 3),
            "interrupted": r.interrupted,
            "as_of": self.ctx.as_of.isoformat(),
            **self.counts(),
            "soft_penalty": r.soft_penalty,
            "unmet_soft_rules": unmet,
            "stages": [
                {
                    "stage": s.name,
                    "status": s.status,
                    "objective": s.objective,
                    "bound": s.bound,
                    "seconds": round(s.seconds, 3),
                }
                for s in r.stages
            ],
            "model": r.stats,
            "gap_against": "candidate model" if r.stats.get("candidate_model") else "whole problem",
            "whole_problem": {
                # bounds on the whole problem's lexicographic optimum, not only on the
                # candidate model's (rotaplan.optimizer.bound): soft tier, then objective
                "soft_bound": r.whole_soft_bound,
                "soft_gap": r.whole_soft_gap,
                "objective_bound": r.whole_objective_bound,
                "gap": r.whole_gap,
                "seconds": round(r.whole.seconds, 3) if r.whole else None,
            },
            "seed": options.seed,
            "workers": options.workers,
            "time_limit": options.time_limit,
            "linearization_level": options.linearization_level,
            "scenario": scenario or {"name": "default"},
            "parameters": parameters_dict(self.ctx.params),
            "versions": versions(),
        }

    def write_files(self, folder: Path, lang: str = "en", scenario: dict | None = None) -> None:
        """SPEC §5's four files into an existing folder (callers make it atomic)."""
        write_csv(folder / "plan.csv", PLAN_COLUMNS, self.plan_rows())
        write_csv(folder / "supervision.csv", SUPERVISION_COLUMNS, self.supervision_rows())
        write_csv(folder / "findings.csv", FINDING_COLUMNS, self.finding_rows(lang))
        with open(folder / "summary.json", "w", encoding="utf-8") as handle:
            json.dump(self.summary_dict(scenario), handle, ensure_ascii=False, indent=2)
            handle.write("\n")

    def write(
        self, out: str | Path, lang: str = "en", force: bool = False, scenario: dict | None = None
    ) -> None:
        with atomic_dir(out, force) as tmp:
            self.write_files(tmp, lang, scenario)

    # --- text -----------------------------------------------------------------------------
    def summary(self, lang: str = "en") -> str:
        zh = lang == "zh"
        r, roster = self.result, self.ctx.roster
        gap = f"{100 * r.gap:.2f}%" if r.gap is not None else "-"
        objective = f"{r.objective:g}" if r.objective is not None else "-"
        bound = f"{r.best_bound:g}" if r.best_bound is not None else "-"
        lines = [
            f"{'状态' if zh else 'Status'}: {r.status}   "
            f"{'目标值' if zh else 'objective'} {objective}   {'界' if zh else 'bound'} {bound}   "
            f"gap {gap}   {r.wall_seconds:.2f}s   "
            f"({'软性规则罚分' if zh else 'soft-rule penalty'} {r.soft_penalty})",
        ]
        if r.whole is not None and r.status != "OPTIMAL":
            # the gap above is against the candidate model: add the whole problem's bounds
            whole_bound = r.whole_objective_bound
            whole_gap = "-" if r.whole_gap is None else f"{100 * r.whole_gap:.2f}%"
            soft_gap = "-" if r.whole_soft_gap is None else f"{100 * r.whole_soft_gap:.2f}%"
            lines.append(
                f"{'全问题下界' if zh else 'Whole-problem bounds'}: "
                f"{'软性罚分' if zh else 'soft penalty'} ≥ {r.whole_soft_bound} (gap {soft_gap})   "
                f"{'目标值' if zh else 'objective'} ≥ "
                f"{'-' if whole_bound is None else f'{whole_bound:g}'}   gap {whole_gap}"
            )
        counts = self.counts()
        lines.append(
            (
                f"调整 {counts['moves']} 人(晋升 {counts['promotions']},改任非领导职务 {counts['step_downs']}),"
                f"新安排 {counts['placements']} 人,业务/综合交流 {counts['cross_rotations']} 人,"
                f"分管调整 {counts['supervision_changes']} 个单位"
            )
            if zh
            else (
                f"{counts['moves']} moves ({counts['promotions']} promotions, {counts['step_downs']} step-downs), "
                f"{counts['placements']} placements, {counts['cross_rotations']} cross-rotations, "
                f"{counts['supervision_changes']} portfolio changes"
            )
        )
        by_reason: dict[str, list[str]] = {}
        for row in self.plan_rows():
            if row["change"] == "stay":
                continue
            key = row["reasons"].split(";")[0] if row["reasons"] else "—"
            text = (
                f"{row['cadre_id']} {row['name']}: {row['from_post'] or '(—)'} → {row['to_post']} "
                f"[{row['change']}] {row['reasons']}"
            )
            by_reason.setdefault(key, []).append(text)
        lines.append("")
        lines.append("调整明细(按首要原因):" if zh else "Changes by main reason:")
        for rule_id in [*CATALOG, "—"]:
            if rule_id in by_reason:
                title = (
                    CATALOG[rule_id].title(lang)
                    if rule_id in CATALOG
                    else ("腾出岗位" if zh else "makes room")
                )
                lines.append(f"  {rule_id} — {title}: {len(by_reason[rule_id])}")
                lines.extend(f"    {t}" for t in by_reason[rule_id])
        lines.append("")
        lines.append(
            ("未满足的软性规则" if zh else "Unmet soft rules") + f": {len(self.unmet_soft)}"
        )
        for inst in self.unmet_soft:
            lines.append(f"  {inst.rule_id} [{inst.subject}]: {inst.detail(lang)}")
        changes = [row for row in self.supervision_rows() if row["changed"]]
        lines.append("")
        lines.append(("分管调整" if zh else "Supervision changes") + f": {len(changes)}")
        for row in changes:
            lines.append(
                f"  {row['unit_id']} {roster.units[row['unit_id']].name}: "
                f"{roster.name_of(row['from_leader'])} → {roster.name_of(row['to_leader'])}"
            )
        lines.append("")
        lines.append(
            "结构指标(调整前 → 调整后):" if zh else "Structure indicators (before → after):"
        )
        before = indicators(self.ctx, Outcome.unchanged(roster))
        for old, new in zip(before, indicators(self.ctx, self.outcome), strict=True):
            lines.append(
                f"  {new.label(lang)}: {old.value_text} → {new.value_text} (target {new.target_text})"
            )
        return "\n".join(lines)


def parameters_dict(params: Parameters) -> dict:
    """Every rule's severity, weight and parameters, and the general ones: enough to rerun."""
    return {
        "rules": {
            rule_id: {"severity": s.severity.value, "weight": s.weight, **dict(s.params)}
            for rule_id, s in params.rules.items()
        },
        "general": dict(params.general),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("rotaplan", "ortools"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "unknown"
    return out


def make_plan(
    roster: Roster,
    as_of: date,
    params: Parameters | None = None,
    options: SolveOptions | None = None,
    pins: tuple = (),
    bans: tuple = (),
) -> Plan:
    ctx = Context(roster, as_of, params or Parameters.default(), tuple(pins), tuple(bans))
    return Plan(ctx, solve(ctx, options))


def alternatives(
    plan: Plan, count: int, min_diff: int, options: SolveOptions | None = None
) -> list[Plan]:
    """Up to ``count`` further plans, each differing from the plan and from every earlier
    alternative in at least ``min_diff`` cadres' posts; each is the best such plan, so they
    come ranked. Stops early when no further plan exists."""
    found = [plan]
    for _ in range(count):
        exclude = tuple(p.result.post_of for p in found)
        result = solve(plan.ctx, options, exclude=exclude, min_diff=min_diff)
        if not result.feasible:
            break
        found.append(Plan(plan.ctx, result))
    return found[1:]
