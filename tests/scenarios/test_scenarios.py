"""Scenario files (issue 4): each key changes the plan of a tiny roster the way its comment
predicts; pins and bans hold in the plan and in ``verify``; a pin against a hard rule is
diagnosed; bad files are reported with file, key and what is wrong (exit 2).

Conventions as in tests/optimizer/test_tenure.py: plan date 2016-01-01 (also the roster's
``settings`` as_of here, so the command line needs no --as-of); every unit is a business unit
supervised by L1 since 2015-01-01; every cadre is a 36-year-old man with a bachelor's degree,
recommended on 2015-07-01, in its post since 2015-01-01 unless said. The soft tier is solved
before the objective: a soft rule is left unmet only when meeting it costs more soft weight.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.cli import main
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import Plan, make_plan
from rotaplan.rules.base import Severity
from rotaplan.scenarios import ScenarioError, bundled_names, load_scenario, parse_scenario
from tests.helpers import AS_OF, cadre, leader, load, post, unit, write_roster
from tests.planning import changes, portfolio_changes, unmet

OPTIONS = SolveOptions(time_limit=10, workers=1, seed=0)
SETTINGS = [{"key": "as_of", "value": "2016-01-01"}]
OLD = "1955-01-01"  # 61 at AS_OF: an exempt chief


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def scenario_file(folder: Path, text: str, name: str = "scenario.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def plan_under(folder: Path, text: str, **tables) -> Plan:
    """Parse the scenario, apply it to the roster and plan one cycle at its as_of (or AS_OF)."""
    scenario = parse_scenario(text, "test.yaml")
    roster = scenario.apply(load(folder, **tables))
    return make_plan(
        roster, scenario.as_of or AS_OF, scenario.params, OPTIONS, scenario.pins, scenario.bans
    )


def plan_cli(roster: Path, out: Path, *more: str):
    return run("plan", roster, "--out", out, "--time-limit", "10", "--workers", "1", *more)


def read_changes(plan_dir: Path) -> dict[str, tuple[str, str]]:
    """cadre_id -> (change, to_post) of every cadre that does not stay, from plan.csv."""
    with open(plan_dir / "plan.csv", encoding="utf-8", newline="") as handle:
        return {
            r["cadre_id"]: (r["change"], r["to_post"])
            for r in csv.DictReader(handle)
            if r["change"] != "stay"
        }


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- rules: severity ---------------------------------------------------------------------


def lonely_exempt_chief() -> dict:
    # exempt chief K1 has led U1 since 2008, supervised by L1 since 2008 (8 years): only a new
    # supervising leader can meet SUPERVISOR_PAIRING, and L1 is the only leader there is
    return {
        "units": [unit("U1", supervisor_since="2008-01-01")],
        "posts": [post("PC1", level="chief"), post("P2")],
        "cadres": [cadre("K1", "PC1", "2008-01-01", birth_date=OLD)],
        "settings": SETTINGS,
    }


def test_supervisor_pairing_made_hard_turns_an_unmet_pairing_into_exit_3(tmp_path):
    roster = write_roster(tmp_path / "roster", **lonely_exempt_chief())
    hard = scenario_file(tmp_path, "rules: {SUPERVISOR_PAIRING: {severity: hard}}\n")

    soft = plan_cli(roster, tmp_path / "soft")
    strict = plan_cli(roster, tmp_path / "strict", "--scenario", hard)

    # soft (default): the plan exists and reports the pairing as unmet
    assert soft.exit_code == 0, soft.output
    findings = read_rows(tmp_path / "soft" / "findings.csv")
    assert [
        (r["rule_id"], r["subject"]) for r in findings if r["rule_id"] != "STRUCTURE_TARGETS"
    ] == [("SUPERVISOR_PAIRING", "K1")]
    # hard: no plan; the diagnosis names the rule and the chief, nothing is written
    assert strict.exit_code == 3
    assert "No plan exists" in strict.stderr
    assert "SUPERVISOR_PAIRING [K1]" in strict.stderr
    assert not (tmp_path / "strict").exists()


def swap_chiefs() -> dict:
    # K1 has led U1 since 2008 under L1 (supervising since 2008): SUPERVISOR_PAIRING asks K1 to
    # leave U1 (L1 is the only leader). The only chief post elsewhere, PC2, is K2's since 2014:
    # meeting the pairing means swapping K1 and K2, and K2 (2 years in post, asked by no rule)
    # then breaks MIN_TENURE (soft, 50).
    return {
        "units": [unit("U1", supervisor_since="2008-01-01"), unit("U2")],
        "posts": [post("PC1", level="chief"), post("PC2", "U2", level="chief")],
        "cadres": [cadre("K1", "PC1", "2008-01-01"), cadre("K2", "PC2", "2014-01-01")],
    }


# LEADER_UNIT_TENURE needs 10 years here, so it does not already force K1 out of U1
NO_LEADER_TENURE = "rules:\n  LEADER_UNIT_TENURE: {years: 10}\n"


@pytest.mark.parametrize(
    ("pairing", "expected_changes", "expected_unmet"),
    [
        # default weight 500 > MIN_TENURE 50: the swap is made
        ("{}", {"K1": ("move", "PC2"), "K2": ("move", "PC1")}, [("MIN_TENURE", "K2")]),
        # weight 20 < 50: cheaper to leave the pairing unmet; nobody moves
        ("{weight: 20}", {}, [("SUPERVISOR_PAIRING", "K1")]),
        # hard, even at weight 20: the swap is forced and MIN_TENURE pays
        (
            "{weight: 20, severity: hard}",
            {"K1": ("move", "PC2"), "K2": ("move", "PC1")},
            [("MIN_TENURE", "K2")],
        ),
    ],
)
def test_supervisor_pairing_weight_and_severity(
    tmp_path, pairing, expected_changes, expected_unmet
):
    plan = plan_under(
        tmp_path, f"{NO_LEADER_TENURE}  SUPERVISOR_PAIRING: {pairing}\n", **swap_chiefs()
    )

    assert changes(plan) == expected_changes
    assert unmet(plan) == expected_unmet


def due_staff(since: str) -> dict:
    # staff S1 has held P1 since ``since``; P2 is free
    return {"posts": [post("P1"), post("P2")], "cadres": [cadre("S1", "P1", since)]}


def test_an_unquoted_off_severity_switches_the_rule_off(tmp_path):
    # YAML reads an unquoted `off` as false; the scenario must still mean the severity "off"
    text = "rules:\n  STAFF_POST_TENURE: {severity: off}\n"
    assert parse_scenario(text).params.severity("STAFF_POST_TENURE") is Severity.OFF

    on = plan_under(tmp_path / "on", "", **due_staff("2007-01-01"))
    off = plan_under(tmp_path / "off", text, **due_staff("2007-01-01"))

    # 9 years in P1: due under STAFF_POST_TENURE and moved to P2; with the rule off it stays
    assert changes(on) == {"S1": ("move", "P2")}
    assert changes(off) == {}
    assert unmet(off) == []


# --- rules: weight and parameters --------------------------------------------------------


def swap_staff() -> dict:
    # S1 has held P1 for 9 years (STAFF_POST_TENURE due, soft 100); the only other post P2 is
    # S2's since 2015: S1 can only move by swapping with S2, which breaks MIN_TENURE (soft 50)
    return {
        "posts": [post("P1"), post("P2")],
        "cadres": [cadre("S1", "P1", "2007-01-01"), cadre("S2", "P2", "2015-01-01")],
    }


@pytest.mark.parametrize(
    ("text", "expected_changes", "expected_unmet"),
    [
        ("", {"S1": ("move", "P2"), "S2": ("move", "P1")}, [("MIN_TENURE", "S2")]),
        # 40 < 50: the staff rule now loses against MIN_TENURE
        ("rules: {STAFF_POST_TENURE: {weight: 40}}", {}, [("STAFF_POST_TENURE", "S1")]),
        # the same from the other side (as in minimal-churn): MIN_TENURE 200 > 100
        ("rules: {MIN_TENURE: {weight: 200}}", {}, [("STAFF_POST_TENURE", "S1")]),
    ],
)
def test_rule_weights_decide_between_two_soft_rules(
    tmp_path, text, expected_changes, expected_unmet
):
    plan = plan_under(tmp_path, text, **swap_staff())

    assert changes(plan) == expected_changes
    assert unmet(plan) == expected_unmet


def test_staff_post_tenure_years_make_a_seven_year_staff_due(tmp_path):
    six = "rules:\n  STAFF_POST_TENURE: {years: 6}\n"

    default = plan_under(tmp_path / "a", "", **due_staff("2009-01-01"))
    shorter = plan_under(tmp_path / "b", six, **due_staff("2009-01-01"))

    # 7 years in P1: not due under the default 8 years (a move would only cost STABILITY);
    # due under 6 years, and P2 is free
    assert changes(default) == {}
    assert changes(shorter) == {"S1": ("move", "P2")}
    assert shorter.reasons["S1"] == ["STAFF_POST_TENURE"]


def test_check_with_the_scenario_lists_the_seven_year_staff_as_due(tmp_path):
    roster = write_roster(tmp_path / "roster", settings=SETTINGS, **due_staff("2009-01-01"))
    six = scenario_file(tmp_path, "rules:\n  STAFF_POST_TENURE: {years: 6}\n")

    plain = run("check", roster, "--out", tmp_path / "plain")
    scen = run("check", roster, "--scenario", six, "--out", tmp_path / "scen")

    assert plain.exit_code == 0, plain.output
    assert scen.exit_code == 0, scen.output
    due = [
        r["subject"]
        for r in read_rows(tmp_path / "scen" / "findings.csv")
        if r["rule_id"] == "STAFF_POST_TENURE"
    ]
    assert due == ["S1"]
    assert all(
        r["rule_id"] != "STAFF_POST_TENURE" for r in read_rows(tmp_path / "plain" / "findings.csv")
    )


# --- objectives ----------------------------------------------------------------------------


def two_destinations() -> dict:
    # C1 has held key post P1 of U1 since 2010 and must leave U1. P2 (business U2) shares both
    # of C1's specialty tags: POST_FIT 2 × 2 = 4. P3 (comprehensive U3): CROSS_ROTATION 3.
    return {
        "units": [unit("U1"), unit("U2"), unit("U3", kind="comprehensive")],
        "posts": [
            post("P1", key=True),
            post("P2", "U2", specialty="finance;law"),
            post("P3", "U3"),
        ],
        "cadres": [cadre("C1", "P1", "2010-01-01", specialty="finance;law")],
    }


@pytest.mark.parametrize(
    ("text", "destination"),
    [
        ("", "P2"),  # fit 4 > cross 3
        ("objectives: {CROSS_ROTATION: 20}", "P3"),  # cross 20 > fit 4
        ("objectives: {POST_FIT: 1}", "P3"),  # fit 2 < cross 3
    ],
)
def test_objective_weights_choose_between_two_destinations(tmp_path, text, destination):
    plan = plan_under(tmp_path, text, **two_destinations())

    assert changes(plan) == {"C1": ("move", destination)}


# --- as_of -----------------------------------------------------------------------------------


def test_as_of_moves_the_plan_date(tmp_path):
    # C1 has held key post P1 since 2011-06-01: 4 years at the roster's 2016-01-01, 5 at 2017
    roster = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", key=True), post("P2", "U2")],
        cadres=[cadre("C1", "P1", "2011-06-01")],
        settings=SETTINGS,
    )
    later = scenario_file(tmp_path, "as_of: 2017-01-01\n")

    plain = plan_cli(roster, tmp_path / "plain")
    scen = plan_cli(roster, tmp_path / "scen", "--scenario", later)
    overridden = plan_cli(roster, tmp_path / "over", "--scenario", later, "--as-of", "2016-01-01")

    assert plain.exit_code == scen.exit_code == overridden.exit_code == 0
    assert read_changes(tmp_path / "plain") == {}
    assert read_changes(tmp_path / "scen") == {"C1": ("move", "P2")}
    assert '"as_of": "2017-01-01"' in (tmp_path / "scen" / "summary.json").read_text("utf-8")
    # --as-of wins over the scenario's date
    assert read_changes(tmp_path / "over") == {}


# --- pins and bans ---------------------------------------------------------------------------


def decisions() -> dict:
    # C1 (tag finance) has held key post P1 of U1 since 2010: must leave U1. S3 has held P6 of
    # U3 for 9 years: STAFF_POST_TENURE (soft). C2 has held P5 of U3 for 1 year. Free: P2
    # (finance) and P4 (law) in comprehensive U2; S3 has the tag law.
    # Default: C1 → P2 (cross 3 + fit 2), S3 → P4 (cross 3 + fit 2), C2 stays.
    return {
        "units": [unit("U1"), unit("U2", kind="comprehensive"), unit("U3")],
        "posts": [
            post("P1", key=True),
            post("P2", "U2", specialty="finance"),
            post("P4", "U2", specialty="law"),
            post("P5", "U3"),
            post("P6", "U3"),
        ],
        "cadres": [
            cadre("C1", "P1", "2010-01-01", specialty="finance"),
            cadre("C2", "P5"),
            cadre("S3", "P6", "2007-01-01", specialty="law"),
        ],
        "settings": SETTINGS,
    }


DEFAULT = {"C1": ("move", "P2"), "S3": ("move", "P4")}


@pytest.mark.parametrize(
    ("text", "broken", "expected"),
    [
        # C1 may not take P2: C1 → P4 (cross 3) and S3 → P2 (cross 3) = 6 beats C1 staying in
        # business posts (P6 once S3 leaves: 0) with S3 → P4 (5)
        ("bans: [{cadre: C1, post: P2}]", "BAN [C1]", {"C1": ("move", "P4"), "S3": ("move", "P2")}),
        # C1 may not go to U2: left are U3's P5 (C2's, whose move would break MIN_TENURE) and
        # P6, which S3 vacates for P4 (cross 3 + fit 2); C1 takes P6
        ("bans: [{cadre: C1, unit: U2}]", "BAN [C1]", {"C1": ("move", "P6"), "S3": ("move", "P4")}),
        ("pins: [{cadre: C1, post: P6}]", "PIN [C1]", {"C1": ("move", "P6"), "S3": ("move", "P4")}),
        # C2 must go to U1, whose only post P1 C1 vacates; MIN_TENURE is then unmet for C2
        (
            "pins: [{cadre: C2, unit: U1}]",
            "PIN [C2]",
            {**DEFAULT, "C2": ("move", "P1")},
        ),
        # S3 stays despite STAFF_POST_TENURE; C1 still takes P2
        ("pins: [{cadre: S3, stay: true}]", "PIN [S3]", {"C1": ("move", "P2")}),
    ],
)
def test_pins_and_bans_hold_in_the_plan_and_in_verify(tmp_path, text, broken, expected):
    roster = write_roster(tmp_path / "roster", **decisions())
    scen = scenario_file(tmp_path, text + "\n")

    default = plan_cli(roster, tmp_path / "default")
    pinned = plan_cli(roster, tmp_path / "pinned", "--scenario", scen)

    assert default.exit_code == 0 and pinned.exit_code == 0, pinned.output
    assert read_changes(tmp_path / "default") == DEFAULT
    assert read_changes(tmp_path / "pinned") == expected
    accepted = run("verify", roster, tmp_path / "pinned", "--scenario", scen)
    assert accepted.exit_code == 0, accepted.output
    assert "Plan verified" in accepted.output
    # the default plan breaks the pin or ban: verify with the scenario rejects it, naming it
    rejected = run("verify", roster, tmp_path / "default", "--scenario", scen)
    assert rejected.exit_code == 1
    assert "Plan REJECTED: 1 hard-rule violation(s)" in rejected.output
    assert f"{broken}: scenario" in rejected.output
    # without the scenario the default plan is fine
    assert run("verify", roster, tmp_path / "default").exit_code == 0


def test_a_pin_against_a_hard_rule_is_diagnosed(tmp_path):
    roster = write_roster(tmp_path / "roster", **decisions())
    scen = scenario_file(tmp_path, "pins: [{cadre: C1, stay: true}]\n")

    result = plan_cli(roster, tmp_path / "plan", "--scenario", scen)

    # C1 is due under KEY_POST_TENURE (6 years in key post P1): it cannot stay
    assert result.exit_code == 3
    assert "KEY_POST_TENURE [C1]" in result.stderr
    assert "PIN [C1]: scenario pin C1 stays" in result.stderr
    assert not (tmp_path / "plan").exists()


# --- leaders ---------------------------------------------------------------------------------


def test_a_leader_cap_forces_a_portfolio_change(tmp_path):
    # L1 supervises U1 and U2, L2 supervises U3; nobody is due for anything
    tables = {
        "units": [unit("U1"), unit("U2"), unit("U3", supervisor_id="L2")],
        "leaders": [leader("L1"), leader("L2")],
        "settings": SETTINGS,
    }
    capped = "leaders: {L1: {max_units: 1}}"

    default = plan_under(tmp_path / "a", "", **tables)
    plan = plan_under(tmp_path / "b", capped, **tables)

    # a portfolio change costs STABILITY 10: none by default; capped at 1 unit, L1 hands one of
    # its two units (equal in every respect) to L2
    assert portfolio_changes(default) == {}
    moved = portfolio_changes(plan)
    assert list(moved.values()) == ["L2"] and set(moved) <= {"U1", "U2"}
    # verify with the cap rejects the unchanged portfolio
    roster = write_roster(tmp_path / "roster", **tables)
    scen = scenario_file(tmp_path, capped + "\n")
    assert plan_cli(roster, tmp_path / "plain").exit_code == 0
    rejected = run("verify", roster, tmp_path / "plain", "--scenario", scen)
    assert rejected.exit_code == 1
    assert "ESTABLISHMENT [L1]" in rejected.output


# --- general ---------------------------------------------------------------------------------


def test_general_exempt_age_spares_a_57_year_old_chief(tmp_path):
    # chief K1 (57 at AS_OF) has led U1 since 2009: LEADER_UNIT_TENURE (hard) sends K1 to PC2
    # of U2, unless K1 is exempt, which it is once the men's exemption age is 57
    tables = {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("PC1", level="chief"), post("PC2", "U2", level="chief")],
        "cadres": [cadre("K1", "PC1", "2009-01-01", birth_date="1958-06-01")],
        "settings": SETTINGS,
    }
    younger = "general: {exempt_age_men: 57}"

    assert changes(plan_under(tmp_path / "a", "", **tables)) == {"K1": ("move", "PC2")}
    assert changes(plan_under(tmp_path / "b", younger, **tables)) == {}
    roster = write_roster(tmp_path / "roster", **tables)
    scen = scenario_file(tmp_path, younger + "\n")
    assert run("check", roster, "--scenario", scen, "--out", tmp_path / "audit").exit_code == 0
    (row,) = read_rows(tmp_path / "audit" / "cadres.csv")
    assert (row["cadre_id"], row["age"], row["exempt"]) == ("K1", "57", "true")


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nfoo: 1\n", "foo: unknown key (expected one of: as_of, bans, description"),
        ("rules: {NOPE: {severity: hard}}\n", "rules.NOPE: unknown rule id"),
        (
            "rules: {KEY_POST_TENURE: {severity: maybe}}\n",
            "rules.KEY_POST_TENURE.severity: must be one of hard, off, soft, not 'maybe'",
        ),
        (
            "rules: {CROSS_ROTATION: {severity: hard}}\n",
            "rules.CROSS_ROTATION.severity: must be one of objective, off, not 'hard'",
        ),
        (
            "rules: {MIN_TENURE: {weight: -1}}\n",
            "rules.MIN_TENURE.weight: must be a whole number ≥ 0, not -1",
        ),
        (
            "objectives: {STABILITY: -5}\n",
            "objectives.STABILITY: weight must be a whole number ≥ 0, not -5",
        ),
        ("objectives: {KEY_POST_TENURE: 5}\n", "objectives.KEY_POST_TENURE: not an objective"),
        (
            "rules: {KEY_POST_TENURE: {months: 3}}\n",
            "rules.KEY_POST_TENURE.months: unknown setting (expected: severity, weight, years)",
        ),
        (
            "rules: {STAFF_POST_TENURE: {years: -2}}\n",
            "rules.STAFF_POST_TENURE.years: must not be negative",
        ),
        ("general: {retirement: 60}\n", "general.retirement: unknown parameter"),
        ("as_of: someday\n", "as_of:"),
        (
            "pins: [{cadre: C1, post: P2, unit: U2}]\n",
            "pins[0]: give exactly one of post, unit or stay: true",
        ),
        ("bans: [{cadre: C1, stay: true}]\n", "bans[0]: unknown key(s): stay"),
        ("leaders: {L1: {name: boss}}\n", "leaders.L1: only max_units may be set"),
        # reported when the scenario meets the roster
        ("pins: [{cadre: C9, post: P2}]\n", "pins: unknown cadre 'C9'"),
        ("bans: [{cadre: C1, unit: U9}]\n", "bans: unknown unit 'U9'"),
        ("leaders: {L7: {max_units: 2}}\n", "leaders: unknown leader 'L7'"),
        (
            "name: x\nrules:\n  KEY_POST_TENURE: {severity: hard}\n bad: indentation\n",
            "not valid YAML (line 4, column 2)",
        ),
        ("- just\n- a list\n", "a scenario is a mapping of keys"),
    ],
)
def test_a_bad_scenario_is_reported_with_file_and_key_and_exits_2(tmp_path, text, message):
    roster = write_roster(tmp_path / "roster", **decisions())
    scen = scenario_file(tmp_path, text)

    result = plan_cli(roster, tmp_path / "plan", "--scenario", scen)

    assert result.exit_code == 2
    assert f"Error: {scen}: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "plan").exists()


def test_every_problem_of_a_scenario_is_reported_at_once():
    text = "foo: 1\nrules: {NOPE: {}, MIN_TENURE: {weight: -1}}\nobjectives: {STABILITY: x}\n"

    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "s.yaml")

    assert str(caught.value).splitlines() == [
        "s.yaml: foo: unknown key (expected one of: as_of, bans, description, general, leaders, "
        "name, objectives, pins, rules)",
        "s.yaml: rules.NOPE: unknown rule id",
        "s.yaml: rules.MIN_TENURE.weight: must be a whole number ≥ 0, not -1",
        "s.yaml: objectives.STABILITY: weight must be a whole number ≥ 0, not 'x'",
    ]


def test_an_unknown_scenario_name_is_a_usage_error(tmp_path):
    roster = write_roster(tmp_path / "roster", **decisions())

    result = run("check", roster, "--scenario", "nosuch")

    assert result.exit_code == 2
    assert "scenario 'nosuch' is neither a file nor a bundled scenario" in result.stderr


# --- bundled ---------------------------------------------------------------------------------

BUNDLED = ["cross-rotation-first", "default", "minimal-churn", "strict", "youth-first"]


def test_the_five_bundled_scenarios_load_and_are_listed():
    assert bundled_names() == BUNDLED
    scenarios = {name: load_scenario(name) for name in BUNDLED}

    for name, scenario in scenarios.items():
        assert scenario.name == name and scenario.description
        assert scenario.source == f"bundled:{name}"
    strict, churn = scenarios["strict"].params, scenarios["minimal-churn"].params
    assert strict.is_hard("SUPERVISOR_PAIRING") and strict.is_hard("CHIEF_DEPUTY_PAIRING")
    assert churn.weight("MIN_TENURE") == 200 and churn.weight("STABILITY") == 40
    assert scenarios["cross-rotation-first"].params.weight("CROSS_ROTATION") == 12
    assert scenarios["youth-first"].params.weight("STRUCTURE_TARGETS") == 40
    assert scenarios["default"].params == load_scenario(None).params

    listing = run("scenarios")

    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    assert [line.split()[0] for line in lines] == BUNDLED
    for line, name in zip(lines, BUNDLED, strict=True):
        assert line.endswith(scenarios[name].description)
