"""``rotaplan report``: exit codes and files."""

from __future__ import annotations

from click.testing import CliRunner

from rotaplan.example import example_roster
from rotaplan.report.cli import report_cmd


def test_writes_the_html_and_the_workbook(plan_dir, tmp_path):
    import shutil

    folder = tmp_path / "plan"
    shutil.copytree(plan_dir, folder)
    with example_roster() as roster:
        result = CliRunner().invoke(
            report_cmd,
            [str(folder), "--roster", str(roster), "--out", str(tmp_path / "p.html"), "--xlsx"],
        )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.html").is_file() and (folder / "plan.xlsx").is_file()
    assert result.output.strip() == f"Wrote {tmp_path / 'p.html'} and {folder / 'plan.xlsx'}"


def test_not_a_plan_folder_exits_2(tmp_path):
    (tmp_path / "plan.csv").write_text("cadre_id\n", encoding="utf-8")
    result = CliRunner().invoke(report_cmd, [str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2
    assert "missing supervision.csv, findings.csv, summary.json" in result.output


def test_a_plan_of_another_roster_exits_2_naming_the_rows(plan_dir, tmp_path, roster_dir):
    from tests.helpers import cadre, post, unit

    other = roster_dir(units=[unit("U1")], posts=[post("P1")], cadres=[cadre("Z1", post_id="P1")])
    result = CliRunner().invoke(report_cmd, [str(plan_dir), "--roster", str(other), "--lang", "en"])
    assert result.exit_code == 2
    assert "plan.csv, row 2, column cadre_id: unknown cadre 'C001'" in result.output
