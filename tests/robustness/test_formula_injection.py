"""Names that a spreadsheet would run (``=HYPERLINK(...)``, ``@SUM(1)``, ``+1``, ``-1``) or a
browser would (``<script>``) never do so in any file rotaplan writes: CSV cells get a quote
prefix, workbook cells are text cells, HTML is escaped. And a roster that rotaplan writes
(``apply``, ``example``) reads back with the very same names."""

from __future__ import annotations

from rotaplan.example import write_workbook
from rotaplan.io import safe_cell, unquote
from rotaplan.models import load_roster
from rotaplan.models.save import write_roster as save_roster
from tests.robustness.conftest import (
    HOSTILE,
    LEADER_NAME,
    LOADED,
    assert_csv_safe,
    assert_outputs_safe,
    assert_xlsx_safe,
    run,
)


def test_safe_cell_and_unquote_are_inverse():
    for text in [*HOSTILE.values(), "'", "''", "'a", "a", "", "-", "'\t", "''@", "=", "\r1"]:
        assert unquote(safe_cell(text)) == text
        assert not str(safe_cell(text)).startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_loaded_names(hostile_roster):
    roster = load_roster(hostile_roster)
    assert {c: roster.cadres[c].name for c in roster.cadres} == LOADED
    assert roster.leaders["L1"].name == LEADER_NAME


def test_check_out(hostile_roster, tmp_path):
    result = run("check", hostile_roster, "--out", tmp_path / "audit")

    assert result.exit_code == 0, result.output
    cells = assert_csv_safe(tmp_path / "audit" / "cadres.csv")
    assert "'" + HOSTILE["C1"] in cells and "'-1" in cells and "'+1" in cells
    assert_csv_safe(tmp_path / "audit" / "findings.csv")


def test_plan_out_and_report(hostile_roster, tmp_path):
    out, html = tmp_path / "plan", tmp_path / "packet.html"
    result = run("plan", hostile_roster, "--out", out, "--report", html, "--lang", "zh")

    assert result.exit_code == 0, result.output
    cells = assert_csv_safe(out / "plan.csv")
    assert "'" + HOSTILE["C1"] in cells and "'@SUM(1)" in cells
    for name in ("findings.csv", "supervision.csv"):
        assert_csv_safe(out / name)
    texts = assert_xlsx_safe(out / "plan.xlsx")
    assert HOSTILE["C1"] in texts  # the name itself, stored as text
    page = html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_compare_out_and_report(hostile_roster, tmp_path):
    scenario = tmp_path / "evil.yaml"
    # C7 takes P6 instead, and C6 moves to P7: both are listed among the differences
    scenario.write_text(
        "name: '=SUM(1)'\ndescription: '@evil'\nbans:\n  - {cadre: C7, post: P7}\n",
        encoding="utf-8",
    )
    out, html = tmp_path / "cmp", tmp_path / "cmp.html"

    result = run("compare", hostile_roster, "default", scenario, "--out", out, "--report", html)

    assert result.exit_code == 0, result.output
    assert "'=SUM(1)" in assert_csv_safe(out / "compare.csv")
    texts = assert_xlsx_safe(out / "compare.xlsx")
    assert "=SUM(1)" in texts and HOSTILE["C7"] in texts and LOADED["C6"] in texts
    assert_outputs_safe(out)
    assert "<script>alert" not in html.read_text(encoding="utf-8")


def test_the_example_workbook_keeps_names_as_text_and_reads_back(hostile_roster, tmp_path):
    """``rotaplan example`` writes its workbook with this function (the bundled example has
    no such names, so the hostile roster goes through it directly)."""
    result = run("example", tmp_path / "example")
    assert result.exit_code == 0, result.output
    assert_outputs_safe(tmp_path / "example")

    path = tmp_path / "hostile.xlsx"
    write_workbook(hostile_roster, path, chinese=True)

    texts = assert_xlsx_safe(path)
    assert HOSTILE["C1"] in texts and LEADER_NAME in texts
    roster = load_roster(path)
    assert {c: roster.cadres[c].name for c in roster.cadres} == LOADED
    assert roster.leaders["L1"].name == LEADER_NAME


def test_apply_writes_a_safe_roster_that_reads_back_with_the_same_names(hostile_roster, tmp_path):
    plan, applied = tmp_path / "plan", tmp_path / "next"
    assert run("plan", hostile_roster, "--out", plan).exit_code == 0

    result = run("apply", hostile_roster, plan, "--out", applied)

    assert result.exit_code == 0, result.output
    assert_outputs_safe(applied)
    assert "'" + HOSTILE["C1"] in assert_csv_safe(applied / "cadres.csv")
    before, after = load_roster(hostile_roster), load_roster(applied)
    assert {c: x.name for c, x in after.cadres.items()} == LOADED
    assert after.leaders == before.leaders
    assert after.borrowings == before.borrowings
    # and once more: the reloaded roster, written again, gives the same files
    save_roster(after, tmp_path / "again")
    for path in applied.iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name


def test_simulate_out(hostile_roster, tmp_path):
    result = run("simulate", hostile_roster, "--years", "2", "--out", tmp_path / "sim")

    assert result.exit_code == 0, result.output
    assert_outputs_safe(tmp_path / "sim")
    final = load_roster(tmp_path / "sim" / "final-roster")
    assert {final.cadres[c].name for c in LOADED if c in final.cadres} <= set(LOADED.values())


def test_report_command_xlsx(hostile_roster, tmp_path):
    plan = tmp_path / "plan"
    assert run("plan", hostile_roster, "--out", plan).exit_code == 0

    result = run("report", plan, "--roster", hostile_roster, "--xlsx", "--lang", "en")

    assert result.exit_code == 0, result.output
    assert HOSTILE["C4"] in assert_xlsx_safe(plan / "plan.xlsx")
    assert "<script>alert" not in (plan / "report.html").read_text(encoding="utf-8")
