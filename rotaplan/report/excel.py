"""The packet's tables as one Excel workbook: a sheet per table, frozen Chinese (or English)
headers, sized columns, print titles. Text is always stored as text: a name such as
``=HYPERLINK(...)`` stays a string with a quote prefix, never a formula."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from rotaplan.io import text_cell
from rotaplan.models.roster import Roster
from rotaplan.report.data import gather
from rotaplan.report.labels import label

MAX_WIDTH = 50

Column = tuple[str, Callable[[dict], object]]  # header label key, value of a row


def _sheets(data: dict, lang: str) -> list[tuple[str, list[Column], list[dict], str]]:
    """(sheet title, columns, rows, frozen cell) of every sheet, in order."""
    L = lambda key, **kw: label(key, lang, **kw)  # noqa: E731
    zh = lang == "zh"
    redacted = data["redacted"]
    joined = "; "
    enum = "、" if zh else ", "

    def titles(rules: list[dict]) -> str:
        return joined.join(r["title"] for r in rules)

    def clauses(rules: list[dict]) -> str:
        return joined.join(f"{r['clause']}" for r in rules if r.get("clause"))

    def ids(rules: list[dict]) -> str:
        return ";".join(r["rule_id"] for r in rules)

    ident: list[Column] = [] if redacted else [("x_cadre_id", lambda r: r["cadre_id"])]
    moves: list[Column] = [
        ("no", lambda r: r["no"]),
        ("name", lambda r: r["name"]),
        ("gender", lambda r: r["gender"]),
        ("age", lambda r: r["age"]),
        ("education", lambda r: r["education"]),
        ("x_from_unit", lambda r: r["from_unit_name"] or L("not_placed")),
        ("x_from_post", lambda r: r["from_title"]),
        ("x_post_years", lambda r: r["post_years"]),
        ("x_unit_years", lambda r: r["unit_years"]),
        ("x_to_unit", lambda r: r["to_unit_name"]),
        ("x_to_post", lambda r: r["to_title"]),
        ("change", lambda r: r["change_text"]),
        ("x_reasons", lambda r: titles(r["reasons"])),
        ("x_clauses", lambda r: clauses(r["reasons"])),
        ("x_rule_ids", lambda r: ids(r["reasons"])),
        ("x_chain", lambda r: r["chain"]),
        ("decision", lambda r: ""),
        *ident,
    ]
    who: list[Column] = [
        ("name", lambda r: r["name"]),
        ("unit", lambda r: r["unit"]),
        ("post", lambda r: r["post"]),
        ("level", lambda r: r["level"]),
    ]
    meta, counts, check = data["meta"], data["counts"], data["verify"]
    summary_rows = [
        (L("as_of"), meta["as_of"]),
        (L("scenario"), meta["scenario"]),
        (L("status"), f"{meta['status_text']} ({meta['status']})"),
        (L("gap"), meta["gap"]),
        (L("objective"), f"{meta['objective']} / {meta['best_bound']}"),
        (
            L("verified"),
            L("verified_ok") if check["ok"] else L("verified_bad", n=len(check["violations"])),
        ),
        *((L(name), counts[key]) for key, name in _COUNT_LABELS.items() if key in counts),
        *(
            (f"{L('shortfalls' if u['structure'] else 'unmet')}: {u['title']}", u["detail"])
            for u in data["unmet"]
        ),
    ]
    chain_rows = [
        {"no": c["no"], "kind": c["kind"], "step": i, "text": text}
        for c in data["chains"]
        for i, text in enumerate(c["steps"], start=1)
    ]
    unit_rows = [
        {**p, "unit": u["name"], "key_text": L("key_mark") if p["key"] else ""}
        for u in data["units"]
        for p in u["posts"]
    ]
    return [
        (
            "概要" if zh else "summary",
            [("x_item", lambda r: r[0]), ("x_value", lambda r: r[1])],
            summary_rows,
            "A2",
        ),
        ("调整名单" if zh else "moves", moves, data["moves"], "C2"),
        (
            "政策条款" if zh else "clauses",
            [
                ("no", lambda r: r["no"]),
                ("rule", lambda r: r["title"]),
                ("x_clause", lambda r: r["clause"]),
                ("x_rule_ids", lambda r: r["rule_id"]),
                ("policy_text", lambda r: r["policy_text"] or r["meaning"]),
            ],
            data["notes"],
            "A2",
        ),
        (
            "免于交流" if zh else "exempt",
            [
                *who,
                ("gender", lambda r: r["gender"]),
                ("age", lambda r: r["age"]),
                ("waived", lambda r: titles(r["rules"])),
                ("x_rule_ids", lambda r: ids(r["rules"])),
                ("outcome", lambda r: r["outcome"]),
                ("decision", lambda r: ""),
            ],
            data["exempt"],
            "B2",
        ),
        (
            "应交流未调整" if zh else "due not moved",
            [
                *who,
                ("rule", lambda r: r["title"]),
                ("x_rule_ids", lambda r: r["rule_id"]),
                ("detail", lambda r: r["detail"]),
                ("why", lambda r: r["why"]),
            ],
            data["due_not_moved"],
            "B2",
        ),
        (
            "提拔人选" if zh else "eligible",
            [
                *who,
                ("gender", lambda r: r["gender"]),
                ("age", lambda r: r["age"]),
                ("education", lambda r: r["education"]),
                ("merit", lambda r: r["excellent"]),
                ("outcome", lambda r: r["outcome"]),
            ],
            data["eligible"],
            "B2",
        ),
        (
            "不符合提拔条件" if zh else "ineligible",
            [*who, ("why", lambda r: r["reasons"])],
            data["ineligible"],
            "B2",
        ),
        (
            "分管调整" if zh else "supervision",
            [
                ("leader", lambda r: r["leader"]),
                ("units_before", lambda r: enum.join(r["before"])),
                ("units_after", lambda r: enum.join(r["after"])),
                ("x_changed", lambda r: _x("x_yes", lang) if r["changed"] else ""),
                ("decision", lambda r: ""),
            ],
            data["supervision"],
            "B2",
        ),
        (
            "结构指标" if zh else "structure",
            [
                ("indicator", lambda r: r["label"]),
                ("target", lambda r: r["target_text"]),
                ("before", lambda r: r["before_text"]),
                ("after", lambda r: r["after_text"]),
                ("short", lambda r: r["short_after"]),
            ],
            data["structure"],
            "B2",
        ),
        (
            "岗位接替链" if zh else "chains",
            [
                ("chain", lambda r: r["no"]),
                ("kind_col", lambda r: r["kind"]),
                ("x_step", lambda r: r["step"]),
                ("steps", lambda r: r["text"]),
            ],
            chain_rows,
            "A2",
        ),
        (
            "各单位调整前后" if zh else "units",
            [
                ("unit", lambda r: r["unit"]),
                ("post", lambda r: r["title"]),
                ("level", lambda r: r["level"]),
                ("key_mark", lambda r: r["key_text"]),
                ("holder_before", lambda r: r["before"]),
                ("holder_after", lambda r: r["after"]),
                ("x_changed", lambda r: _x("x_yes", lang) if r["changed"] else ""),
            ],
            unit_rows,
            "C2",
        ),
    ]


_COUNT_LABELS = {
    "moves": "count_moves",
    "promotions": "count_promotions",
    "step_downs": "count_step_downs",
    "placements": "count_placements",
    "cross_rotations": "count_cross",
    "supervision_changes": "count_supervision",
}


def _width(value: object) -> float:
    text = "" if value is None else str(value)
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def build_workbook(data: dict, lang: str):
    """An openpyxl Workbook of the gathered ``data``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin", color="98A2B3")
    head_fill = PatternFill("solid", fgColor="EEF2F6")
    font = "等线" if lang == "zh" else "Calibri"
    for title, columns, rows, freeze in _sheets(data, lang):
        sheet = workbook.create_sheet(title)
        widths = []
        for index, (key, _) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index)
            text_cell(cell, label(key, lang) if not key.startswith("x_") else _x(key, lang))
            cell.font = Font(bold=True, name=font)
            cell.fill = head_fill
            cell.border = Border(bottom=thin, top=thin, left=thin, right=thin)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            widths.append(_width(cell.value) + 2)
        for row_index, row in enumerate(rows, start=2):
            for index, (_, value_of) in enumerate(columns, start=1):
                value = value_of(row)
                cell = sheet.cell(row=row_index, column=index)
                text_cell(cell, value)
                cell.font = Font(name=font)
                cell.alignment = Alignment(vertical="top", wrap_text=True)
                widths[index - 1] = max(widths[index - 1], _width(value) + 2)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width)
        sheet.freeze_panes = freeze
        sheet.print_title_rows = "1:1"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if rows:
            sheet.auto_filter.ref = sheet.dimensions
    return workbook


