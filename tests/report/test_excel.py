"""The workbook: a sheet per table, frozen Chinese headers, sized columns; text that looks
like a formula stays text."""

from __future__ import annotations

import zipfile
from dataclasses import replace

from openpyxl import load_workbook

from rotaplan.report import write_workbook

FORMULA = '=HYPERLINK("http://x","y")'
SHEETS_ZH = [
    "概要",
    "调整名单",
    "政策条款",
    "免于交流",
    "应交流未调整",
    "提拔人选",
    "不符合提拔条件",
    "分管调整",
    "结构指标",
    "岗位接替链",
    "各单位调整前后",
]


def test_opens_with_a_sheet_per_table_and_frozen_chinese_headers(roster, plan_dir, tmp_path):
    path = write_workbook(roster, plan_dir, tmp_path / "plan.xlsx", "zh")
    book = load_workbook(path)
    assert book.sheetnames == SHEETS_ZH
    moves = book["调整名单"]
    header = [c.value for c in moves[1]]
    assert header[:5] == ["序号", "姓名", "性别", "年龄", "学历"]
    assert {"调整理由", "政策依据", "规则编号", "党组意见"} <= set(header)
    for sheet in book:
        assert sheet.freeze_panes is not None, sheet.title
        assert sheet["A1"].font.b, sheet.title
    assert moves.column_dimensions["B"].width >= 6
    assert moves.max_row - 1 == sum(1 for _ in _moved(plan_dir))


def test_english_headers(roster, plan_dir, tmp_path):
    book = load_workbook(write_workbook(roster, plan_dir, tmp_path / "en.xlsx", "en"))
    assert book.sheetnames[:2] == ["summary", "moves"]
    assert [c.value for c in book["moves"][1]][:2] == ["No.", "Name"]


def test_a_formula_looking_name_stays_text(roster, plan_dir, tmp_path):
    moved = next(_moved(plan_dir))
    cadres = dict(roster.cadres)
    cadres[moved] = replace(cadres[moved], name=FORMULA)
    path = write_workbook(replace(roster, cadres=cadres), plan_dir, tmp_path / "f.xlsx", "zh")

    cells = [
        cell
        for sheet in load_workbook(path)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == FORMULA
    ]
    assert cells, "the name is in the workbook"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8"), name


def _moved(plan_dir):
    import csv

    with open(plan_dir / "plan.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["change"] != "stay":
                yield row["cadre_id"]
