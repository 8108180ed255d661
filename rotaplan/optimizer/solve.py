"""Solve one cycle lexicographically: hard ≫ soft ≫ objective, then a tie-break.

Stage 1 minimises the weighted soft-rule penalty; stage 2 keeps that penalty at its stage-1
value and minimises the objective tier; stage 3 keeps both and minimises a seeded tie-break
over the assignment literals, so that the plan does not depend on which of several equally
good plans a parallel worker happened to find first. With one worker the search itself is
deterministic and stage 3 is skipped. Staging instead of one weighted sum
means no weight can trade a soft rule for objective gains and no coefficient can overflow:
each stage's objective only holds its own tier's weights.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from rotaplan.optimizer import interrupt
from rotaplan.optimizer.bound import WholeBound, whole_bound
from rotaplan.optimizer.candidates import DEFAULT_MAX_PAIRS, build_candidates, full_pair_count
from rotaplan.optimizer.decompose import block_size, decomposable, solve_decomposed
from rotaplan.optimizer.diagnose import Diagnosis, diagnose, precheck
from rotaplan.optimizer.greedy import greedy_plan
from rotaplan.optimizer.model import RotationModel
from rotaplan.optimizer.objective import Term, structure_shortfalls
from rotaplan.rules.base import Instance
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import satisfied

LARGE_MODEL_PAIRS = 100_000


def default_workers() -> int:
    """One worker: on the example and generated rosters it proved optimality fastest with
    linearization_level 2 (BENCHMARKS.md), and a single worker's search is deterministic."""
    return 1


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    workers: int = field(default_factory=default_workers)
    seed: int = 0
    linearization_level: int = 2
    # presolve probing costs more than it saves on these models: level 0 halves the time
    # to optimality from the example to 1,000 cadres (BENCHMARKS.md)
    probing_level: int = 0
    hint: bool = True  # start from the greedy plan (rotaplan.optimizer.greedy)
    # workers for a model of more than LARGE_MODEL_PAIRS (cadre, post) pairs: at 5,000
    # cadres (153k pairs) one worker's LP-driven search found no first plan in 120 s, while
    # a second worker (feasibility jump, LNS) finds one in seconds; at 1,000 (30k pairs) one
    # worker proves optimality in ~12 s and two never do (BENCHMARKS.md)
    reduced_workers: int = 2
    max_pairs: int = DEFAULT_MAX_PAIRS
    aggregate: bool = True  # slot classes of interchangeable posts (exact)
    # a roster whose exact domain exceeds max_pairs is cut into blocks of about this many
    # cadres, solved apart (rotaplan.optimizer.decompose.block_size: None = 150, or 300
    # when the time limit gives each block 30 s); 0: one candidate model instead.
    # Measured (BENCHMARKS.md): at 1,000 cadres three blocks of ~333 reached objective
    # −1,831 in 17 s, all proven, where the candidate model had −1,824 unproven after 60 s;
    # at 5,000, blocks of 150 reached the least soft penalty of any plan (800) in 20 s, the
    # candidate model 2,100 in 60 s
    block_cadres: int | None = None
    # one solve of M·soft + objective (M above the objective's whole range: the same
    # lexicographic optimum) instead of two stages: one presolve instead of two, which on
    # 150-cadre blocks is a third of the time; the blocks of a decomposition use it
    single_stage: bool = False
    diagnose: bool = True  # explain an infeasible model (blocks only need the status)
    # a plan to start from instead of the greedy one: ((cadre, post) pairs, (unit, leader)
    # pairs); the blocks' seam improvement hints the blocks' merged plan with it
    start_from: tuple[tuple, tuple] | None = None
    # further CP-SAT parameters by name, e.g. (("cp_model_probing_level", 1),): for tuning
    parameters: tuple[tuple[str, object], ...] = ()
    progress: Callable[[str], None] | None = None


@dataclass
class Stage:
    name: str
    status: str
    objective: float | None
    bound: float | None
    seconds: float


