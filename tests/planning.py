"""Planning helpers on top of tests/helpers.py: solve a tiny roster and read the plan back.

Every plan is solved with the same options (8 workers, seed 0, 10 s at most; the rosters of
these tests solve to optimality in a fraction of a second). ``objective_parts`` splits the
objective tier by rule, so a test can state the optimum term by term, as worked out by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import Plan, make_plan
from rotaplan.rules.base import Parameters
from tests.helpers import AS_OF, load

OPTIONS = SolveOptions(time_limit=10, workers=8, seed=0)


def params(*changes: tuple[str, dict[str, Any]]) -> Parameters:
    """Default parameters with some rules changed: ``params(("MIN_TENURE", {"severity": ...}))``."""
    out = Parameters.default()
    for rule_id, change in changes:
        out = out.with_rule(rule_id, **change)
    return out


def solve_roster(
    folder: Path,
    as_of: date = AS_OF,
    parameters: Parameters | None = None,
    options: SolveOptions = OPTIONS,
    **tables: list[dict] | None,
) -> Plan:
    """Write the roster, load it and plan one cycle."""
    return make_plan(load(folder, **tables), as_of, parameters, options)


def changes(plan: Plan) -> dict[str, tuple[str, str]]:
    """cadre_id -> (change, to_post) of every cadre that does not stay."""
    return {
        row["cadre_id"]: (row["change"], row["to_post"])
        for row in plan.plan_rows()
        if row["change"] != "stay"
    }


def row_of(plan: Plan, cadre_id: str) -> dict:
    return next(row for row in plan.plan_rows() if row["cadre_id"] == cadre_id)


def reasons_of(plan: Plan, cadre_id: str) -> list[str]:
    return plan.reasons[cadre_id]


def objective_parts(plan: Plan) -> dict[str, int]:
    """rule id -> its share of the objective tier (non-zero shares only)."""
    out: dict[str, int] = {}
    for term, value in plan.result.terms:
        if term.tier == "objective" and term.coef * value:
            out[term.rule_id] = out.get(term.rule_id, 0) + term.coef * value
    return out


def unmet(plan: Plan) -> list[tuple[str, str]]:
    """(rule id, subject) of every soft rule instance the plan leaves unmet."""
    return [(inst.rule_id, inst.subject) for inst in plan.unmet_soft]


def portfolio_changes(plan: Plan) -> dict[str, str]:
    """unit_id -> new supervising leader, for the units whose supervisor changes."""
    return {r["unit_id"]: r["to_leader"] for r in plan.supervision_rows() if r["changed"]}
