"""The rule families side by side: each registers how a rule is *derived* (its instances on a
roster) and how an instance is *verified* on a plan's outcome. The CP-SAT model of each
instance lives in :mod:`rotaplan.optimizer.constraints`, kept apart so that ``verify`` never
imports solver code."""

from __future__ import annotations

from collections.abc import Callable

from rotaplan.rules.base import Instance, Severity
from rotaplan.rules.context import Context, Outcome

Derive = Callable[[Context], list[Instance]]
Satisfied = Callable[[Context, Instance, Outcome], bool]

DERIVE: dict[str, Derive] = {}
SATISFIED: dict[str, Satisfied] = {}

# Rules whose instances ask their movers to move (used by PROBATION, MIN_TENURE, STABILITY).
MOVE_RULES = (
    "KEY_POST_TENURE",
    "LEADER_UNIT_TENURE",
    "STAFF_POST_TENURE",
    "SUPERVISOR_PAIRING",
    "CHIEF_DEPUTY_PAIRING",
    "APPRAISAL_ADJUSTMENT",
    "KIN_AVOIDANCE",
)


def register(rule_id: str, satisfied: Satisfied | None = None):
    def wrap(fn: Derive) -> Derive:
        DERIVE[rule_id] = fn
        if satisfied is not None:
            SATISFIED[rule_id] = satisfied
        return fn

    return wrap


def _load_families() -> None:
    from rotaplan.rules import capacity, conduct, pairing, promotion, tenure  # noqa: F401


def derive(ctx: Context) -> list[Instance]:
    """Every instance of every rule that is not off, in catalog order. The move rules are
    derived first: PROBATION, MIN_TENURE and UNIT_CONTINUITY look at what they ask."""
    _load_families()
    from rotaplan.rules.catalog import CATALOG

    out: list[Instance] = []
    ctx.__dict__["_partial_instances"] = out
    order = [r for r in MOVE_RULES] + [r for r in CATALOG if r not in MOVE_RULES]
    for rule_id in order:
        if rule_id in DERIVE and ctx.params.severity(rule_id) is not Severity.OFF:
            out.extend(DERIVE[rule_id](ctx))
    ctx.__dict__.pop("_partial_instances", None)
    position = {rule_id: i for i, rule_id in enumerate(CATALOG)}
    return sorted(out, key=lambda inst: position[inst.rule_id])


def instances_so_far(ctx: Context) -> list[Instance]:
    """The instances derived up to now while deriving, else all of them."""
    partial = ctx.__dict__.get("_partial_instances")
    return ctx.instances if partial is None else partial


def asked_to_move(ctx: Context, hard_only: bool = False) -> set[str]:
    """Cadres some active move rule asks to move (for hard_only, only hard rules)."""
    instances = instances_so_far(ctx)
    asked: set[str] = set()
    for inst in instances:
        if inst.rule_id not in MOVE_RULES or inst.waived:
            continue
        if hard_only and not ctx.params.is_hard(inst.rule_id):
            continue
        asked.update(inst.movers)
    return asked


def satisfied(ctx: Context, inst: Instance, outcome: Outcome) -> bool:
    _load_families()
    check = SATISFIED.get(inst.rule_id)
    return True if check is None or inst.waived else check(ctx, inst, outcome)
