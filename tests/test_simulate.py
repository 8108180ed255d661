"""``simulate``: yearly cycles of plan, apply, retire, carry forward and recruit.

The small roster (conventions of tests/helpers.py), simulated from 2016-01-01 for 3 cycles
(plans on 2016-01-01, 2017-01-01 and 2018-01-01; retirement ages 60 for men, 55 for women):
  U1 (business):      chief M, a man born 1957-06-01; deputy D1; staff S1 and S2;
  U2 (comprehensive): chief C2; deputy D2; staff W, a woman born 1961-03-01; P2S2 free.
  W and S2 are spouses (in different units, so kinship avoidance holds).
Everyone has held the post since 2014 (no tenure rule is due before 2019) and no leader post
is free in 2016 or 2017, so those two plans promote nobody and free no staff post.
  - W is 54 on 2016-01-01 and 55 on 2017-01-01: she retires at the 2017 cycle;
  - M is 58 on 2016-01-01 and 59 on 2017-01-01 (still serving), 60 on 2018-01-01: he retires
    at the 2018 cycle;
  - at 2017-01-01 the staff posts W's P2S1 and the free P2S2 are filled by R2017-001 and
    R2017-002 (in post order); at 2018-01-01 no staff post is free: no recruits.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from rotaplan.cli import main
from rotaplan.commands import apply_cmd, simulate_cmd
from rotaplan.errors import UsageError
from rotaplan.models import AppraisalResult, Level, load_roster
from rotaplan.models.facts import age_on
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.scenarios import Pin, Scenario
from rotaplan.simulate import (
    RecruitMix,
    SimulationResult,
    SimulationSettings,
    recruit,
    simulate,
)
from rotaplan.verify import verify
from tests.helpers import AS_OF, cadre, leader, load, post, relation, unit, write_roster

main.add_command(apply_cmd)
main.add_command(simulate_cmd)

OPTIONS = SolveOptions(time_limit=10, workers=8, seed=0)
TABLES = dict(
    units=[unit("U1"), unit("U2", kind="comprehensive", supervisor_id="L2")],
    leaders=[leader("L1"), leader("L2")],
    posts=[
        post("P1C", level="chief"),
        post("P1D", level="deputy"),
        post("P1S1"),
        post("P1S2"),
        post("P2C", "U2", level="chief"),
        post("P2D", "U2", level="deputy"),
        post("P2S1", "U2", specialty="finance"),
        post("P2S2", "U2"),
    ],
    cadres=[
        cadre("M", "P1C", "2014-01-01", birth_date="1957-06-01"),
        cadre("D1", "P1D", "2014-01-01"),
        cadre("S1", "P1S1", "2014-01-01", recommended_on="2014-06-01"),  # lapsed
        cadre("S2", "P1S2", "2014-01-01"),  # recommended 2015-07-01: valid on 2016-01-01
        cadre("C2", "P2C", "2014-01-01"),
        cadre("D2", "P2D", "2014-01-01", recommended_on=""),  # never recommended
        cadre("W", "P2S1", "2014-01-01", birth_date="1961-03-01", gender="F"),
    ],
    relations=[relation("S2", "W")],
)


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


def read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> SimulationResult:
    roster = load(tmp_path_factory.mktemp("small") / "roster", **TABLES)
    # a first-cycle decision about W, who is gone by the second: pins apply to the first only
    scenario = Scenario(pins=(Pin("W", stay=True),))
    return simulate(roster, scenario, 3, AS_OF, OPTIONS, SimulationSettings(seed=7))


def test_small_simulation_runs_three_cycles(small):
    assert small.complete
    assert [s.as_of for s in small.steps] == [date(y, 1, 1) for y in (2016, 2017, 2018)]
    assert [row["status"] for row in small.metrics_rows()] == ["OPTIMAL"] * 3


def test_retirements_in_the_right_year(small):
    rosters = [s.roster.cadres for s in small.steps]
    assert [[c.cadre_id for c in s.retired] for s in small.steps] == [[], ["W"], ["M"]]
    assert "W" in rosters[0] and "W" not in rosters[1]  # 55 on 2017-01-01
    assert "M" in rosters[1] and "M" not in rosters[2]  # 59 on 2017-01-01, 60 on 2018-01-01
    assert age_on(date(1957, 6, 1), date(2017, 1, 1)) == 59
    year_2017 = small.steps[1].roster
    assert not [r for r in year_2017.relations if "W" in (r.cadre_id, r.relative_id)]
    assert not [a for a in year_2017.appraisals if a.cadre_id == "W"]
    assert [row["retirements"] for row in small.metrics_rows()] == [0, 1, 1]


def test_recruits_fill_the_staff_vacancies(small):
    year_2017 = small.steps[1].roster
    assert small.steps[1].recruited == ("R2017-001", "R2017-002")
    recruits = [year_2017.cadres[c] for c in small.steps[1].recruited]
    assert [(c.post_id, c.name) for c in recruits] == [
        ("P2S1", "新录用2017-01"),
        ("P2S2", "新录用2017-02"),
    ]
    for c in recruits:
        assert (c.level, c.post_since) == (Level.STAFF, date(2017, 1, 1))
        assert 23 <= age_on(c.birth_date, date(2017, 1, 1)) <= 27
    assert recruits[0].specialty == {"finance"}  # recruited for the post
    staff = [p for p in year_2017.posts.values() if p.level is Level.STAFF]
    assert all(p.post_id in year_2017.holder for p in staff)
    assert [row["recruits"] for row in small.metrics_rows()] == [0, 2, 0]


def test_appraisals_carried_and_recommendations_renewed(small):
    year_2017 = small.steps[1].roster
    results_2016 = year_2017.appraisals_by_cadre
    for cadre_id in ("M", "D1", "S1", "S2", "C2", "D2"):
        assert results_2016[cadre_id][2016] is AppraisalResult.COMPETENT
    assert not any(2016 in results_2016.get(c, {}) for c in small.steps[1].recruited)
    rec = {c: year_2017.cadres[c].recommended_on for c in ("S1", "S2", "D2")}
    # S2's recommendation (2015-07-01) was valid at the 2016 cycle: renewed 30 days before
    # 2017-01-01; S1's had lapsed and D2 had none: left as they were
    assert rec == {"S1": date(2014, 6, 1), "S2": date(2016, 12, 2), "D2": None}


def test_deterministic_for_a_seed(small):
    roster = small.steps[0].roster
    again = simulate(roster, None, 3, AS_OF, OPTIONS, SimulationSettings(seed=7))
    assert again.metrics_rows() == small.metrics_rows()
    assert replace(again.final_roster, source="") == replace(small.final_roster, source="")
    other = simulate(roster, None, 2, AS_OF, OPTIONS, SimulationSettings(seed=8))
    birth = {c: small.steps[1].roster.cadres[c].birth_date for c in small.steps[1].recruited}
    assert birth != {c: other.steps[1].roster.cadres[c].birth_date for c in birth}


def test_recruit_mix_fill_share_and_settings(tmp_path):
    roster = load(tmp_path / "r", posts=[post("P1"), post("P2"), post("P3")])
    _, half = recruit(roster, AS_OF, RecruitMix(fill_share=0.5), seed=1)
    assert len(half) == 2  # half of 3 vacancies, rounded half up
    with_settings = replace(
        roster,
        settings={"carry_appraisal": "优秀", "recruit_women_share": "1", "recruit_age_min": "25"},
    )
    settings = SimulationSettings.from_roster(with_settings)
    assert settings.carry_appraisal is AppraisalResult.EXCELLENT
    assert (settings.recruits.women_share, settings.recruits.age_min) == (1.0, 25)
    none = replace(roster, settings={"carry_appraisal": "none"})
    assert SimulationSettings.from_roster(none).carry_appraisal is None
    with pytest.raises(UsageError, match="carry_appraisal"):
        SimulationSettings.from_roster(replace(roster, settings={"carry_appraisal": "good"}))
    with pytest.raises(UsageError, match="fill_share"):
        RecruitMix(fill_share=2)


def test_simulate_command_writes_every_year(tmp_path):
    roster = write_roster(tmp_path / "roster", **TABLES)
    out = tmp_path / "sim"

    options = "--as-of 2016-01-01 --years 3 --time-limit 10 --workers 8 --seed 7".split()

    result = run("simulate", roster, "--out", out, *options)

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "2016",
        "2017",
        "2018",
        "final-roster",
        "metrics.csv",
        "simulation.json",
    ]
    for year in ("2016", "2017", "2018"):
        names = {p.name for p in (out / year).iterdir()}
        assert {"plan.csv", "supervision.csv", "findings.csv", "summary.json", "roster"} <= names
    rows = read_rows(out / "metrics.csv")
    assert list(rows[0]) == SimulationResult.metric_columns()
    assert [(r["year"], r["retirements"], r["recruits"]) for r in rows] == [
        ("2016", "0", "0"),
        ("2017", "1", "2"),
        ("2018", "1", "0"),
    ]
    assert "2018-01-01: retired M name M; recruited 0" in result.stdout
    assert "Targets for the end of 2018" in result.stdout
    again = run("simulate", roster, "--years", 1, "--out", out)  # not empty, no --force
    assert again.exit_code == 2


def test_a_cycle_without_a_plan_stops_the_simulation(tmp_path):
    # K has held the key post P1K since 2011-06-01: not yet 5 years at the 2016 cycle, 5 at
    # the 2017 one, when KEY_POST_TENURE sends K out of U1; U2 has only a chief post, two
    # levels above K. So 2016 plans, 2017 cannot.
    roster = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2")],
        posts=[post("P1K", key=True), post("P2C", "U2", level="chief")],
        cadres=[cadre("K", "P1K", "2011-06-01"), cadre("B", "P2C", "2014-01-01")],
    )
    out = tmp_path / "sim"

    result = run("simulate", roster, "--as-of", "2016-01-01", "--years", 3, "--out", out)

    assert result.exit_code == 3
    assert "No plan for the 2017 cycle (status INFEASIBLE)" in result.stdout
    assert "KEY_POST_TENURE" in result.stdout
    assert [r["status"] for r in read_rows(out / "metrics.csv")] == ["OPTIMAL", "INFEASIBLE"]
    assert (out / "2016" / "plan.csv").is_file()
    assert "KEY_POST_TENURE" in (out / "2017" / "diagnosis.txt").read_text(encoding="utf-8")


# --- the bundled example --------------------------------------------------------------------
def test_simulate_the_example_for_three_years(tmp_path):
    out = tmp_path / "sim"

    result = run("simulate", "--years", 3, "--out", out, "--time-limit", 20, "--workers", 8)

    assert result.exit_code == 0, result.output
    assert "bundled example" in result.stderr
    print(result.stdout)  # the trajectory, for the record (pytest -s)
    lines = result.stdout.splitlines()
    at = lines.index("Structure indicators after each cycle (二(一)):")
    assert lines[at + 1].split() == ["2016", "2017", "2018", "target", "indicator"]
    for label in ("chiefs under 40", "deputies aged 28–32", "graduates (master+)"):
        row = next(line for line in lines if line.endswith(label))
        assert row.count("%") == 4  # three years and the target
    assert "Targets for the end of 2018" in result.stdout
    rows = read_rows(out / "metrics.csv")
    assert [r["year"] for r in rows] == ["2016", "2017", "2018"]
    assert all(r["status"] in ("OPTIMAL", "FEASIBLE") for r in rows)
    for row in rows:  # each cycle's plan holds against the roster it was made for
        folder = out / row["year"]
        check = verify(load_roster(folder / "roster"), folder, date.fromisoformat(row["as_of"]))
        assert check.ok, check.summary()
