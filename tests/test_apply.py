"""``apply``: a verified plan becomes the roster of the next cycle; ``write_roster`` round-trips.

The roster of the command-line tests (conventions of tests/helpers.py, plan date 2016-01-01):
  U1 (business): chief A since 2014 in P1C; K in the key staff post P1K since 2010, so
      KEY_POST_TENURE asks K to leave U1;
  U2 (comprehensive): chief B since 2014 in P2C; deputy post P2D free; S in staff post P2S
      since 2012 (4 years at staff level, recommended 2015-07-01: eligible for promotion).
The scenario pins S to P2D (a promotion), so K's only way out of U1 is P2S, freed by S.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.apply import apply_outcome
from rotaplan.cli import main
from rotaplan.commands import apply_cmd, simulate_cmd
from rotaplan.example import example_roster
from rotaplan.models import Level, load_roster
from rotaplan.models.roster import HistoryEntry
from rotaplan.models.save import write_roster as save_roster
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan
from rotaplan.rules.context import Outcome
from tests.helpers import (
    AS_OF,
    appraisal,
    borrowing,
    cadre,
    history,
    leader,
    load,
    post,
    relation,
    unit,
    write_roster,
)

main.add_command(apply_cmd)
main.add_command(simulate_cmd)

PIN_S = "pins:\n  - {cadre: S, post: P2D}\n"


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def digest(folder: Path) -> str:
    """Hash of every file's name and bytes under ``folder``."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(rows: list[dict], key: str = "cadre_id") -> dict[str, dict]:
    return {row[key]: row for row in rows}


@pytest.fixture
def planned(tmp_path) -> tuple[Path, Path, Path]:
    """(roster folder, scenario file, plan folder) of the module docstring's roster."""
    roster = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2", kind="comprehensive", supervisor_id="L2")],
        leaders=[leader("L1"), leader("L2")],
        posts=[
            post("P1C", level="chief"),
            post("P1K", key=True),
            post("P2C", "U2", level="chief"),
            post("P2D", "U2", level="deputy"),
            post("P2S", "U2"),
        ],
        cadres=[
            cadre("A", "P1C", "2014-01-01"),
            cadre("K", "P1K", "2010-01-01"),
            cadre("B", "P2C", "2014-01-01"),
            cadre("S", "P2S", "2012-01-01", birth_date="1986-05-01"),
        ],
        settings=[{"key": "as_of", "value": "2016-01-01"}],
    )
    scenario = tmp_path / "pin.yaml"
    scenario.write_text(PIN_S, encoding="utf-8")
    plan_dir = tmp_path / "plan"
    options = ("--scenario", scenario, "--time-limit", 10, "--workers", 8)
    result = run("plan", roster, "--out", plan_dir, *options)
    assert result.exit_code == 0, result.output
    return roster, scenario, plan_dir


def test_apply_then_check_resets_the_clocks_of_the_moves(planned, tmp_path):
    roster, scenario, plan_dir = planned
    before = digest(roster)
    audit_before = tmp_path / "audit-before"
    assert run("check", roster, "--out", audit_before).exit_code == 0
    due = {r["subject"] for r in read_rows(audit_before / "findings.csv")}
    assert "K" in due  # KEY_POST_TENURE: P1K held 6 years
    plan = by_id(read_rows(plan_dir / "plan.csv"))
    assert (plan["K"]["to_post"], plan["S"]["change"]) == ("P2S", "promote")
    new = tmp_path / "next"

    result = run("apply", roster, plan_dir, "--scenario", scenario, "--out", new)

    assert result.exit_code == 0, result.output
    assert "2 cadres changed post (1 promoted)" in result.output
    assert digest(roster) == before  # the input is never touched
    audit = tmp_path / "audit"
    assert run("check", new, "--out", audit).exit_code == 0  # at the new settings as_of
    findings = read_rows(audit / "findings.csv")
    assert not [r for r in findings if r["rule_id"] == "KEY_POST_TENURE"]
    facts = by_id(read_rows(audit / "cadres.csv"))
    # K left U1 for P2S: its clocks start again on the plan date
    assert (facts["K"]["unit_id"], facts["K"]["unit_since"]) == ("U2", "2016-01-01")
    assert facts["K"]["post_years"] == "0"
    # S was promoted: a deputy since the plan date, on probation, its old post in history
    assert (facts["S"]["level"], facts["S"]["leader_since"]) == ("deputy", "2016-01-01")
    assert facts["S"]["on_probation"] == "true"
    assert facts["A"]["unit_since"] == "2014-01-01"  # stayed: unchanged
    assert read_rows(new / "history.csv") == [
        {
            "cadre_id": "K",
            "unit_id": "U1",
            "post_id": "P1K",
            "level": "staff",
            "start": "2010-01-01",
            "end": "2016-01-01",
        },
        {
            "cadre_id": "S",
            "unit_id": "U2",
            "post_id": "P2S",
            "level": "staff",
            "start": "2012-01-01",
            "end": "2016-01-01",
        },
    ]
    assert by_id(read_rows(new / "settings.csv"), "key")["as_of"]["value"] == "2016-01-01"