_X = {
    "x_from_unit": ("Current unit", "现任单位"),
    "x_from_post": ("Current post", "现任岗位"),
    "x_post_years": ("Years in post", "任现岗年限"),
    "x_unit_years": ("Years in unit", "在本单位年限"),
    "x_to_unit": ("Proposed unit", "拟任单位"),
    "x_to_post": ("Proposed post", "拟任岗位"),
    "x_reasons": ("Reasons", "调整理由"),
    "x_clauses": ("Policy clauses", "政策依据"),
    "x_chain": ("Move chain", "接替链"),
    "x_clause": ("Policy clause", "政策依据"),
    "x_rule_ids": ("Rule ids", "规则编号"),
    "x_item": ("Item", "项目"),
    "x_value": ("Value", "内容"),
    "x_changed": ("Changed", "有调整"),
    "x_step": ("Step", "顺序"),
    "x_yes": ("yes", "是"),
    "x_cadre_id": ("cadre_id", "干部编号"),
}


def _x(key: str, lang: str) -> str:
    en, zh = _X[key]
    return zh if lang == "zh" else en


def write_workbook(
    roster: Roster,
    plan_dir: str | Path,
    path: str | Path | None = None,
    lang: str = "zh",
    redact: bool = False,
) -> Path:
    """The packet's tables as ``path`` (default ``PLAN_DIR/plan.xlsx``), written at once."""
    target = Path(path) if path is not None else Path(plan_dir) / "plan.xlsx"
    workbook = build_workbook(gather(roster, plan_dir, lang, redact), lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        workbook.save(tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
