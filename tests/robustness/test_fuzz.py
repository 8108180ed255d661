"""Hostile rosters: a valid roster corrupted in every way an HR office (or an attacker) could,
run through ``rotaplan check`` and ``rotaplan plan`` on the command line.

Whatever the damage, the tool either refuses the roster (exit 2, every problem located by
file or sheet, row and column, nothing written) or works with it (check: exit 0; plan: exit 0
with all four files, or exit 3 when no plan exists) — never a traceback, never exit 1.

Hypothesis runs derandomized (the same cases on every run, so CI time is stable); set
ROTAPLAN_FUZZ_EXAMPLES (per test) and ROTAPLAN_FUZZ_RANDOM=1 to explore more. The number of
cases run is printed at the end of the session (README, "Data safety").
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rotaplan.cli import main
from tests.robustness.conftest import FUZZ_CASES
from tests.robustness.roster import Tables, base_tables, write_csv_folder, write_xlsx

EXAMPLES = int(os.environ.get("ROTAPLAN_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=1,  # replaced per test below
    deadline=None,
    database=None,
    derandomize=not os.environ.get("ROTAPLAN_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# messages about a whole file or sheet: they have no row or column to name
FILE_LEVEL = (
    "required sheet/file",
    "not a readable .xlsx workbook",
    "larger than the",
    "would unpack",
    "neither UTF-8",
)
PROBLEM_LINE = re.compile(
    r"^  (?P<where>[^\n]+?\.(?:csv|xlsx\[[^\]\n]*\]|xlsx))"
    r"(?P<row>, row \d+)?(?P<column>, column \w+)?: (?P<message>.+)$"
)
REFERENCES = {
    ("units", "supervisor_id"),
    ("posts", "unit_id"),
    ("cadres", "post_id"),
    ("appraisals", "cadre_id"),
    ("history", "cadre_id"),
    ("history", "unit_id"),
    ("history", "post_id"),
    ("relations", "cadre_id"),
    ("relations", "relative_id"),
    ("borrowings", "unit_id"),
}
IDS = {"units": "unit_id", "posts": "post_id", "cadres": "cadre_id", "leaders": "leader_id"}
SWAPPED = [
    "",
    "2015-03-01",
    "3",
    "3.5",
    "-2",
    "true",
    "是",
    "abc",
    "chief",
    "优秀",
    "2015年3月",
    "=1+1",
    "@SUM(1)",
    "'-",
    "None",
    "#N/A",
]
DATES = [
    "2015-02-30",
    "2015-13-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "1800-01-01",
    "2100-02-29",
    "2016-02-29",
    "15-03-01",
    "2015/3/1",
    "2015.03",
    "2015-03-01 00:00:00",
    "2015-03-01T00:00:00",
    "20150301",
    "1e5",
]
NUMBERS = [
    "-1",
    "-999999",
    "0",
    "1.5",
    "5.0",
    "1e308",
    "-1e308",
    "9" * 30,
    "9" * 5000,
    "NaN",
    "inf",
    "٣",
    "1_000",
    "0x10",
    "+7",
    " 3 ",
]
CONTROLS = ["\x00", "\x1b[2J", "\x07", "\x08", "\u202e", "\ufeff", "\r", "\t", "\x7f", "\n", "\x0b"]
TYPED = [
    datetime(2015, 3, 1),
    date(1900, 1, 1),
    time(12, 30),
    True,
    False,
    3.5,
    -1,
    1e308,
    float("nan"),
    10**20,
    0,
]


# --- mutations --------------------------------------------------------------------------
def _cell(data, tables: Tables) -> tuple[str, int, int] | None:
    names = [n for n, (_, rows) in tables.items() if rows]
    if not names:
        return None
    name = data.draw(st.sampled_from(names))
    header, rows = tables[name]
    if not header:
        return None
    for row in rows:  # an earlier damage may have cut rows short
        row.extend([""] * (len(header) - len(row)))
    return (
        name,
        data.draw(st.integers(0, len(rows) - 1)),
        data.draw(st.integers(0, len(header) - 1)),
    )


def mutate(data, tables: Tables, typed: bool) -> list[str]:
    """Apply 1-3 random damages to ``tables`` in place; returns what was done (for failures)."""
    done = []
    for _ in range(data.draw(st.integers(1, 3))):
        kind = data.draw(
            st.sampled_from(
                [
                    "empty",
                    "swap",
                    "duplicate_row",
                    "duplicate_id",
                    "break_reference",
                    "bad_date",
                    "number",
                    "control",
                    "huge_text",
                    "drop_table",
                    "extra_table",
                    "drop_column",
                    "duplicate_column",
                    "rename_header",
                    "drop_row_cells",
                    "extra_cells",
                    "extra_recruit",
                ]
                + (["typed"] if typed else [])
            )
        )
        where = _cell(data, tables)
        if where is None and kind not in ("drop_table", "extra_table"):
            continue
        if where is not None:
            name, row, col = where
            header, rows = tables[name]
        if kind == "empty":
            rows[row][col] = ""
        elif kind == "swap":
            rows[row][col] = data.draw(st.sampled_from(SWAPPED))
        elif kind == "duplicate_row":
            rows.append(list(rows[row]))
        elif kind == "duplicate_id":
            if name in IDS and IDS[name] in header and len(rows) > 1:
                index = header.index(IDS[name])
                rows[row][index] = rows[(row + 1) % len(rows)][index]
        elif kind == "break_reference":
            columns = [c for t, c in REFERENCES if t == name and c in header]
            if columns:
                column = data.draw(st.sampled_from(columns))
                rows[row][header.index(column)] = data.draw(st.sampled_from(["NOPE", "c1", " "]))
        elif kind == "bad_date":
            rows[row][col] = data.draw(st.sampled_from(DATES))
        elif kind == "number":
            rows[row][col] = data.draw(st.sampled_from(NUMBERS))
        elif kind == "control":
            text = str(rows[row][col])
            at = data.draw(st.integers(0, len(text)))
            rows[row][col] = text[:at] + data.draw(st.sampled_from(CONTROLS)) + text[at:]
        elif kind == "huge_text":
            rows[row][col] = "長" * data.draw(st.sampled_from([300, 140_000]))
        elif kind == "drop_table":
            name = data.draw(st.sampled_from(sorted(tables)))
            del tables[name]
        elif kind == "extra_table":
            # unrelated sheets, and second sheets that match a table's name or alias
            extra = data.draw(st.sampled_from(["notes", "Sheet1", "干部", "units ", "CADRES"]))
            tables[extra] = (["a", "b"], [["1", "2"]])
        elif kind == "drop_column":
            for r in [header, *rows]:
                del r[col]
        elif kind == "duplicate_column":
            for r in [header, *rows]:
                r.append(r[col])
        elif kind == "rename_header":
            header[col] = data.draw(st.sampled_from(["", "x", header[col].upper(), "姓名", " "]))
        elif kind == "drop_row_cells":
            rows[row] = rows[row][: data.draw(st.integers(0, len(header)))]
        elif kind == "extra_cells":
            rows[row] = rows[row] + ["extra", "=2+2"]
        elif kind == "extra_recruit":  # one recruit too many: no post left for it
            header, rows = tables.get("cadres", ([], []))
            if rows and "cadre_id" in header:
                recruit = list(rows[-1])
                recruit[header.index("cadre_id")] = f"C{len(rows) + 1}"
                rows.append(recruit)
        elif kind == "typed":
            rows[row][col] = data.draw(st.sampled_from(TYPED))
        done.append(f"{kind} {where}")
    return done


# --- running -----------------------------------------------------------------------------
def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_clean(result, allowed: set[int], out: Path, files: tuple[str, ...], context) -> None:
    note = f"{context}\n--- output ---\n{result.output[-3000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        repr(result.exception),
        note,
    )
    assert "Traceback" not in result.output, note
    assert "Internal error" not in result.output, note
    assert result.exit_code in allowed, note
    if result.exit_code == 2:
        assert not out.exists(), note
        lines = result.stderr.splitlines()
        assert lines and "problem(s) in roster" in lines[0], note
        for line in lines[1:]:
            if not line.startswith("  ") or "--verbose" in line:
                continue
            match = PROBLEM_LINE.match(line)
            assert match, (line, note)
            if not any(phrase in match["message"] for phrase in FILE_LEVEL):
                assert match["row"] or match["column"], (line, note)
    elif result.exit_code == 3:
        assert not out.exists(), note
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(files), note
        if "summary.json" in files:
            summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
            assert summary["status"] in ("OPTIMAL", "FEASIBLE"), note


def check_and_plan(roster: Path, work: Path, context) -> None:
    result = run("check", roster, "--out", work / "audit")
    assert_clean(result, {0, 2}, work / "audit", ("cadres.csv", "findings.csv"), context)
    result = run("plan", roster, "--time-limit", "5", "--out", work / "plan")
    files = ("findings.csv", "plan.csv", "summary.json", "supervision.csv")
    assert_clean(result, {0, 2, 3}, work / "plan", files, context)
    key = f"plan exit {result.exit_code}"
    FUZZ_CASES[key] = FUZZ_CASES.get(key, 0) + 1


# --- the two fuzz tests ----------------------------------------------------------------------
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16", "latin-1", "cp1252"]


@settings(FUZZ, max_examples=EXAMPLES or 260)
@given(st.data())
def test_a_corrupted_csv_roster_is_refused_with_located_problems_or_planned(data):
    tables = base_tables()
    done = mutate(data, tables, typed=False)
    encodings = {}
    if data.draw(st.booleans()):  # mixed encodings: one file differently encoded
        name = data.draw(st.sampled_from(sorted(tables) or ["units"]))
        encodings[name] = data.draw(st.sampled_from(ENCODINGS))
        done.append(f"encoding {name} {encodings[name]}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = write_csv_folder(work / "roster", tables, encodings)
        if tables and data.draw(st.booleans()):
            name = data.draw(st.sampled_from(sorted(tables)))
            path = folder / f"{name}.csv"
            raw = path.read_bytes()
            damage = data.draw(st.sampled_from(["truncate", "garbage", "unclosed_quote"]))
            if damage == "truncate":
                raw = raw[: data.draw(st.integers(0, len(raw)))]
            elif damage == "garbage":
                at = data.draw(st.integers(0, len(raw)))
                raw = (
                    raw[:at]
                    + data.draw(st.sampled_from([b"\xff\xfe\x80", b"\x00", b"\xc3"]))
                    + raw[at:]
                )
            else:
                raw = raw + b'X,"never closed\n'
            path.write_bytes(raw)
            done.append(f"{damage} {name}.csv")
        FUZZ_CASES["csv"] += 1
        check_and_plan(folder, work, done)


def _damage_workbook(data, titles: dict[str, str]):
    """An edit of the openpyxl workbook: merged cells, formulas, odd sheets."""
    actions = data.draw(
        st.lists(
            st.sampled_from(
                ["merge", "formula", "error_formula", "extra_sheet", "hidden", "far_cell", "none"]
            ),
            max_size=3,
        )
    )
    rows = data.draw(st.integers(1, 4))
    cols = data.draw(st.integers(1, 5))

    def edit(workbook) -> None:
        if not workbook.worksheets:
            return
        for action in sorted(actions, key=lambda a: a == "merge"):  # no formula in a merge
            sheet = workbook.worksheets[rows % len(workbook.worksheets)]
            if action == "merge":
                sheet.merge_cells(
                    start_row=rows, start_column=cols, end_row=rows + 1, end_column=cols + 1
                )
            elif action == "formula":
                sheet.cell(row=rows + 1, column=cols).value = "=A1&B2"
            elif action == "error_formula":
                sheet.cell(row=rows + 1, column=cols).value = "=1/0"
            elif action == "extra_sheet":
                workbook.create_sheet("Sheet 2").append(['=HYPERLINK("http://x","y")', 1])
            elif action == "hidden":
                sheet.sheet_state = "hidden"
            elif action == "far_cell":
                sheet.cell(row=5_000, column=300).value = "far"

    return edit, actions


@settings(FUZZ, max_examples=EXAMPLES or 130)
@given(st.data())
def test_a_corrupted_xlsx_roster_is_refused_with_located_problems_or_planned(data):
    tables = base_tables()
    done = mutate(data, tables, typed=True)
    titles = {}
    if tables and data.draw(st.booleans()):  # Chinese sheet names, as HR offices write them
        titles = {"units": "科室", "posts": "岗位", "cadres": "干部", "leaders": "委领导"}
    edit, actions = _damage_workbook(data, titles)
    done.append(f"workbook {actions}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        path = write_xlsx(work / "roster.xlsx", tables, titles, edit)
        if data.draw(st.integers(0, 9)) == 0:
            raw = path.read_bytes()
            path.write_bytes(raw[: len(raw) * data.draw(st.integers(0, 99)) // 100])
            done.append("truncated")
        FUZZ_CASES["xlsx"] += 1
        check_and_plan(path, work, done)


# --- files that are not what they claim, and files beyond the limits ---------------------------
def test_an_xlsx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("unit_id,name\nU1,x\n", encoding="utf-8")

    result = run("check", path, "--out", tmp_path / "out")

    assert result.exit_code == 2
    assert "roster.xlsx: not a readable .xlsx workbook" in result.stderr
    assert not (tmp_path / "out").exists()


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A tiny .xlsx whose first sheet's XML unpacks to ``megabytes`` MB of blanks."""
    good = write_xlsx(path.with_name("good.xlsx"), base_tables())
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item.filename))
        with out.open("xl/worksheets/sheet99.xml", "w") as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return path


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(tmp_path, monkeypatch):
    from rotaplan.models import load

    path = zip_bomb(tmp_path / "bomb.xlsx", load.MAX_UNPACKED_MB + 1)
    assert path.stat().st_size < 2 * 1024 * 1024  # tiny on disk

    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl opened the bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    result = run("check", path)

    assert result.exit_code == 2, result.output
    assert f"would unpack to more than {load.MAX_UNPACKED_MB} MB" in result.stderr


