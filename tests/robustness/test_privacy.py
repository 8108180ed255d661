"""Personal data: --redact puts the report's pseudonyms in every output that shows names;
logs carry no flags or appraisal results unless --verbose; nothing touches the network."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rotaplan.models import load_roster
from rotaplan.report.data import pseudonym
from tests.robustness.conftest import run
from tests.robustness.roster import base_tables, write_csv_folder

ALIAS = re.compile(r"(?:Cadre|Leader|Borrowed)-[0-9A-F]{4,}")


@pytest.fixture
def roster(tmp_path) -> Path:
    return write_csv_folder(tmp_path / "roster", base_tables())


def real_names(folder: Path) -> list[str]:
    roster = load_roster(folder)
    return (
        [c.name for c in roster.cadres.values()]
        + [x.name for x in roster.leaders.values()]
        + [b.person for b in roster.borrowings]
    )


def texts(path: Path) -> str:
    """Everything readable under ``path``: CSV, JSON, HTML, and the cells of workbooks."""
    from openpyxl import load_workbook

    parts = []
    for item in [path] if path.is_file() else sorted(path.rglob("*")):
        if item.suffix == ".xlsx":
            parts += [
                str(cell.value)
                for sheet in load_workbook(item)
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            ]
        elif item.is_file():
            parts.append(item.read_text(encoding="utf-8"))
    return "\n".join(parts)


def assert_redacted(text: str, names: list[str]) -> None:
    assert [name for name in names if name in text] == []
    assert ALIAS.search(text), "pseudonyms expected"


def test_check_redacts_files_and_console(roster, tmp_path):
    result = run("check", roster, "--out", tmp_path / "audit", "--redact")

    assert result.exit_code == 0, result.output
    names = real_names(roster)
    assert_redacted(result.output, names)
    assert_redacted(texts(tmp_path / "audit"), names)
    assert pseudonym("吴十", "Borrowed") in texts(tmp_path / "audit")  # BORROWING_LIMIT subject


def test_plan_redacts_files_console_and_packet_with_the_same_pseudonyms(roster, tmp_path):
    out, html = tmp_path / "plan", tmp_path / "packet.html"
    result = run("plan", roster, "--out", out, "--report", html, "--redact", "--lang", "en")

    assert result.exit_code == 0, result.output
    names = real_names(roster)
    assert_redacted(result.output, names)
    assert_redacted(texts(out), names)
    assert_redacted(texts(html), names)
    alias = pseudonym("C1", "Cadre")  # C1 moves: it is in every output
    assert alias in result.stdout and alias in texts(out / "plan.csv")
    assert alias in texts(html) and alias in texts(out / "plan.xlsx")


def test_compare_why_and_simulate_redact(roster, tmp_path):
    names = real_names(roster)
    result = run("compare", roster, "default", "minimal-churn", "--out", tmp_path / "c", "--redact")
    assert result.exit_code == 0, result.output
    assert_redacted(result.output + texts(tmp_path / "c"), names)

    result = run("why", roster, "C1", "--redact")
    assert result.exit_code == 0, result.output
    assert_redacted(result.output, names)
    assert pseudonym("C1", "Cadre") in result.output

    result = run("simulate", roster, "--years", "2", "--out", tmp_path / "s", "--redact")
    assert result.exit_code == 0, result.output
    assert_redacted(result.output + texts(tmp_path / "s"), names)


def test_without_redact_the_names_are_there(roster):
    result = run("plan", roster)
    assert "张三" in result.stdout


# --- logs ----------------------------------------------------------------------------------
SECRETS = ["处分(警告)", "很差"]


def leaky_roster(tmp_path) -> Path:
    """C5 has a misspelt flag and C1 an appraisal result that is not a known grade: the
    messages about them would quote these personal data."""
    tables = base_tables()
    header, rows = tables["cadres"]
    rows[4][header.index("flags")] = SECRETS[0]
    header, rows = tables["appraisals"]
    rows[0][header.index("result")] = SECRETS[1]
    return write_csv_folder(tmp_path / "roster", tables)


def test_errors_hide_flags_and_appraisals_unless_verbose(tmp_path):
    folder = leaky_roster(tmp_path)

    result = run("check", folder)

    assert result.exit_code == 2
    assert "cadres.csv, row 6, column flags: '***' is not one of" in result.stderr
    assert "appraisals.csv, row 2, column result: '***' is not one of" in result.stderr
    assert "--verbose shows them" in result.stderr
    assert not any(secret in result.output for secret in SECRETS)

    result = run("check", folder, "--verbose")

    assert result.exit_code == 2
    assert all(secret in result.stderr for secret in SECRETS)


@pytest.mark.parametrize("command", ["plan", "compare", "why", "simulate", "apply", "verify"])
def test_every_roster_command_hides_them(command, tmp_path):
    folder = leaky_roster(tmp_path)
    args = {
        "plan": ["plan", folder],
        "compare": ["compare", folder, "default"],
        "why": ["why", folder, "C1"],
        "simulate": ["simulate", folder, "--out", tmp_path / "s"],
        "apply": ["apply", folder, tmp_path / "plan", "--out", tmp_path / "a"],
        "verify": ["verify", folder, tmp_path / "plan"],
    }[command]

    result = run(*args)

    assert result.exit_code == 2, result.output
    assert "'***' is not one of" in result.stderr
    assert not any(secret in result.output for secret in SECRETS)


def test_progress_lines_carry_no_personal_data(tmp_path):
    """A generated roster of 300 cadres (flags, appraisals of every grade) takes seconds:
    long enough for progress lines on stderr, none of which names a flag or a grade."""
    from rotaplan.generate import generate_roster
    from rotaplan.models.roster import FLAGS, AppraisalResult
    from rotaplan.models.validate import ALIASES

    generate_roster(300, 1, tmp_path / "roster")
    roster = load_roster(tmp_path / "roster")
    assert any(c.flags for c in roster.cadres.values())

    result = run("plan", tmp_path / "roster", "--time-limit", "4", "--out", tmp_path / "plan")

    assert result.exit_code in (0, 3), result.output
    words = [*FLAGS, *(r.value for r in AppraisalResult), *ALIASES["flags"], *ALIASES["result"]]
    lines = result.stderr.splitlines()
    assert lines, "expected progress lines"
    for line in lines:
        assert not any(word in line for word in words), line


# --- network ---------------------------------------------------------------------------------
NO_NETWORK = """
import socket

class _NoSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        raise OSError("network access attempted")

def _refuse(*args, **kwargs):
    raise OSError("network access attempted")

socket.socket = _NoSocket
socket.create_connection = _refuse
socket.socketpair = _refuse
socket.getaddrinfo = _refuse
"""


def test_plan_and_report_need_no_network(roster, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "MPLCONFIGDIR": str(tmp_path / "mpl")}

    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.socket()"], env=env, capture_output=True
    )
    assert probe.returncode != 0 and b"network access attempted" in probe.stderr

    out = tmp_path / "plan"
    for args in (
        ["plan", roster, "--out", out, "--report", tmp_path / "packet.html"],
        ["report", out, "--roster", roster, "--xlsx", "--out", tmp_path / "again.html"],
        ["check", roster],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "rotaplan", *map(str, args)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, (args, done.stderr)
        assert "network access attempted" not in done.stderr
    assert (tmp_path / "packet.html").stat().st_size > 10_000
