"""Decomposition of a large roster into blocks of units, solved apart and in parallel.

One CP-SAT model of 20,000 cadres is too big for two cores: with candidate lists it still
had 465k variables, took 20 s to build and its search stalled far from its bound (116 %
gap after 160 s, BENCHMARKS.md). A province's roster is made of bureaus whose units are
numbered together, and a cadre's best moves are inside its bureau (both unit kinds are
there). So above ``block_cadres`` × 2 cadres the units are cut, in id order, into blocks of
about ``block_cadres`` cadres; each block is a roster of its own (its units, posts, cadres,
their history, appraisals and relations; unplaced cadres go to the blocks with the most
vacancies at their levels) solved exactly — no candidate lists — by
:mod:`rotaplan.optimizer.solve` in one stage (M·soft + objective), as many blocks at a time
as there are cores, each by one worker in a forked process. The plans are merged in block
order, every rule instance of the whole roster is checked on the merged plan with the
rules' own verification code, and the objective is evaluated on the whole roster.

Then, with the time the blocks left (blocks of 150 only), a large-neighbourhood search
across the borders: pairs of neighbouring blocks are solved again as one roster, starting
from their plans, and kept when the whole roster's (soft penalty, objective) improves
(:func:`_improve_seams`).

What a block cannot see: moves between blocks, and targets shared by the whole roster.
Each block aims at the structure targets' shares itself, the women-in-leadership share of
the whole roster, and a share of the mid-age-chief minimum; a leader's portfolio cap counts
the units it supervises in other blocks. The cost of the cut is measured, not assumed: the
gap is taken against the whole-problem bound of :mod:`rotaplan.optimizer.bound`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from rotaplan.models.roster import Level, Roster
from rotaplan.optimizer import interrupt
from rotaplan.optimizer.objective import structure_shortfalls
from rotaplan.rules.base import Severity
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import satisfied
from rotaplan.rules.structure import Targets

DEFAULT_BLOCK_CADRES = 150
BIG_BLOCK_SECONDS = 30.0  # a block of 300 cadres is proven optimal in ~15 s (150: ~1.2 s)
AFTER_SECONDS_PER_CADRE = 0.0005  # merging, the whole-problem bound and writing, after blocks
BLOCK_SETUP_SECONDS = 0.4  # building a 150-cadre block's model in Python
PAIR_SETUP_SECONDS = 0.8  # the same for a pair of blocks


def search_seconds(seconds: float, jobs: int, workers: int, setup: float) -> float:
    """Each of ``jobs`` jobs' search time when ``workers`` processes share ``seconds`` (a
    tenth kept back), less the job's ``setup``."""
    return 0.9 * seconds * workers / jobs - setup


