"""A small valid roster as editable tables, and writers that can damage it on the way out.

The base roster plans in a fraction of a second: two units of different kinds, seven posts,
seven cadres (one due to move: C1 holds a key post since 2009; one unplaced recruit, C7),
two leaders, appraisals, history, a relation, a borrowing and the plan date.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as ILLEGAL

from tests.helpers import (
    appraisal,
    borrowing,
    cadre,
    history,
    leader,
    post,
    relation,
    table_rows,
    unit,
)

Tables = dict[str, tuple[list[str], list[list[object]]]]


def base_tables() -> Tables:
    rows = table_rows(
        {
            "units": [unit("U1"), unit("U2", kind="comprehensive", supervisor_id="L2")],
            "posts": [
                post("P1", "U1", "chief", key=True),
                post("P2", "U1", "deputy"),
                post("P3", "U1"),
                post("P4", "U2", "chief"),
                post("P5", "U2", "deputy"),
                post("P6", "U2"),
                post("P7", "U2"),
            ],
            "cadres": [
                cadre("C1", "P1", "2009-01-01", name="张三", birth_date="1970-05-01"),
                cadre("C2", "P2", "2013-01-01", name="李四"),
                cadre("C3", "P3", "2014-01-01", name="王五", gender="F"),
                cadre("C4", "P4", "2012-01-01", name="赵六", birth_date="1972-03-01"),
                cadre("C5", "P5", "2014-06-01", name="钱七", flags="low_recognition"),
                cadre("C6", "P6", "2015-01-01", name="孙八", education="master"),
                cadre("C7", name="周九", level="staff"),
            ],
            "leaders": [leader("L1"), leader("L2")],
            "appraisals": [
                appraisal(c, year, "excellent" if c == "C2" else "competent")
                for c in ("C1", "C2", "C3", "C4", "C5", "C6")
                for year in (2013, 2014, 2015)
            ],
            "history": [history("C2", "U2", "staff", "2008-01-01", "2012-12-31")],
            "relations": [relation("C3", "C6", "spouse")],
            "borrowings": [borrowing("吴十", "2015-06-01", "2015-12-31")],
            "settings": [{"key": "as_of", "value": "2016-01-01"}],
        }
    )
    return {name: (list(header), [list(r) for r in body]) for name, (header, body) in rows.items()}


def csv_bytes(header: list[str], rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    text = buffer.getvalue()
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    return text.encode(encoding, errors="replace")


def write_csv_folder(folder: Path, tables: Tables, encodings: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in tables.items():
        encoding = (encodings or {}).get(name, "utf-8")
        (folder / f"{name}.csv").write_bytes(csv_bytes(header, rows, encoding))
    return folder


def _excel_text(value: object) -> object:
    """Control characters as Excel writes them (``_x0001_``): XML cannot hold them."""
    if isinstance(value, str):
        return ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def write_xlsx(path: Path, tables: Tables, titles: dict[str, str] | None = None, edit=None) -> Path:
    """One sheet per table; ``edit(workbook)`` may damage it before it is saved."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in tables.items():
        sheet = workbook.create_sheet((titles or {}).get(name, name))
        for row in [header, *rows]:
            sheet.append([_excel_text(v) for v in row])
    if edit is not None:
        edit(workbook)
    workbook.save(path)
    return path
