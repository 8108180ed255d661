"""A roster of hostile names, and checks that no written file can run as a formula."""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.cli import main
from tests.robustness.roster import base_tables, write_csv_folder

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")
# cadre_id -> name: C1 and C4 swap units (C1 is due under KEY_POST_TENURE), C7 is placed, so
# the hostile names reach plan.csv, the packet's tables and the move chains
HOSTILE = {
    "C1": '=HYPERLINK("http://x","y")',
    "C2": "-1",
    "C3": "<script>alert(1)</script>",
    "C4": "@SUM(1)",
    "C5": "$\\frac{x",  # mathtext, should a chart label hold names
    "C6": "''=x",  # as typed in the CSV: a quoted quote
    "C7": "+1",
}
# the names as loaded: a quote before a formula character is the text marker spreadsheets
# (and rotaplan's own CSV files) put there, and is dropped
LOADED = {**HOSTILE, "C6": "'=x"}
LEADER_NAME = "=cmd|' /C calc'!A0"


# corrupted rosters run by test_fuzz.py, by format: printed at the end of the session
FUZZ_CASES = {"csv": 0, "xlsx": 0}


def pytest_terminal_summary(terminalreporter) -> None:
    total = FUZZ_CASES["csv"] + FUZZ_CASES["xlsx"]
    if total:
        exits = ", ".join(f"{k}: {v}" for k, v in sorted(FUZZ_CASES.items()) if "exit" in k)
        terminalreporter.write_line(
            f"fuzz: {total} corrupted rosters run through check and plan "
            f"({FUZZ_CASES['csv']} CSV folders, {FUZZ_CASES['xlsx']} workbooks; {exits})"
        )


def run(*args: object, input: str | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def hostile_tables():
    tables = base_tables()
    header, rows = tables["cadres"]
    for row in rows:
        row[header.index("name")] = HOSTILE[row[header.index("cadre_id")]]
    header, rows = tables["leaders"]
    rows[0][header.index("name")] = LEADER_NAME
    header, rows = tables["borrowings"]
    rows[0][header.index("person")] = "@borrowed"
    return tables


@pytest.fixture(scope="session")
def big_roster(tmp_path_factory) -> Path:
    """``rotaplan generate --cadres 3000 --seed 1``: seconds to build a model of."""
    from rotaplan.generate import generate_roster

    folder = tmp_path_factory.mktemp("big") / "roster"
    generate_roster(3000, 1, folder)
    return folder


@pytest.fixture
def hostile_roster(tmp_path: Path) -> Path:
    return write_csv_folder(tmp_path / "roster", hostile_tables())


def csv_cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def assert_csv_safe(path: Path) -> list[str]:
    """No cell of the CSV file would run as a formula; returns its cells."""
    cells = csv_cells(path)
    for cell in cells:
        if cell.startswith(FORMULA_START) and not NUMBER.fullmatch(cell):
            raise AssertionError(f"{path.name}: formula-like cell {cell!r}")
    return cells


def assert_xlsx_safe(path: Path) -> list[str]:
    """No cell of the workbook is a formula; returns the text of its cells."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(name).decode("utf-8"), (path.name, name)
    texts = []
    for sheet in load_workbook(path):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_START):
                        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    return texts


def assert_outputs_safe(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.suffix == ".csv":
            assert_csv_safe(path)
        elif path.suffix == ".xlsx":
            assert_xlsx_safe(path)


def digest(path: Path) -> str:
    """Hash of a file, or of every file's name and bytes under a folder."""
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for item in files:
        h.update(str(item.relative_to(path.parent)).encode())
        h.update(item.read_bytes())
    return h.hexdigest()
