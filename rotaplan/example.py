"""The bundled example commission, and writing a roster out as CSV or as a Chinese workbook."""

from __future__ import annotations

import csv
import shutil
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from rotaplan.io import atomic_dir, text_cell, unquote
from rotaplan.models.dates import parse_date
from rotaplan.models.load import TABLES

# Chinese value spellings used when writing a workbook for HR officers.
ZH_VALUES = {
    "kind": {"business": "业务", "comprehensive": "综合"},
    "level": {"chief": "正职", "deputy": "副职", "staff": "一般"},
    "gender": {"M": "男", "F": "女"},
    "education": {
        "doctorate": "博士研究生",
        "master": "硕士研究生",
        "bachelor": "大学本科",
        "college": "大专",
        "secondary": "中专及以下",
    },
    "result": {
        "excellent": "优秀",
        "competent": "称职",
        "basic": "基本称职",
        "incompetent": "不称职",
    },
    "key": {"true": "是", "false": "否"},
}
DATE_COLUMNS = {
    "supervisor_since",
    "birth_date",
    "post_since",
    "recommended_on",
    "start",
    "end",
}


@contextmanager
def example_roster():
    """Path of the bundled example roster folder."""
    with resources.as_file(resources.files("rotaplan") / "data" / "example") as path:
        yield Path(path)


def read_csv_rows(folder: Path, table: str) -> tuple[list[str], list[list[str]]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return [], []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return (rows[0], rows[1:]) if rows else ([], [])


def write_workbook(folder: Path, target: Path, chinese: bool = True) -> None:
    """One .xlsx with a sheet per table; Chinese sheet names, headers and values when asked,
    and real Excel date cells."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in TABLES.values():
        header, rows = read_csv_rows(folder, spec.name)
        if not header:
            continue
        sheet = workbook.create_sheet(spec.aliases[0] if chinese else spec.name)
        names = {c.name: c for c in spec.columns}
        head = [
            (names[h].aliases[0] if chinese and h in names and names[h].aliases else h)
            for h in header
        ]
        for row_index, values in enumerate([head, *rows], start=1):
            for index, (column, value) in enumerate(zip(header, values, strict=False), start=1):
                cell = sheet.cell(row=row_index, column=index)
                if row_index == 1:
                    text_cell(cell, value)
                elif value and column in DATE_COLUMNS:
                    cell.value = parse_date(value)
                elif chinese and column in ZH_VALUES:
                    text_cell(cell, ZH_VALUES[column].get(value, value))
                elif value and column in ("establishment", "max_units", "year"):
                    cell.value = int(value)
                else:
                    # text stays text (a name like =HYPERLINK(...) is never a formula), and
                    # reads back as written: the loader drops a CSV's formula-guard quote
                    text_cell(cell, unquote(value) or None)
        for index, column in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 14
            for cell in sheet[get_column_letter(index)][1:]:
                if column in DATE_COLUMNS and cell.value is not None:
                    cell.number_format = "yyyy-mm-dd"
        sheet.freeze_panes = "A2"
    workbook.save(target)


def export_example(target: str | Path, force: bool = False) -> Path:
    """Write the example as CSV files plus ``roster.xlsx`` (Chinese headers) into ``target``."""
    with example_roster() as source, atomic_dir(target, force) as tmp:
        for path in sorted(source.glob("*.csv")):
            shutil.copyfile(path, tmp / path.name)
        write_workbook(source, tmp / "roster.xlsx", chinese=True)
    return Path(target)
