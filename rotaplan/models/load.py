"""Read a roster (folder of CSV files or one .xlsx workbook) into located raw rows.

This layer knows file formats, sheet names and header aliases (English and Chinese);
turning cells into typed values, and every check, is :mod:`rotaplan.models.validate`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from rotaplan.errors import Problem, RosterError
from rotaplan.i18n import Text
from rotaplan.io import unquote

# Limits on untrusted input (README "Data safety"): a CSV file or a workbook on disk, what a
# workbook's zip members declare they unpack to, its number of members, the data rows of one
# table (Excel's own sheet limit) and the columns read of a sheet (later ones are ignored).
MAX_FILE_MB = 64
MAX_UNPACKED_MB = 256
MAX_ZIP_MEMBERS = 10_000
MAX_ROWS = 1_048_576
MAX_COLUMNS = 256
# C0 control characters other than tab, line feed and carriage return (which XML, and so a
# workbook, cannot hold either), and DEL: never part of a name or an id
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class TableSpec:
    name: str
    aliases: tuple[str, ...]
    columns: tuple[Column, ...]
    required: bool = True


def _c(name: str, *aliases: str, required: bool = True) -> Column:
    return Column(name, aliases, required)


TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "units",
            ("科室", "单位", "科室单位", "科室(单位)"),
            (
                _c("unit_id", "单位编号"),
                _c("name", "单位名称"),
                _c("kind", "类别"),
                _c("establishment", "编制数", required=False),
                _c("supervisor_id", "分管领导"),
                _c("supervisor_since", "分管起始"),
            ),
        ),
        TableSpec(
            "posts",
            ("岗位",),
            (
                _c("post_id", "岗位编号"),
                _c("unit_id", "单位编号"),
                _c("title", "岗位名称"),
                _c("level", "层级"),
                _c("key", "关键岗位"),
                _c("specialty", "专业要求", required=False),
            ),
        ),
        TableSpec(
            "cadres",
            ("干部",),
            (
                _c("cadre_id", "干部编号"),
                _c("name", "姓名"),
                _c("gender", "性别"),
                _c("birth_date", "出生日期"),
                _c("education", "学历"),
                _c("level", "职级"),
                _c("post_id", "现岗位"),
                _c("post_since", "任现岗时间"),
                _c("specialty", "专业", required=False),
                _c("recommended_on", "民主推荐日期", required=False),
                _c("flags", "负面情形", required=False),
            ),
        ),
        TableSpec(
            "leaders",
            ("委领导", "领导"),
            (
                _c("leader_id", "领导编号"),
                _c("name", "姓名"),
                _c("max_units", "分管上限", "分管单位上限", required=False),
            ),
        ),
        TableSpec(
            "appraisals",
            ("年度考核", "考核"),
            (
                _c("cadre_id", "干部编号"),
                _c("year", "年度", "年份"),
                _c("result", "考核结果", "结果", "等次"),
            ),
        ),
        TableSpec(
            "history",
            ("任职经历",),
            (
                _c("cadre_id", "干部编号"),
                _c("unit_id", "单位编号"),
                _c("post_id", "岗位编号", required=False),
                _c("level", "职级", "层级"),
                _c("start", "开始时间", "起始时间"),
                _c("end", "结束时间", "终止时间", required=False),
            ),
            required=False,
        ),
        TableSpec(
            "relations",
            ("亲属关系",),
            (
                _c("cadre_id", "干部编号"),
                _c("relative_id", "亲属编号"),
                _c("relation", "关系"),
            ),
            required=False,
        ),
        TableSpec(
            "borrowings",
            ("借用人员",),
            (
                _c("person", "借用人员", "姓名"),
                _c("from_org", "原单位", "借出单位"),
                _c("unit_id", "单位编号", "借用单位"),
                _c("start", "开始时间", "借用开始"),
                _c("end", "结束时间", "借用结束", required=False),
                _c("approved_by", "审批", "审批情况", required=False),
            ),
            required=False,
        ),
        TableSpec(
            "settings",
            ("设置", "参数"),
            (_c("key", "项目", "键"), _c("value", "值")),
            required=False,
        ),
    )
}


@dataclass
class RawTable:
    """One sheet or CSV file: rows of canonical column name -> raw cell, with Excel row numbers."""

    name: str
    where: str  # file name or "workbook.xlsx[sheet]", as the user knows it
    rows: list[tuple[int, dict[str, object]]]
    columns: set[str]


def _normalise_header(text: object) -> str:
    return str(text or "").strip().replace("\ufeff", "").lower()


def _column_map(spec: TableSpec, header: list[object]) -> dict[int, str]:
    lookup: dict[str, str] = {}
    for col in spec.columns:
        lookup[col.name.lower()] = col.name
        for alias in col.aliases:
            lookup[alias.lower()] = col.name
    mapping: dict[int, str] = {}
    for index, cell in enumerate(header):
        canonical = lookup.get(_normalise_header(cell))
        if canonical and canonical not in mapping.values():
            mapping[index] = canonical
    return mapping


def _clean(cell: object) -> object:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, datetime | date):
        return cell
    return str(cell).strip()


def _build_table(
    spec: TableSpec,
    where: str,
    records: Iterable[tuple[int, list[object]]],
    problems: list[Problem],
) -> RawTable | None:
    """The table from its header and rows; blank rows before the header are skipped."""
    records = iter(records)
    first = next((r for r in records if any(_clean(c) != "" for c in r[1])), None)
    if first is None:
        problems.append(
            Problem(where, 1, "", Text("missing_column", {"column": spec.columns[0].name}))
        )
        return None
    header_row, header = first
    mapping = _column_map(spec, header)
    present = set(mapping.values())
    missing = [c.name for c in spec.columns if c.required and c.name not in present]
    for name in missing:
        problems.append(Problem(where, header_row, name, Text("missing_column", {"column": name})))
    if missing:
        return None
    rows: list[tuple[int, dict[str, object]]] = []
    for row_number, cells in records:
        values = {name: _clean(cells[i]) if i < len(cells) else "" for i, name in mapping.items()}
        if all(v == "" for v in values.values()):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(
                Problem(where, row_number, "", Text("too_many_rows", {"limit": MAX_ROWS}))
            )
            return None
        for name, value in values.items():
            bad = _CONTROL.search(value) if isinstance(value, str) else None
            if bad:
                code = f"U+{ord(bad.group()):04X}"
                problems.append(
                    Problem(where, row_number, name, Text("control_char", {"code": code}))
                )
                values[name] = ""
        rows.append((row_number, values))
    return RawTable(spec.name, where, rows, present)


def _match_table(name: str) -> TableSpec | None:
    key = name.strip().lower()
    for spec in TABLES.values():
        if key == spec.name or key in (a.lower() for a in spec.aliases):
            return spec
    return None


def _too_large(path: Path, problems: list[Problem]) -> bool:
    if path.stat().st_size > MAX_FILE_MB * 1024 * 1024:
        problems.append(Problem(path.name, 0, "", Text("too_large", {"limit": MAX_FILE_MB})))
        return True
    return False


def _decode(path: Path, problems: list[Problem]) -> str | None:
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    row = data[: first_error.start].count(b"\n") + 1 if first_error else 0
    problems.append(Problem(path.name, row, "", Text("bad_encoding")))
    return None


def _csv_records(text: str, where: str, problems: list[Problem]) -> Iterator[tuple[int, list]]:
    """(row number, cells) of each record, numbered as a spreadsheet shows them (a quoted
    cell may span lines); a malformed file ends with a located problem."""
    row_number = 0
    try:
        for row_number, cells in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            # a quote before = + - @ is the formula guard rotaplan writes (rotaplan.io.
            # safe_cell), and the "this is text" marker of spreadsheets: not part of the value
            yield row_number, [unquote(cell.strip()) for cell in cells]
    except csv.Error as exc:
        problems.append(Problem(where, row_number + 1, "", Text("bad_csv", {"reason": str(exc)})))


def _read_csv_folder(folder: Path, problems: list[Problem]) -> dict[str, RawTable | None]:
    tables: dict[str, RawTable | None] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv" or not path.is_file():
            continue
        spec = _match_table(path.stem)
        if spec is None or spec.name in tables:
            continue
        tables[spec.name] = None
        if _too_large(path, problems):
            continue
        text = _decode(path, problems)
        if text is None:
            continue
        tables[spec.name] = _build_table(
            spec, path.name, _csv_records(text, path.name, problems), problems
        )
    return tables


def _check_zip(path: Path, problems: list[Problem]) -> bool:
    """A workbook is a zip archive: refuse one whose members would unpack beyond the limit
    (a "zip bomb") before openpyxl opens it. The members' declared sizes are what counts:
    Python's zipfile never unpacks a member past its declared size."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        problems.append(_not_xlsx(path, exc))
        return False
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        problems.append(
            Problem(
                path.name,
                0,
                "",
                Text("too_large_unpacked", {"limit": MAX_UNPACKED_MB, "members": MAX_ZIP_MEMBERS}),
            )
        )
        return False
    return True