def test_tampered_plan_is_refused_and_nothing_written(planned, tmp_path):
    roster, scenario, plan_dir = planned
    tampered = tmp_path / "tampered"
    shutil.copytree(plan_dir, tampered)
    rows = read_rows(tampered / "plan.csv")
    for row in rows:
        if row["cadre_id"] == "K":
            row["to_post"], row["to_unit"], row["change"] = "P1K", "U1", "stay"  # K stays put
    with open(tampered / "plan.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    new = tmp_path / "next"

    result = run("apply", roster, tampered, "--scenario", scenario, "--out", new)

    assert result.exit_code == 1
    assert "Refused" in result.stderr
    assert "KEY_POST_TENURE [K]" in result.stderr
    assert not new.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".next")]  # no temp left


def test_a_plan_already_applied_is_refused(planned, tmp_path):
    roster, scenario, plan_dir = planned
    first = tmp_path / "next"
    assert run("apply", roster, plan_dir, "--scenario", scenario, "--out", first).exit_code == 0

    result = run("apply", first, plan_dir, "--out", tmp_path / "again")

    assert result.exit_code == 1
    assert "made for another roster" in result.stderr
    assert "K is in P2S in the roster, not P1K" in result.stderr
    assert not (tmp_path / "again").exists()


def test_apply_never_writes_over_its_input(planned):
    roster, scenario, plan_dir = planned
    before = digest(roster)

    result = run("apply", roster, plan_dir, "--out", roster, "--force")

    assert result.exit_code == 2
    assert "overlaps ROSTER" in result.stderr
    assert digest(roster) == before


def test_apply_needs_out(planned):
    roster, _, plan_dir = planned
    assert run("apply", roster, plan_dir).exit_code == 2


# --- apply_outcome -------------------------------------------------------------------------
def small_roster(tmp_path: Path):
    """U1: chief A, deputy D (since 2013), staff S (since 2011); U2: chief post free, staff T;
    U3: chief B, staff post free; N unplaced. Every sheet has a row, for the round trip."""
    return load(
        tmp_path / "small",
        units=[unit("U1"), unit("U2", kind="comprehensive"), unit("U3", establishment="3")],
        leaders=[leader("L1"), leader("L2", max_units="4")],
        posts=[
            post("P1C", level="chief"),
            post("P1D", level="deputy", specialty="finance;law"),
            post("P1S", key=True),
            post("P2C", "U2", level="chief"),
            post("P2S", "U2"),
            post("P3C", "U3", level="chief"),
            post("P3S", "U3"),
        ],
        cadres=[
            cadre("A", "P1C", "2012-01-01", name="甲", gender="F"),
            cadre("D", "P1D", "2013-01-01", specialty="law;finance"),
            cadre("S", "P1S", "2011-01-01", flags="low_recognition;discipline"),
            cadre("T", "P2S", "2014-01-01", education="master", recommended_on=""),
            cadre("B", "P3C", "2010-01-01", birth_date="1960-02-29"),
            cadre("N", name='Quote " and, comma'),
        ],
        appraisals=[appraisal("A", 2015, "excellent"), appraisal("B", 2015, "incompetent")],
        history=[history("A", "U2", "deputy", "2008-01-01", "2012-01-01", post_id="P2C")],
        relations=[relation("A", "L2", "child")],
        borrowings=[borrowing("某人", "2015-03-01", "2015-04-30", "filed;principal")],
        settings=[{"key": "as_of", "value": "2016-01-01"}, {"key": "note", "value": "x"}],
    )


def test_apply_outcome_moves_promotes_steps_down_places_and_hands_over(tmp_path):
    roster = small_roster(tmp_path)
    outcome = Outcome(
        {"A": "P1C", "D": "P2C", "S": "P1D", "T": "P1S", "B": "P3S", "N": "P2S"},
        {"U1": "L2", "U2": "L1", "U3": "L1"},
    )

    new = apply_outcome(roster, outcome, AS_OF)

    assert same(roster, small_roster(tmp_path / "again"))  # the input is unchanged
    c = new.cadres
    assert c["A"] == roster.cadres["A"]  # stays: untouched
    assert (c["D"].post_id, c["D"].level, c["D"].post_since) == ("P2C", Level.CHIEF, AS_OF)
    assert (c["S"].post_id, c["S"].level) == ("P1D", Level.DEPUTY)  # promoted
    assert (c["B"].post_id, c["B"].level) == ("P3S", Level.STAFF)  # stepped down
    assert (c["T"].post_id, c["T"].level) == ("P1S", Level.STAFF)
    assert (c["N"].post_id, c["N"].post_since) == ("P2S", AS_OF)  # placed
    added = set(new.history) - set(roster.history)
    assert added == {
        HistoryEntry("D", "U1", "P1D", Level.DEPUTY, date(2013, 1, 1), AS_OF),
        HistoryEntry("S", "U1", "P1S", Level.STAFF, date(2011, 1, 1), AS_OF),
        HistoryEntry("T", "U2", "P2S", Level.STAFF, date(2014, 1, 1), AS_OF),
        HistoryEntry("B", "U3", "P3C", Level.CHIEF, date(2010, 1, 1), AS_OF),
    }  # N, placed for the first time, has no earlier assignment
    u = new.units
    assert (u["U1"].supervisor_id, u["U1"].supervisor_since) == ("L2", AS_OF)
    assert u["U2"] == roster.units["U2"] and u["U3"] == roster.units["U3"]  # L1 already


