"""Interrupted and limited solves: Ctrl-C stops CP-SAT and keeps the best plan so far, starting
no further stage; a limit reached mid-search gives a FEASIBLE plan with its gap; no plan at
all gives exit 3 and writes nothing."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

from ortools.sat.python import cp_model

from rotaplan.example import example_roster
from rotaplan.optimizer import interrupt
from rotaplan.optimizer import solve as solve_module
from tests.robustness.conftest import run

PLAN_FILES = ["findings.csv", "plan.csv", "summary.json", "supervision.csv"]


def hard_model(n: int = 40) -> cp_model.CpModel:
    """An assignment problem with pairwise rewards: first solutions come at once, the proof
    of optimality takes far longer than the test waits."""
    import random

    rnd = random.Random(1)
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{j}") for j in range(n)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
        model.add_exactly_one(x[j][i] for j in range(n))
    terms = []
    for i in range(n - 1):
        for j in range(n):
            both = model.new_bool_var("")
            model.add_bool_and([x[i][j], x[i + 1][(j + 1) % n]]).only_enforce_if(both)
            terms.append(-rnd.randint(1, 50) * both)
    model.minimize(
        sum(rnd.randint(1, 1000) * x[i][j] for i in range(n) for j in range(n)) + sum(terms)
    )
    return model


def test_ctrl_c_stops_the_running_search_and_keeps_its_best_solution():
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 60
    solver.parameters.num_workers = 1
    model = hard_model()
    timer = threading.Timer(1.5, lambda: os.kill(os.getpid(), signal.SIGINT))

    with interrupt.watching():
        timer.start()
        start = time.monotonic()
        status = interrupt.solve(solver, model)
        seconds = time.monotonic() - start
        assert interrupt.requested()

    assert solver.status_name(status) == "FEASIBLE"
    assert seconds < 10  # stopped at the signal, not at the 60 s limit
    assert not interrupt.requested()  # reset on leaving
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_no_solve_starts_after_ctrl_c():
    solver = cp_model.CpSolver()
    with interrupt.watching():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.1)  # the Python-level handler runs at the next bytecode
        assert interrupt.requested()
        try:
            interrupt.solve(solver, hard_model(5))
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("a solve started after Ctrl-C")


def test_without_watching_solve_is_plain_cp_sat():
    solver = cp_model.CpSolver()
    assert solver.status_name(interrupt.solve(solver, hard_model(4))) == "OPTIMAL"
    assert solver.parameters.catch_sigint_signal  # left as CP-SAT's default


def test_ctrl_c_at_the_first_solution_writes_that_plan_as_feasible(tmp_path, monkeypatch):
    """Ctrl-C arrives while the soft-rule stage runs (at its first solution): CP-SAT stops, the
    objective stage never starts, and the plan found so far is written, complete."""
    sent = []

    def on_solution(self):
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(solve_module._Progress, "on_solution_callback", on_solution)
    out = tmp_path / "plan"

    result = run("plan", "--out", out, "--alternatives", "1")

    assert result.exit_code == 0, result.output
    assert sent
    assert "Interrupted: keeping the best plan found so far (status FEASIBLE" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == PLAN_FILES  # no alt-1: nothing more ran
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "FEASIBLE" and summary["interrupted"] is True
    assert [s["stage"] for s in summary["stages"]] == ["soft rules"]
    with example_roster() as example:
        assert run("verify", example, out).exit_code == 0


def test_a_limit_reached_mid_search_writes_the_best_plan_with_its_gap(tmp_path, monkeypatch):
    """A wall-clock limit that cuts a stage short is machine-dependent; CP-SAT's
    stop_after_first_solution ends every stage the same way (status FEASIBLE, a bound below
    the solution), deterministically."""
    real = interrupt.solve

    def first_solution_only(solver, model, callback=None):
        solver.parameters.stop_after_first_solution = True
        return real(solver, model, callback)

    monkeypatch.setattr(interrupt, "solve", first_solution_only)
    out = tmp_path / "plan"

    result = run("plan", "--out", out)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Status: FEASIBLE")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "FEASIBLE" and summary["interrupted"] is False
    gap = abs(summary["objective"] - summary["best_bound"]) / max(1, abs(summary["objective"]))
    assert summary["gap"] > 0 and abs(summary["gap"] - gap) < 1e-9
    assert f"gap {100 * summary['gap']:.2f}%" in result.stdout


def test_no_plan_within_the_time_limit_exits_3_and_writes_nothing(big_roster, tmp_path):
    out = tmp_path / "plan"

    result = run("plan", big_roster, "--time-limit", "0.1", "--out", out)

    # building the model of 3,000 cadres alone takes longer than the limit
    assert result.exit_code == 3, result.output
    assert "No plan found within 0.1s (status UNKNOWN); nothing written" in result.stderr
    assert not out.exists()