def _not_xlsx(path: Path, exc: BaseException) -> Problem:
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return Problem(path.name, 0, "", Text("not_xlsx", {"reason": reason}))


def _sheet_records(sheet) -> Iterator[tuple[int, list]]:
    """(row number, cells) of the sheet's non-empty rows, at most MAX_COLUMNS cells each.

    The sheet's declared dimensions are ignored: a tiny file may claim a million rows and
    16,384 columns."""
    sheet.reset_dimensions()
    for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
        if any(cell is not None and cell != "" for cell in row):
            yield number, list(row)


def _read_xlsx(path: Path, problems: list[Problem]) -> dict[str, RawTable | None]:
    import openpyxl  # local import: only workbooks need it

    if _too_large(path, problems) or not _check_zip(path, problems):
        return {}
    tables: dict[str, RawTable | None] = {}
    # openpyxl parses lazily: any failure while reading (bad XML, a broken member, an
    # unexpected cell type) means the file is not a workbook rotaplan can read
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # third-party parsing of an untrusted file
        problems.append(_not_xlsx(path, exc))
        return {}
    try:
        for sheet in workbook.worksheets:
            spec = _match_table(sheet.title)
            if spec is None or spec.name in tables:
                continue
            tables[spec.name] = None
            where = f"{path.name}[{sheet.title}]"
            try:
                records = list(_sheet_records(sheet))
            except Exception as exc:  # as above
                problems.append(replace(_not_xlsx(path, exc), where=where))
                continue
            tables[spec.name] = _build_table(spec, where, records, problems)
    finally:
        workbook.close()
    return tables


def read_tables(path: str | Path) -> tuple[dict[str, RawTable], str]:
    """Raw tables of a roster and a label for messages. Raises RosterError on unreadable input."""
    path = Path(path)
    problems: list[Problem] = []
    if path.is_dir():
        tables = _read_csv_folder(path, problems)
        where = {name: f"{name}.csv" for name in TABLES}
    elif path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        tables = _read_xlsx(path, problems)
        where = {name: f"{path.name}[{name}]" for name in TABLES}
    else:
        raise RosterError(
            str(path), [Problem(str(path), 0, "", Text("no_roster", {"path": str(path)}))]
        )
    for spec in TABLES.values():
        if spec.required and spec.name not in tables:
            problems.append(
                Problem(where[spec.name], 0, "", Text("missing_table", {"table": spec.name}))
            )
    if problems:
        raise RosterError(str(path), problems)
    return {name: table for name, table in tables.items() if table is not None}, str(path)
