"""summary.json records what a plan was made with (versions, scenario with its sha256, seed,
parameters), and running again with what it records gives plan.csv byte for byte."""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version

from rotaplan.example import example_roster
from tests.robustness.conftest import run

SCENARIO = """\
name: tighter
description: key posts after four years
rules:
  KEY_POST_TENURE: {years: 4}
"""


def test_a_plan_is_reproduced_from_its_summary(tmp_path):
    scenario = tmp_path / "tighter.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    first = tmp_path / "first"
    with example_roster() as roster:
        result = run("plan", roster, "--scenario", scenario, "--seed", "7", "--out", first)
        assert result.exit_code == 0, result.output

        summary = json.loads((first / "summary.json").read_text(encoding="utf-8"))
        assert summary["versions"] == {
            "python": summary["versions"]["python"],
            "rotaplan": version("rotaplan"),
            "ortools": version("ortools"),
        }
        recorded = summary["scenario"]
        assert recorded["name"] == "tighter" and recorded["source"] == str(scenario)
        assert recorded["sha256"] == hashlib.sha256(scenario.read_bytes()).hexdigest()
        assert summary["seed"] == 7
        assert summary["parameters"]["rules"]["KEY_POST_TENURE"]["years"] == 4
        for key in ("as_of", "workers", "time_limit", "linearization_level"):
            assert key in summary

        again = tmp_path / "again"
        result = run(
            "plan",
            roster,
            "--scenario",
            recorded["source"],
            "--seed",
            summary["seed"],
            "--as-of",
            summary["as_of"],
            "--workers",
            summary["workers"],
            "--out",
            again,
        )
        assert result.exit_code == 0, result.output

    for name in ("plan.csv", "supervision.csv", "findings.csv"):
        assert (again / name).read_bytes() == (first / name).read_bytes(), name