@dataclass
class SolveResult:
    status: str  # OPTIMAL | FEASIBLE | INFEASIBLE | UNKNOWN
    objective: float | None
    best_bound: float | None
    wall_seconds: float
    soft_penalty: float | None
    stages: list[Stage]
    post_of: dict[str, str | None]
    leader_of: dict[str, str | None]
    terms: list[tuple[Term, int]]  # every term with its value in the plan
    oks: list[tuple[Instance, bool]]  # every modelled rule instance, met or not
    stats: dict
    diagnosis: Diagnosis | None = None
    options: SolveOptions | None = None
    interrupted: bool = False  # Ctrl-C stopped the search (rotaplan.optimizer.interrupt)
    whole: WholeBound | None = None  # bounds on the whole problem (rotaplan.optimizer.bound)

    @property
    def whole_soft_bound(self) -> int | None:
        """No plan of the whole problem has a smaller soft penalty."""
        if self.whole is None:
            return None
        bound = self.whole.soft
        soft_stage = next((s for s in self.stages if s.name == "soft rules"), None)
        if not self.stats.get("candidate_model") and soft_stage and soft_stage.bound is not None:
            bound = max(bound, int(soft_stage.bound))  # the exact model's own bound
        return bound

    @property
    def whole_objective_bound(self) -> float | None:
        """A lower bound on the objective of the whole problem's lexicographic optimum
        (rotaplan.optimizer.bound; when this plan's soft penalty is not proven least, the
        bound holds for every plan whatever its soft penalty)."""
        if self.whole is None:
            return None
        bounds = [self.whole.objective] if self.whole.objective is not None else []
        soft_proven = bool(self.stages) and self.stages[0].status == "OPTIMAL"
        if soft_proven and not self.stats.get("candidate_model") and self.best_bound is not None:
            bounds.append(self.best_bound)  # the exact model's own bound
        return max(bounds) if bounds else None

    @property
    def whole_soft_gap(self) -> float | None:
        bound = self.whole_soft_bound
        if self.soft_penalty is None or bound is None:
            return None
        return max(0, self.soft_penalty - bound) / max(1, self.soft_penalty)

    @property
    def whole_gap(self) -> float | None:
        """The objective's gap against the whole-problem bound."""
        bound = self.whole_objective_bound
        if self.objective is None or bound is None:
            return None
        return max(0.0, self.objective - bound) / max(1.0, abs(self.objective))

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.best_bound is None:
            return None
        return abs(self.objective - self.best_bound) / max(1.0, abs(self.objective))

    @property
    def feasible(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


class _Progress(cp_model.CpSolverSolutionCallback):
    """Periodic progress lines (elapsed, objective, bound) for solves longer than 2 s."""

    def __init__(self, stage: str, report: Callable[[str], None], start: float):
        super().__init__()
        self.stage, self.report, self.start, self.last = stage, report, start, 0.0

    def on_solution_callback(self) -> None:
        now = time.monotonic() - self.start
        if now >= 2.0 and now - self.last >= 1.0:
            self.last = now
            self.report(
                f"[{self.stage}] {now:6.1f}s  objective {self.objective_value:g}  "
                f"bound {self.best_objective_bound:g}"
            )


def _tiebreak_weight(seed: int, cadre_id: str, post_id: str) -> int:
    digest = hashlib.blake2b(f"{seed}|{cadre_id}|{post_id}".encode(), digest_size=4).digest()
    return 1 + int.from_bytes(digest, "big") % 9973


def solve(
    ctx: Context,
    options: SolveOptions | None = None,
    exclude: tuple[dict[str, str | None], ...] = (),
    min_diff: int = 1,
) -> SolveResult:
    """Solve one cycle. ``exclude``: earlier plans (cadre -> post) this one must differ from
    in at least ``min_diff`` cadres' posts (for alternatives)."""
    options = options or SolveOptions()
    start = time.monotonic()
    size = block_size(ctx, options)
    if not exclude and decomposable(ctx, size) and full_pair_count(ctx) > options.max_pairs:
        result = solve_decomposed(ctx, options, size, start)
        if result is not None:
            return result
        # a block alone had no plan (its cadres need posts of other blocks): the whole
        # roster as one candidate model, in the time left
        left = max(1.0, options.time_limit - (time.monotonic() - start))
        options = replace(options, time_limit=left)
        if options.progress:
            options.progress("[blocks] a block has no plan of its own: solving the whole roster")
    candidates = build_candidates(ctx, max_pairs=options.max_pairs, seed=options.seed)
    t_candidates = time.monotonic() - start
    # build-phase lines for large rosters, whose build takes seconds
    say = options.progress if options.progress and len(ctx.roster.cadres) >= 1000 else None
    if say:
        kind = "candidate model" if candidates.reduced else "exact domain"
        say(
            f"[build] {t_candidates:6.1f}s  {candidates.pairs:,} (cadre, post) pairs of "
            f"{candidates.full_pairs:,} ({kind})"
        )
    # the precheck explains an infeasible roster; a block (no diagnosis wanted) skips its
    # matching, ~10 % of a 150-cadre block's time, and lets CP-SAT find infeasibility
    problems = precheck(ctx, candidates) if options.diagnose else []
    if problems:
        return _infeasible(ctx, Diagnosis(problems, source="precheck"), start, options, {})
    # alternatives compare concrete posts, which slot classes do not name: no aggregation
    rm = RotationModel(ctx, candidates, aggregate=options.aggregate and not exclude)
    for earlier in exclude:
        same = [rm.vars.x[c, p] for c, p in earlier.items() if (c, p) in rm.vars.x]
        # cadres whose earlier post is out of their domain differ anyway
        rm.model.add(len(earlier) - sum(same) >= min_diff)
    stats = rm.stats()
    if say:
        say(
            f"[build] {time.monotonic() - start:6.1f}s  model: {stats['variables']:,} variables, "
            f"{stats['constraints']:,} constraints"
        )
    stats["seconds_candidates"] = round(t_candidates, 3)
    stats["seconds_build"] = round(time.monotonic() - start - t_candidates, 3)
    solver = cp_model.CpSolver()
    params = solver.parameters
    workers = options.workers
    if candidates.pairs > LARGE_MODEL_PAIRS:
        workers = max(workers, options.reduced_workers)
    params.num_workers = workers
    stats["workers"] = workers
    params.random_seed = options.seed
    params.linearization_level = options.linearization_level
    params.cp_model_probing_level = options.probing_level
    for name, value in options.parameters:
        setattr(params, name, value)
    stages: list[Stage] = []

    snapshot: dict = {}
    true: dict = {}  # the captured plan's own soft penalty and objective (see capture)

    def capture() -> None:
        """Read the plan off the solver: placements, portfolios, every term and ``ok``.

        An ``ok`` literal only implies its instance is met, and a structure shortfall
        variable only bounds the shortfall from above: in a solution not proven optimal
        they can claim an instance unmet, or a shortfall larger, than the plan has (on
        150-cadre blocks cut at 0.6 s: a soft penalty of 4,500 where the plan's was 0). So
        every ``ok`` is read off the plan by the rules' own verification code, and each
        shortfall counted; ``true`` holds the plan's own soft penalty and objective."""
        chosen = {}
        for cadre_id, posts in rm.vars.posts_of.items():
            keys = [p for p in posts if solver.boolean_value(rm.vars.x[cadre_id, p])]
            chosen[cadre_id] = keys[0] if keys else None
        post_of = rm.vars.concrete(chosen)
        leader_of = {u: lid for (u, lid), var in rm.vars.s.items() if solver.boolean_value(var)}
        outcome = Outcome(post_of, leader_of)
        met = {id(inst): satisfied(ctx, inst, outcome) for inst, _ in rm.cons.ok}
        shortfalls = structure_shortfalls(ctx, outcome)
        terms = []
        for t in rm.terms:
            if t.tier == "soft":
                value = 0 if met[id(t.instance)] else 1
            elif t.rule_id == "STRUCTURE_TARGETS":
                value = shortfalls[t.subject]
            else:
                value = int(solver.value(t.expr))
            terms.append((t, value))
        snapshot.update(
            post_of=post_of,
            leader_of=leader_of,
            terms=terms,
            oks=[(inst, met[id(inst)]) for inst, _ in rm.cons.ok],
        )
        true.update(
            soft=sum(t.coef * v for t, v in terms if t.tier == "soft"),
            objective=float(sum(t.coef * v for t, v in terms if t.tier == "objective")),
        )

    def run(name: str, cost, share: float = 1.0, last: bool = False) -> int:
        """One stage, with ``share`` of the time left (the rest is for later stages);
        a stage before another hints its plan to the next one."""
        remaining = options.time_limit - (time.monotonic() - start)
        params.max_time_in_seconds = max(0.5, share * remaining)
        rm.model.minimize(cost)
        t0 = time.monotonic()
        callback = _Progress(name, options.progress, start) if options.progress else None
        status = interrupt.solve(solver, rm.model, callback)
        feasible = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        # every tier has integer coefficients, but CP-SAT reports doubles that can be an ulp
        # off (25.999999999999996 for 26): round them back
        stages.append(
            Stage(
                name,
                solver.status_name(status),
                float(round(solver.objective_value)) if feasible else None,
                float(round(solver.best_objective_bound)) if feasible else None,
                time.monotonic() - t0,
            )
        )
        if feasible:
            capture()
        if feasible and not last:
            # hint every variable (rule literals and shortfalls too): a complete feasible
            # hint is taken at once, while a partial one left the objective stage without
            # any plan at 5,000+ cadres
            rm.model.clear_hints()
            values = solver.response_proto.solution
            for index in range(len(rm.model.proto.variables)):
                rm.model.add_hint(rm.model.get_int_var_from_proto_index(index), values[index])
        return status

    if options.start_from is not None:  # a known plan (the blocks' improvement phase)
        post_items, leader_items = options.start_from
        _hint(rm, dict(post_items), dict(leader_items))
    elif options.hint:
        t0 = time.monotonic()
        _hint(rm, greedy_plan(ctx, candidates))
        stats["seconds_hint"] = round(time.monotonic() - t0, 3)
    soft = RotationModel.cost(rm.tier("soft"))
    if options.single_stage:
        return _single_stage(ctx, candidates, rm, run, soft, stages, snapshot, true, stats, options, start)  # fmt: skip
    # a soft stage that cannot prove its optimum must leave time for the objective stage
    status = run("soft rules", soft, share=0.5)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _without_plan(ctx, candidates, status, start, options, stats, stages)
    soft_value = int(round(solver.objective_value))
    rm.model.add(soft <= soft_value)

    objective = RotationModel.cost(rm.tier("objective"))
    if interrupt.requested():  # Ctrl-C: start no further stage, the plan so far stands
        plan = dict(status="FEASIBLE", objective=true["objective"], **snapshot)
        unknown = _unknown(ctx, start, options, stats, stages)
        return replace(unknown, soft_penalty=true["soft"], interrupted=True, **plan)
    status = run("objectives", objective, last=options.workers <= 1)
    objective_stage = stages[-1]
    if (
        status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        and options.workers > 1
        and not interrupt.requested()
    ):
        rm.model.add(objective <= int(round(solver.objective_value)))
        tiebreak = sum(
            _tiebreak_weight(options.seed, c, p) * var
            for (c, p), var in rm.vars.x.items()
            if p != ctx.roster.cadres[c].post_id
        ) + sum(
            _tiebreak_weight(options.seed, u, lid) * var
            for (u, lid), var in rm.vars.s.items()
            if lid != ctx.roster.units[u].supervisor_id
        )
        run("tie-break", tiebreak, last=True)
    elif status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # no objective-stage solution: the soft stage's plan stands
        objective_stage = Stage(
            "objectives", objective_stage.status, None, None, objective_stage.seconds
        )
    overall = "OPTIMAL" if all(s.status == "OPTIMAL" for s in stages[:2]) else "FEASIBLE"
    whole = whole_bound(ctx, true["soft"], time_budget=max(1.0, 0.05 * options.time_limit))
    if say:
        objective_bound = "-" if whole.objective is None else f"{whole.objective:g}"
        say(
            f"[bound] {time.monotonic() - start:6.1f}s  whole problem: soft ≥ {whole.soft}, "
            f"objective ≥ {objective_bound} ({whole.seconds:.1f}s)"
        )
    return SolveResult(
        status=overall,
        # the plan's own objective: the solver's value overstates it unless proven
        objective=true["objective"] if objective_stage.objective is not None else None,
        best_bound=objective_stage.bound,
        wall_seconds=time.monotonic() - start,
        soft_penalty=true["soft"],
        stages=stages,
        stats=stats,
        options=options,
        interrupted=interrupt.requested(),
        whole=whole,
        **snapshot,
    )


def _span(rm: RotationModel, expr) -> int:
    """An upper bound on max(expr) − min(expr) over the variables' domains."""
    rm.model.minimize(expr)
    proto = rm.model.proto
    total = 0
    for ref, coef in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        domain = proto.variables[ref if ref >= 0 else -ref - 1].domain
        total += abs(coef) * (domain[len(domain) - 1] - domain[0])
    return int(total)


def _single_stage(ctx, candidates, rm, run, soft, stages, snapshot, true, stats, options, start):
    """Minimise M·soft + objective with M above the objective's range: lexicographic."""
    objective = RotationModel.cost(rm.tier("objective"))
    weight = _span(rm, objective) + 1
    status = run("soft rules + objectives", weight * soft + objective, last=True)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _without_plan(ctx, candidates, status, start, options, stats, stages)
    proven = status == cp_model.OPTIMAL
    return SolveResult(
        status="OPTIMAL" if proven else "FEASIBLE",
        objective=true["objective"],
        best_bound=true["objective"] if proven else None,
        wall_seconds=time.monotonic() - start,
        soft_penalty=true["soft"],
        stages=stages,
        stats=stats,
        options=options,
        interrupted=interrupt.requested(),
        **snapshot,
    )


def _hint(
    rm: RotationModel, post_of: dict[str, str | None], leader_of: dict[str, str] | None = None
) -> None:
    """Hint every assignment literal from a plan, and every portfolio from the plan's
    ``leader_of`` or, without one, from the roster. A plan's new supervisor outside the
    unit's domain is hinted as the domain's other leader (equivalent, see
    :func:`rotaplan.optimizer.variables.supervisor_domains`)."""
    for cadre_id, posts in rm.vars.posts_of.items():
        key = rm.vars.key_for(cadre_id, post_of.get(cadre_id))
        for post_id in posts:
            rm.model.add_hint(rm.vars.x[cadre_id, post_id], post_id == key)
    for (unit_id, leader_id), var in rm.vars.s.items():
        current = rm.ctx.roster.units[unit_id].supervisor_id
        chosen = (leader_of or {}).get(unit_id, current)
        if (unit_id, chosen) in rm.vars.s:
            rm.model.add_hint(var, leader_id == chosen)
        else:
            rm.model.add_hint(var, leader_id != current)


def _without_plan(ctx, candidates, status, start, options, stats, stages) -> SolveResult:
    """A first stage without a plan: infeasible (diagnosed when asked) or out of time."""
    if status == cp_model.INFEASIBLE:
        diagnosis = diagnose(ctx, candidates) if options.diagnose else None
        return _infeasible(ctx, diagnosis, start, options, stats)
    return replace(_unknown(ctx, start, options, stats, stages), interrupted=interrupt.requested())


def _infeasible(ctx, diagnosis, start, options, stats) -> SolveResult:
    return SolveResult(
        "INFEASIBLE",
        None,
        None,
        time.monotonic() - start,
        None,
        [],
        {},
        {},
        [],
        [],
        stats,
        diagnosis,
        options,
    )


def _unknown(ctx, start, options, stats, stages) -> SolveResult:
    return SolveResult(
        "UNKNOWN",
        None,
        None,
        time.monotonic() - start,
        None,
        stages,
        {},
        {},
        [],
        [],
        stats,
        None,
        options,
    )