@pytest.mark.parametrize(
    "post_of",
    [
        {"A": "P1C", "D": "P1C"},  # two cadres given one post
        {"N": "P1C"},  # a post whose holder the outcome leaves where it is
    ],
)
def test_apply_outcome_refuses_two_cadres_in_one_post(tmp_path, post_of):
    roster = small_roster(tmp_path)
    with pytest.raises(ValueError, match="P1C"):
        apply_outcome(roster, Outcome(post_of, {}), AS_OF)


# --- write_roster ---------------------------------------------------------------------------
def same(a, b) -> bool:
    return replace(a, source="") == replace(b, source="")


def test_round_trip_of_the_bundled_example(tmp_path):
    with example_roster() as folder:
        roster = load_roster(folder)
        names = sorted(p.name for p in folder.glob("*.csv"))

    save_roster(roster, tmp_path / "copy")

    assert same(load_roster(tmp_path / "copy"), roster)
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == names


def test_round_trip_of_a_tiny_roster_and_of_an_applied_one(tmp_path):
    roster = small_roster(tmp_path)
    save_roster(roster, tmp_path / "copy")
    assert same(load_roster(tmp_path / "copy"), roster)
    applied = apply_outcome(roster, Outcome({"D": "P2C", "N": "P3S"}, {"U1": "L2"}), AS_OF)
    save_roster(applied, tmp_path / "applied")
    assert same(load_roster(tmp_path / "applied"), applied)


def test_optional_sheets_only_when_needed_settings_always(tmp_path):
    roster = load(tmp_path / "bare", posts=[post("P1")], cadres=[cadre("C1", "P1")])

    save_roster(roster, tmp_path / "copy", as_of=date(2017, 1, 1))

    files = sorted(p.stem for p in (tmp_path / "copy").iterdir())
    assert files == ["appraisals", "cadres", "leaders", "posts", "settings", "units"]
    assert read_rows(tmp_path / "copy" / "settings.csv") == [
        {"key": "as_of", "value": "2017-01-01"}
    ]
    assert same(load_roster(tmp_path / "copy"), replace(roster, settings={"as_of": "2017-01-01"}))


# --- the bundled example --------------------------------------------------------------------
def test_apply_a_plan_of_the_example_then_check(tmp_path):
    with example_roster() as folder:
        roster = load_roster(folder)
        before = digest(folder)
        plan = make_plan(roster, AS_OF, options=SolveOptions(time_limit=20, workers=8))
        assert plan.feasible
        plan.write(tmp_path / "plan")
        due_before = {
            i.subject
            for i in plan.ctx.instances
            if i.rule_id == "KEY_POST_TENURE" and i.finding and not i.waived
        }
        new = tmp_path / "next"

        result = run("apply", folder, tmp_path / "plan", "--out", new)

        assert result.exit_code == 0, result.output
        assert digest(folder) == before
    rows = by_id(plan.plan_rows())
    moved = {c for c, r in rows.items() if r["change"] in ("move", "promote", "step_down")}
    promoted = {c for c, r in rows.items() if r["change"] == "promote"}
    assert due_before and due_before <= moved  # a hard rule: every due cadre moved
    assert promoted
    audit = tmp_path / "audit"
    assert run("check", new, "--out", audit).exit_code == 0
    still_due = {
        r["subject"] for r in read_rows(audit / "findings.csv") if r["rule_id"] == "KEY_POST_TENURE"
    }
    assert not still_due & due_before
    facts = by_id(read_rows(audit / "cadres.csv"))
    for cadre_id in due_before:
        assert facts[cadre_id]["unit_since"] == "2016-01-01"
    for cadre_id in promoted:
        assert facts[cadre_id]["level"] == rows[cadre_id]["to_level"]
        assert facts[cadre_id]["leader_since"] == "2016-01-01"
    history = read_rows(new / "history.csv")
    assert len(history) == len(roster.history) + len(moved)