def test_a_100_mb_csv_is_refused_without_reading_it(tmp_path, monkeypatch):
    from rotaplan.models import load

    folder = write_csv_folder(tmp_path / "roster", base_tables())
    big = folder / "cadres.csv"
    os.truncate(big, 100 * 1024 * 1024)  # sparse: no disk space, and not read
    assert big.stat().st_size > load.MAX_FILE_MB * 1024 * 1024

    read = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    result = run("check", folder)

    assert result.exit_code == 2
    assert f"cadres.csv: the file is larger than the {load.MAX_FILE_MB} MB limit" in result.stderr
    assert "cadres.csv" not in read


def test_a_workbook_claiming_a_huge_sheet_is_read_within_the_columns_limit(tmp_path):
    """A sheet whose dimension says A1:XFD1048576 (and a stray cell far away) must not make
    the loader build a million rows of 16,384 cells."""
    from rotaplan.models import load

    def edit(workbook) -> None:
        sheet = workbook["cadres"]
        sheet.cell(row=300_000, column=16_000).value = "far"

    path = write_xlsx(tmp_path / "far.xlsx", base_tables(), edit=edit)
    result = run("check", path)

    assert result.exit_code == 0, result.output
    assert load.MAX_COLUMNS < 16_000


def test_a_csv_field_beyond_the_csv_module_limit_is_a_located_problem(tmp_path):
    tables = base_tables()
    tables["cadres"][1][0][1] = "x" * 200_000  # name of C1, cadres.csv row 2
    folder = write_csv_folder(tmp_path / "roster", tables)

    result = run("check", folder)

    assert result.exit_code == 2
    assert "cadres.csv, row 2: not a readable CSV file: field larger than field limit" in (
        result.stderr
    )