def block_size(ctx: Context, options) -> int:
    """``options.block_cadres`` when given; else 150, or 300 when the time limit gives each
    300-cadre block 30 s (bigger blocks lose fewer moves across their borders: at 1,000
    cadres objective −1,831 against −1,697 with 150)."""
    if options.block_cadres is not None:
        return options.block_cadres
    cadres = len(ctx.roster.cadres)
    count = max(1, cadres // (2 * DEFAULT_BLOCK_CADRES))
    left = options.time_limit - AFTER_SECONDS_PER_CADRE * cadres
    big = search_seconds(left, count, processes(), BLOCK_SETUP_SECONDS)
    if count >= 2 and big >= BIG_BLOCK_SECONDS:
        return 2 * DEFAULT_BLOCK_CADRES
    return DEFAULT_BLOCK_CADRES


@dataclass(frozen=True)
class Block:
    units: tuple[str, ...]
    unplaced: tuple[str, ...]  # unplaced cadres placed by this block


def blocks(ctx: Context, size: int) -> list[Block]:
    """Consecutive units (in id order) of about ``size`` cadres each; unplaced cadres go to
    the block with the most vacancies left at their levels (ties: the first block)."""
    roster = ctx.roster
    heads = defaultdict(int)
    for cadre in roster.cadres.values():
        if cadre.post_id:
            heads[roster.posts[cadre.post_id].unit_id] += 1
    cuts: list[list[str]] = [[]]
    count, left = 0, sum(heads.values())
    for unit_id in sorted(roster.units):
        if count >= size and left >= size // 2:  # no small last block
            cuts.append([])
            count = 0
        cuts[-1].append(unit_id)
        count += heads[unit_id]
        left -= heads[unit_id]
    # vacancies per block and level
    block_of = {u: i for i, units in enumerate(cuts) for u in units}
    free: list[dict[Level, int]] = [defaultdict(int) for _ in cuts]
    for post in roster.posts.values():
        if post.post_id not in roster.holder:
            free[block_of[post.unit_id]][post.level] += 1
    unplaced: list[list[str]] = [[] for _ in cuts]
    from rotaplan.optimizer.candidates import allowed_levels

    for cadre_id in sorted(c for c, cadre in roster.cadres.items() if not cadre.placed):
        levels = allowed_levels(ctx, cadre_id, set())
        room = [sum(free[i][lv] for lv in levels) for i in range(len(cuts))]
        best = max(range(len(cuts)), key=lambda i: (room[i], -i))
        unplaced[best].append(cadre_id)
        level = max(levels, key=lambda lv: (free[best][lv], -lv.rank))
        free[best][level] -= 1
    return [Block(tuple(u), tuple(p)) for u, p in zip(cuts, unplaced, strict=True)]


def sub_roster(roster: Roster, block: Block) -> Roster:
    """The block as a roster of its own (see the module docstring). Built from the
    roster's indexes: a scan of every table per block was quadratic (23 s at 50,000)."""
    # parts keep the roster's order: the model's variables follow it
    at = roster.position
    ids = sorted((p.post_id for u in block.units for p in roster.posts_by_unit[u]), key=at.get)
    posts = {p: roster.posts[p] for p in ids}
    holders = [roster.holder[p] for p in posts if p in roster.holder]
    cadres = {c: roster.cadres[c] for c in sorted([*holders, *block.unplaced], key=at.get)}
    units = set(block.units)
    inside = defaultdict(int)  # leader -> units it supervises in this block
    for unit_id in block.units:
        inside[roster.units[unit_id].supervisor_id] += 1
    supervised = _supervised(roster)
    leaders = {
        lid: (
            replace(leader, max_units=max(0, leader.max_units - (supervised[lid] - inside[lid])))
            if leader.max_units is not None
            else leader
        )
        for lid, leader in roster.leaders.items()
    }
    rows = roster.rows_by_cadre
    empty: dict[str, list] = {}
    pick = lambda name: tuple(  # noqa: E731
        row for _, row in sorted(pair for c in cadres for pair in rows.get(c, empty).get(name, ()))
    )
    return Roster(
        units={u: roster.units[u] for u in block.units},
        posts=posts,
        cadres=cadres,
        leaders=leaders,
        appraisals=pick("appraisals"),
        history=pick("history"),
        relations=tuple(
            r for r in pick("relations") if r.relative_id in cadres or r.relative_id in leaders
        ),
        borrowings=tuple(b for b in roster.borrowings if b.unit_id in units),
        settings=roster.settings,
        source=roster.source,
    )


def _supervised(roster: Roster) -> dict[str, int]:
    """leader -> units it supervises in the whole roster (cached on the roster)."""
    if "_supervised" not in roster.__dict__:
        count: dict[str, int] = defaultdict(int)
        for unit in roster.units.values():
            count[unit.supervisor_id] += 1
        roster.__dict__["_supervised"] = count
    return roster.__dict__["_supervised"]


def _mid_shares(ctx: Context, count: int) -> list[int]:
    """The mid-age-chief minimum is a count: spread over the blocks, the first ones take
    the remainder."""
    if not ctx.params.active("STRUCTURE_TARGETS"):
        return [0] * count
    low = Targets.of(ctx).mid_chief_min
    return [low // count + (1 if i < low % count else 0) for i in range(count)]


def block_context(ctx: Context, block: Block, mid: int) -> Context:
    """The block's context: its roster, the whole roster's structure targets (``mid``: its
    share of the mid-age-chief minimum)."""
    roster = sub_roster(ctx.roster, block)
    params = ctx.params
    if params.active("STRUCTURE_TARGETS"):
        t = Targets.of(ctx)
        params = params.with_rule(
            "STRUCTURE_TARGETS",
            params={"women_leader_share": t.women_leader_share, "mid_chief_min": mid},
        )
    pins = tuple(p for p in ctx.pins if p.cadre in roster.cadres)
    bans = tuple(b for b in ctx.bans if b.cadre in roster.cadres)
    return Context(roster, ctx.as_of, params, pins, bans)


def decomposable(ctx: Context, size: int) -> bool:
    """Whether the roster is worth cutting, and no pin or ban reaches across blocks."""
    if size <= 0 or len(ctx.roster.cadres) < 2 * size:
        return False
    if ctx.pins or ctx.bans:
        return False  # a pin may name a post of another block: solve the whole roster
    return True


def _init_worker(parent: int) -> None:
    """A block worker: Ctrl-C is the parent's to handle (it stops handing out blocks), and
    the worker dies with its parent (on Linux), so a killed ``plan`` leaves no orphan
    holding its terminal or pipes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        pass
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(1)


# the jobs of the running solve_blocks: forked workers inherit them (contexts hold
# mapping proxies, which do not pickle), and receive only an index
_JOBS: list[tuple] = []


def _solve_block(index: int) -> dict:
    """Solve one block (in a worker process); plain data back."""
    from rotaplan.optimizer.solve import solve

    block_ctx, options, deadline = _JOBS[index]
    left = deadline - time.monotonic()
    if left < 0.3:  # the time limit is spent: no block starts after it
        return dict(_NOT_SOLVED)
    result = solve(block_ctx, replace(options, time_limit=min(options.time_limit, left)))
    return {
        "status": result.status,
        "post_of": result.post_of,
        "leader_of": result.leader_of,
        "terms": [
            (t.rule_id, t.subject, t.coef, t.cadres, t.tier, value)
            for t, value in result.terms
            if t.rule_id != "STRUCTURE_TARGETS"
        ],
        "soft": result.soft_penalty,
        "objective": result.objective,
        "bound": result.best_bound,
        "seconds": result.wall_seconds,
        "stats": result.stats,
    }


def processes() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def solve_blocks(
    ctx: Context, options, size: int, start: float, say=None
) -> tuple[list[Block], list[dict], dict]:
    """Solve every block, ``processes()`` at a time; results in block order.

    A block without a plan gets up to three more rounds while time is left, each with three
    times the time: alone when it ran out of time, merged with its neighbour when it is
    infeasible on its own (its cadres need posts of the next block). No block starts after
    the time limit (less what merging and writing take after: ~0.5 ms a cadre); when the
    limit cannot give every block the ~0.9 s a 150-cadre block needs at least (0.4 s to
    build its model in Python, 0.5 s of presolve and first LP), none starts."""
    cut = blocks(ctx, size)
    workers = processes()
    deadline = start + options.time_limit - AFTER_SECONDS_PER_CADRE * len(ctx.roster.cadres)
    left = deadline - time.monotonic()
    needed = len(cut) * 0.9 / workers
    if needed > 1.5 * left:
        if say:
            say(
                f"[blocks] {len(cut)} blocks of ~{size} cadres need about {needed:.0f}s on "
                f"{workers} core(s); the time limit leaves {max(0.0, left):.0f}s"
            )
        return cut, [dict(_NOT_SOLVED) for _ in cut], {"tried": 0, "improved": 0}
    # each block the same share of the time left, less its model building
    per_block = max(0.5, search_seconds(left, len(cut), workers, BLOCK_SETUP_SECONDS))
    if say:
        say(
            f"[blocks] {len(cut)} blocks of ~{size} cadres, {workers} at a time, "
            f"≤ {per_block:.1f}s each"
        )
    block_options = replace(
        options,
        progress=None,
        single_stage=True,
        diagnose=False,
        block_cadres=0,
        # on 150-cadre blocks presolve took 0.45 of 1.2 s; one presolve pass without the
        # symmetry search halves the time to the proven optimum (BENCHMARKS.md)
        parameters=(("max_presolve_iterations", 1), ("symmetry_level", 0), *options.parameters),
    )
    mids = _mid_shares(ctx, len(cut))
    parts = [(b, m) for b, m in zip(cut, mids, strict=True)]
    results: list[dict | None] = [None] * len(parts)
    seconds = [per_block] * len(parts)
    for round_ in range(4):
        todo = [i for i, r in enumerate(results) if r is None or not _has_plan(r)]
        if not todo or interrupt.requested() or time.monotonic() > deadline - 0.5:
            break
        if round_:
            merged = []
            for i in todo:  # merge infeasible blocks with a neighbour
                if results[i] is not None and results[i]["status"] == "INFEASIBLE":
                    merged.append(i)
            for i in reversed(merged):
                if i >= len(parts):
                    continue
                j = i + 1 if i + 1 < len(parts) else i - 1
                if j < 0:
                    continue
                a, b = sorted((i, j))
                (block_a, mid_a), (block_b, mid_b) = parts[a], parts[b]
                joined = Block(block_a.units + block_b.units, block_a.unplaced + block_b.unplaced)
                parts[a : b + 1] = [(joined, mid_a + mid_b)]
                results[a : b + 1] = [None]
                seconds[a : b + 1] = [max(seconds[a], seconds[b])]
            todo = [i for i, r in enumerate(results) if r is None or not _has_plan(r)]
            for i in todo:
                seconds[i] *= 3
            if say:
                say(f"[blocks] {len(todo)} without a plan: again, ≤ {max(seconds):.1f}s each")
        jobs = [
            (block_context(ctx, parts[i][0], parts[i][1]), replace(block_options, time_limit=seconds[i]), deadline)
            for i in todo
        ]  # fmt: skip
        for i, result in zip(
            todo, _run(jobs, workers, say if not round_ else None, start), strict=True
        ):
            results[i] = result  # fmt: skip
    # a block no round reached (Ctrl-C or the time limit came first) has no plan
    results = [dict(_NOT_SOLVED) if r is None else r for r in results]
    seams = {"tried": 0, "improved": 0}
    # pairs of bigger blocks (600 cadres) are too slow to re-solve in the time left
    if (
        size <= DEFAULT_BLOCK_CADRES
        and all(_has_plan(r) for r in results)
        and not interrupt.requested()
    ):
        seams = _improve_seams(ctx, parts, results, block_options, deadline, workers, say)
    return [b for b, _ in parts], results, seams


SEAM_SECONDS = 2.0  # least time worth giving a pair of blocks (its model takes ~0.8 s)
_MERGED = {"status": "MERGED", "post_of": {}, "leader_of": {}, "terms": [], "soft": 0}


def _improve_seams(ctx, parts, results, block_options, deadline, workers, say) -> dict:
    """Large-neighbourhood search across block borders, with the time the blocks left.

    A block cannot move a cadre into the next block. So pairs of neighbouring blocks are
    solved again as one neighbourhood — (0, 1), (2, 3), … then (1, 2), (3, 4), … for
    pairs not yet joined — each starting from the blocks' plan, and a pair's plan replaces
    the two blocks' when the whole roster's (soft penalty, objective) gets better. The
    first sweep gets half the time left; a sweep whose pairs would get less than
    SEAM_SECONDS each is skipped."""
    best = _score(ctx, results)
    joined = [False] * len(parts)
    tried = improved = 0
    for sweep, offset in enumerate((0, 1)):
        pairs = [
            (i, i + 1)
            for i in range(offset, len(parts) - 1, 2)
            if not joined[i] and not joined[i + 1]
        ]
        left = deadline - time.monotonic()
        if not pairs or interrupt.requested():
            continue
        seconds = search_seconds(left / (2 - sweep), len(pairs), workers, PAIR_SETUP_SECONDS)
        if seconds < SEAM_SECONDS:
            continue
        jobs = []
        for i, j in pairs:
            (a, mid_a), (b, mid_b) = parts[i], parts[j]
            start_from = (
                tuple(sorted({**results[i]["post_of"], **results[j]["post_of"]}.items())),
                tuple(sorted({**results[i]["leader_of"], **results[j]["leader_of"]}.items())),
            )
            options = replace(block_options, time_limit=seconds, start_from=start_from)
            union = Block(a.units + b.units, a.unplaced + b.unplaced)
            jobs.append((block_context(ctx, union, mid_a + mid_b), options, deadline))
        for (i, j), result in zip(pairs, _run(jobs, workers, None, 0.0), strict=True):
            tried += 1
            if not _has_plan(result):
                continue
            trial = list(results)
            trial[i], trial[j] = result, _MERGED
            score = _score(ctx, trial)
            if score < best:  # lexicographic: soft penalty, then objective
                results[i], results[j] = result, _MERGED
                best, joined[i], joined[j] = score, True, True
                improved += 1
    if say and tried:
        say(f"[seams] {tried} pairs of neighbouring blocks solved together: {improved} better")
    return {"tried": tried, "improved": improved}


def _score(ctx: Context, results: list[dict]) -> tuple[int, int]:
    """The whole roster's (soft penalty, objective) of the blocks' merged plans: the soft
    instances and the objective terms but STRUCTURE_TARGETS are each a block's; the
    structure targets are the whole roster's."""
    soft = sum(r["soft"] or 0 for r in results)
    objective = sum(
        coef * value
        for r in results
        for _, _, coef, _, tier, value in r["terms"]
        if tier == "objective"
    )
    weight = ctx.params.weight("STRUCTURE_TARGETS")
    if weight:
        post_of = {c: p for r in results for c, p in r["post_of"].items()}
        outcome = Outcome(post_of, {})
        objective += weight * sum(structure_shortfalls(ctx, outcome).values())
    return soft, objective


_NOT_SOLVED = {"status": "UNKNOWN"}  # a block Ctrl-C left unsolved


def _has_plan(result: dict) -> bool:
    return result["status"] in ("OPTIMAL", "FEASIBLE", "MERGED")


def _run(jobs: list[tuple], workers: int, say, start: float) -> list[dict]:
    _JOBS[:] = jobs
    try:
        if workers == 1 or len(jobs) == 1:
            results = []
            for i in range(len(jobs)):
                if interrupt.requested():
                    break
                results.append(_solve_block(i))
            return results + [_NOT_SOLVED] * (len(jobs) - len(results))
        results: list[dict] = []
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            workers, mp_context=fork, initializer=_init_worker, initargs=(os.getpid(),)
        ) as pool:
            futures = [pool.submit(_solve_block, i) for i in range(len(jobs))]
            for done, future in enumerate(futures, 1):
                results.append(future.result())
                if interrupt.requested():  # Ctrl-C: the running blocks end, no new one starts
                    for rest in futures:
                        rest.cancel()
                    break
                if say and (done % max(1, len(jobs) // 10) == 0 or done == len(jobs)):
                    say(f"[blocks] {time.monotonic() - start:6.1f}s  {done}/{len(jobs)} solved")
        return results + [_NOT_SOLVED] * (len(jobs) - len(results))
    finally:
        _JOBS.clear()


def modelled(ctx: Context, inst) -> bool:
    """Whether the CP-SAT model gives the instance an ``ok`` literal (Constraints)."""
    from rotaplan.optimizer.constraints import MODELLED_RULES

    if inst.waived or inst.rule_id not in MODELLED_RULES:
        return False
    if inst.rule_id == "PROMOTION_ELIGIBILITY":
        return inst.detail_key == "ineligible"
    return ctx.params.severity(inst.rule_id) is not Severity.OFF


def solve_decomposed(ctx: Context, options, size: int, start: float):
    """The whole roster's :class:`SolveResult` from its blocks' plans, or None when a block
    has none (infeasible on its own, or out of time)."""
    from rotaplan.optimizer.bound import whole_bound
    from rotaplan.optimizer.objective import Term
    from rotaplan.optimizer.solve import SolveResult, Stage, _unknown

    say = options.progress
    cut, results, seams = solve_blocks(ctx, options, size, start, say)
    stats = {
        "blocks": len(cut),
        "block_cadres": size,
        "candidate_model": False,
        "variables": sum(r.get("stats", {}).get("variables", 0) for r in results),
        "candidate_pairs": sum(r.get("stats", {}).get("candidate_pairs", 0) for r in results),
        "full_pairs": None,
        "block_seconds": round(sum(r.get("seconds", 0) for r in results), 3),
        "blocks_optimal": sum(r["status"] == "OPTIMAL" for r in results),
        # each block's own optimum (its structure targets counted per block): what another
        # solver of the same block models is compared with (bench/compare.py)
        "blocks_soft": sum(r.get("soft") or 0 for r in results),
        "blocks_objective": sum(r.get("objective") or 0 for r in results),
        "seams_tried": seams["tried"],
        "seams_improved": seams["improved"],
    }
    if any(not _has_plan(r) for r in results):
        infeasible = any(r["status"] == "INFEASIBLE" for r in results)
        if infeasible and not interrupt.requested():
            return None  # a block has no plan even merged: the caller solves the whole roster
        # out of time, or Ctrl-C, before every block had a plan: no plan at all
        return replace(_unknown(ctx, start, options, stats, []), interrupted=interrupt.requested())
    post_of: dict[str, str | None] = {}
    leader_of: dict[str, str | None] = {}
    terms: list[tuple[Term, int]] = []
    for r in results:
        post_of.update(r["post_of"])
        leader_of.update(r["leader_of"])
        for rule_id, subject, coef, cadres, tier, value in r["terms"]:
            terms.append((Term(rule_id, subject, coef, None, cadres, tier), value))
    outcome = Outcome(post_of, leader_of)
    weight = ctx.params.weight("STRUCTURE_TARGETS")
    if weight:
        for key, value in structure_shortfalls(ctx, outcome).items():
            terms.append((Term("STRUCTURE_TARGETS", key, weight, None), value))
    oks = [(inst, satisfied(ctx, inst, outcome)) for inst in ctx.instances if modelled(ctx, inst)]
    soft = sum(
        ctx.params.weight(inst.rule_id)
        for inst, ok in oks
        if not ok and ctx.params.severity(inst.rule_id) is Severity.SOFT
    )
    objective = float(sum(t.coef * v for t, v in terms if t.tier == "objective"))
    whole = whole_bound(ctx, soft, time_budget=max(1.0, 0.05 * options.time_limit))
    bound = whole.objective  # (a bound on every plan's objective when soft > whole.soft)
    elapsed = time.monotonic() - start
    stages = [
        Stage("blocks", "FEASIBLE", objective, bound, stats["block_seconds"]),
    ]
    return SolveResult(
        status="FEASIBLE",
        objective=objective,
        best_bound=bound,
        wall_seconds=elapsed,
        soft_penalty=soft,
        stages=stages,
        post_of=post_of,
        leader_of=leader_of,
        terms=terms,
        oks=oks,
        stats=stats,
        options=options,
        interrupted=interrupt.requested(),
        whole=whole,
    )
