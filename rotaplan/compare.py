"""``rotaplan compare``: one roster, several scenarios, one table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rotaplan.io import atomic_dir, folder_name, text_cell, write_csv
from rotaplan.models.roster import Roster
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import Plan, make_plan
from rotaplan.rules.catalog import CATALOG
from rotaplan.rules.structure import indicators
from rotaplan.scenarios import Scenario


@dataclass
class Comparison:
    scenarios: list[Scenario]
    plans: list[Plan]

    @property
    def names(self) -> list[str]:
        seen: dict[str, int] = {}
        out = []
        for s in self.scenarios:
            seen[s.name] = seen.get(s.name, 0) + 1
            out.append(s.name if seen[s.name] == 1 else f"{s.name}-{seen[s.name]}")
        return out

    def metric_rows(self, lang: str = "en") -> list[dict]:
        """One row per metric, one column per scenario."""
        zh = lang == "zh"
        rows: list[dict] = []

        def row(metric: str, values: list) -> None:
            rows.append({"metric": metric, **dict(zip(self.names, values, strict=True))})

        feasible = [p for p in self.plans if p.feasible]
        row("status" if not zh else "状态", [p.result.status for p in self.plans])
        row(
            "seconds" if not zh else "用时(秒)",
            [round(p.result.wall_seconds, 2) for p in self.plans],
        )
        counts = [p.counts() if p.feasible else {} for p in self.plans]
        for key, label in (
            ("moves", "调整人数"),
            ("promotions", "晋升"),
            ("step_downs", "改任非领导职务"),
            ("placements", "新安排"),
            ("cross_rotations", "业务/综合交流"),
            ("supervision_changes", "分管调整"),
        ):
            row(label if zh else key, [c.get(key, "") for c in counts])
        unmet_ids = sorted(
            {i.rule_id for p in feasible for i in p.unmet_soft},
            key=list(CATALOG).index,
        )
        for rule_id in unmet_ids:
            row(
                f"{'未满足' if zh else 'unmet'} {rule_id}",
                [
                    sum(1 for i in p.unmet_soft if i.rule_id == rule_id) if p.feasible else ""
                    for p in self.plans
                ],
            )
        per_plan = [indicators(p.ctx, p.outcome) if p.feasible else None for p in self.plans]
        reference = next((x for x in per_plan if x), None) or []
        for index, ind in enumerate(reference):
            row(
                f"{ind.label(lang)} ({ind.target_text})",
                [x[index].value_text if x else "" for x in per_plan],
            )
        row(
            "soft-rule penalty" if not zh else "软性规则罚分",
            [p.result.soft_penalty if p.feasible else "" for p in self.plans],
        )
        row(
            "objective" if not zh else "目标值",
            [p.result.objective if p.feasible else "" for p in self.plans],
        )
        return rows

    def difference_rows(self) -> list[dict]:
        """Cadres whose outcome differs between scenarios."""
        roster = self.plans[0].ctx.roster
        rows = []
        for cadre_id, cadre in roster.cadres.items():
            outcomes = [
                (p.result.post_of.get(cadre_id) or "", p.change_of(cadre_id))
                if p.feasible
                else ("", "")
                for p in self.plans
            ]
            # a scenario without a plan has no outcome to differ from
            if len({o for o, p in zip(outcomes, self.plans, strict=True) if p.feasible}) <= 1:
                continue
            rows.append(
                {
                    "cadre_id": cadre_id,
                    "name": cadre.name,
                    "from_post": cadre.post_id or "",
                    **{
                        name: f"{post} ({change})" if post else ""
                        for name, (post, change) in zip(self.names, outcomes, strict=True)
                    },
                }
            )
        return rows

    def table(self, lang: str = "en") -> str:
        import pandas as pd

        frame = pd.DataFrame(self.metric_rows(lang)).set_index("metric")
        frame.index.name = None
        text = [frame.to_string()]
        diff = self.difference_rows()
        text.append("")
        text.append(
            f"结果不同的干部:{len(diff)}"
            if lang == "zh"
            else f"Cadres whose outcome differs: {len(diff)}"
        )
        if diff:
            frame = pd.DataFrame(diff).set_index("cadre_id")
            frame.index.name = None
            text.append(frame.to_string())
        return "\n".join(text)

    def write(self, out: str | Path, lang: str = "en", force: bool = False) -> None:
        """compare.csv, compare.xlsx, and each scenario's plan files in a subfolder."""
        from openpyxl import Workbook

        metrics, diff = self.metric_rows(lang), self.difference_rows()
        with atomic_dir(out, force) as tmp:
            write_csv(tmp / "compare.csv", ["metric", *self.names], metrics)
            workbook = Workbook()
            sheets = (
                ("summary", ["metric", *self.names], metrics),
                ("differences", ["cadre_id", "name", "from_post", *self.names], diff),
            )
            for index, (title, header, rows) in enumerate(sheets):
                sheet = workbook.active if index == 0 else workbook.create_sheet()
                sheet.title = title
                for row_index, values in enumerate(
                    [header, *([r.get(h, "") for h in header] for r in rows)], start=1
                ):
                    for column_index, value in enumerate(values, start=1):
                        # text stays text: a name like =HYPERLINK(...) is never a formula
                        text_cell(sheet.cell(row=row_index, column=column_index), value)
                for column in sheet.columns:
                    sheet.column_dimensions[column[0].column_letter].width = 18
                sheet.freeze_panes = "B2"
            workbook.save(tmp / "compare.xlsx")
            for name, scenario, plan in zip(self.names, self.scenarios, self.plans, strict=True):
                if plan.feasible:
                    folder = tmp / folder_name(name)  # a name from a file: no "../"
                    while folder.exists():
                        folder = folder.with_name(folder.name + "_")
                    folder.mkdir()
                    plan.write_files(folder, lang, scenario.summary_dict())


def compare(
    roster: Roster,
    scenarios: list[Scenario],
    as_of_for,
    options: SolveOptions | None = None,
) -> Comparison:
    """Solve the roster under each scenario. ``as_of_for(scenario) -> date``."""
    plans = []
    for scenario in scenarios:
        data = scenario.apply(roster)
        as_of: date = as_of_for(scenario)
        plans.append(make_plan(data, as_of, scenario.params, options, scenario.pins, scenario.bans))
    return Comparison(scenarios, plans)
