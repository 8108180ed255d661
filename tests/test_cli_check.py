"""``rotaplan check`` on the command line (SPEC §6): exit codes, clean errors, output files."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.cli import main
from tests.helpers import appraisal, cadre, post, unit, write_roster

EXAMPLE = Path(__file__).resolve().parents[1] / "rotaplan" / "data" / "example"


def good_roster(folder: Path) -> Path:
    # C1 holds a key post since 2011-01-01 → KEY_POST_TENURE on 2016-01-01; C2 is exempt
    return write_roster(
        folder,
        posts=[post("P1", key=True), post("P2", level="chief")],
        cadres=[
            cadre("C1", "P1", "2011-01-01", name="张三"),
            cadre("C2", "P2", "2010-01-01", name="李四", birth_date="1955-01-01"),
        ],
        appraisals=[appraisal("C1", 2015, "excellent")],
    )


def bad_roster(folder: Path) -> Path:
    return write_roster(
        folder,
        units=[unit("U1"), unit("U1")],  # units.csv row 3: duplicate id
        posts=[post("P1"), post("P2", "U9")],  # posts.csv row 3: unknown unit
        cadres=[cadre("C1", "P1", birth_date="1980-02-30")],  # cadres.csv row 2: bad date
    )


PROBLEMS = [
    "units.csv, row 3, column unit_id",
    "posts.csv, row 3, column unit_id",
    "cadres.csv, row 2, column birth_date",
]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_check_bad_roster_exits_2_listing_every_problem(tmp_path):
    out = tmp_path / "audit"

    result = run(
        "check", str(bad_roster(tmp_path / "roster")), "--as-of", "2016-01-01", "--out", str(out)
    )

    assert result.exit_code == 2
    for place in PROBLEMS:
        assert place in result.stderr
    assert "3 problem(s)" in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists()  # nothing written


def test_check_bad_roster_in_chinese(tmp_path):
    result = run("check", str(bad_roster(tmp_path / "roster")), "--lang", "zh")

    assert result.exit_code == 2
    assert "第 3 行" in result.stderr
    assert "编号“U1”重复" in result.stderr


def test_check_writes_findings_and_cadres(tmp_path):
    out = tmp_path / "audit"

    result = run(
        "check", str(good_roster(tmp_path / "roster")), "--as-of", "2016-01-01", "--out", str(out)
    )

    assert result.exit_code == 0, result.output
    findings = (out / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert findings[0] == "rule_id,subject,detail"
    with open(out / "findings.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # C1 is due under KEY_POST_TENURE; C2 (61, chief since 2010) is exempt
    assert ("KEY_POST_TENURE", "C1") in {(r["rule_id"], r["subject"]) for r in rows}
    exemption = next(r for r in rows if r["rule_id"] == "EXEMPTION")
    assert (exemption["subject"], exemption["detail"].endswith("LEADER_UNIT_TENURE")) == (
        "C2",
        True,
    )

    with open(out / "cadres.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        cadres = {row["cadre_id"]: row for row in reader}
        header = reader.fieldnames
    assert header[0] == "cadre_id"
    for column in (
        "age",
        "exempt",
        "unit_since",
        "leader_since",
        "post_years",
        "promotion_eligible",
        "ineligible_reasons",
    ):
        assert column in header
    assert set(cadres) == {"C1", "C2"}
    assert (cadres["C2"]["age"], cadres["C2"]["exempt"]) == ("61", "true")
    assert cadres["C1"]["unit_since"] == "2011-01-01"
    assert cadres["C1"]["leader_since"] == ""  # staff
    assert cadres["C1"]["post_years"] == "5"
    assert cadres["C1"]["promotion_eligible"] == "true"
    assert cadres["C2"]["ineligible_reasons"] == "top_level"


def test_check_summary_on_stdout(tmp_path):
    result = run("check", str(good_roster(tmp_path / "roster")), "--as-of", "2016-01-01")

    assert result.exit_code == 0
    assert result.stdout.startswith("Audit at 2016-01-01: 1 units, 2 posts, 2 cadres, 1 leaders")
    assert "KEY_POST_TENURE" in result.stdout


def test_check_in_chinese(tmp_path):
    out = tmp_path / "audit"

    result = run(
        "check",
        str(good_roster(tmp_path / "roster")),
        "--as-of",
        "2016-01-01",
        "--lang",
        "zh",
        "--out",
        str(out),
    )

    assert result.exit_code == 0
    assert "体检日期 2016-01-01" in result.stdout
    assert "关键岗位" in result.stdout
    details = (out / "findings.csv").read_text(encoding="utf-8")
    assert "张三在unit U1关键岗位" in details


def test_check_refuses_a_non_empty_out_folder(tmp_path):
    out = tmp_path / "audit"
    out.mkdir()
    (out / "keep.txt").write_text("mine")

    result = run(
        "check", str(good_roster(tmp_path / "roster")), "--as-of", "2016-01-01", "--out", str(out)
    )

    assert result.exit_code == 2
    assert "not empty" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_check_bad_as_of(tmp_path):
    result = run("check", str(good_roster(tmp_path / "roster")), "--as-of", "2016-02-30")

    assert result.exit_code == 2
    assert "--as-of" in result.stderr
    assert "Traceback" not in result.output


def test_check_missing_roster_path(tmp_path):
    result = run("check", str(tmp_path / "nowhere"), "--as-of", "2016-01-01")

    assert result.exit_code == 2
    assert "neither a folder of CSV files nor an .xlsx workbook" in result.stderr


def test_check_without_roster_uses_the_bundled_example(tmp_path):
    if not (EXAMPLE / "units.csv").exists():
        pytest.skip("the bundled example (rotaplan/data/example/units.csv) is not there yet")

    result = run("check", "--as-of", "2016-01-01")

    assert result.exit_code == 0, result.output
    assert "bundled example" in result.stderr


def _console_script() -> str:
    """The installed ``rotaplan`` entry point: beside this interpreter, else on PATH."""
    beside = Path(sys.executable).with_name("rotaplan")
    script = str(beside) if beside.exists() else shutil.which("rotaplan")
    assert script, "the rotaplan console script is not installed (pip install -e .)"
    return script


def test_console_script_bad_roster(tmp_path):
    out = tmp_path / "audit"

    proc = subprocess.run(
        [_console_script(), "check", str(bad_roster(tmp_path / "roster")), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert proc.returncode == 2
    for place in PROBLEMS:
        assert place in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert not out.exists()


def test_console_script_check_out(tmp_path):
    out = tmp_path / "audit"

    proc = subprocess.run(
        [
            _console_script(),
            "check",
            str(good_roster(tmp_path / "roster")),
            "--as-of",
            "2016-01-01",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert proc.returncode == 0, proc.stderr
    assert (out / "findings.csv").read_text(encoding="utf-8").startswith("rule_id,subject,detail\n")
    assert (out / "cadres.csv").read_text(encoding="utf-8").startswith("cadre_id,")
