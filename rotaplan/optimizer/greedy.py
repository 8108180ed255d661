"""A greedy rule-following plan: the solver's first hint, and the quality floor of the
benchmarks. Not optimal and not guaranteed to meet every rule (kinship, establishment caps
and portfolios are ignored); CP-SAT repairs what it breaks.

Cadres are served in order of need — hard move rules, soft move rules, unplaced cadres,
then eligible promotions by merit — and each takes the best post of its candidate list that
is free at that moment (vacant, or left by an earlier mover) and meets its rule; its own
post then becomes free for the next ones.
"""

from __future__ import annotations

from rotaplan.models.roster import Level
from rotaplan.optimizer.candidates import Candidates
from rotaplan.rules.context import Context

_LEAVE_UNIT = ("KEY_POST_TENURE", "LEADER_UNIT_TENURE", "SUPERVISOR_PAIRING")


def greedy_plan(ctx: Context, candidates: Candidates) -> dict[str, str | None]:
    """cadre -> post after the cycle (its current post when nothing better was free)."""
    roster = ctx.roster
    need: dict[str, tuple[int, str]] = {}  # cadre -> (priority, what it needs)

    def ask(cadre_id: str, priority: int, what: str) -> None:
        if cadre_id not in need or need[cadre_id][0] > priority:
            need[cadre_id] = (priority, what)

    for inst in ctx.instances:
        if inst.waived or not ctx.params.active(inst.rule_id) or not inst.movers:
            continue
        priority = 0 if ctx.params.is_hard(inst.rule_id) else 1
        if inst.rule_id in _LEAVE_UNIT:
            ask(inst.movers[0], priority, "unit")
        elif inst.rule_id == "APPRAISAL_ADJUSTMENT":
            ask(inst.subject, priority, "unit_or_staff")
        elif inst.rule_id == "STAFF_POST_TENURE":
            ask(inst.movers[0], priority, "post")
        elif inst.rule_id == "CHIEF_DEPUTY_PAIRING":
            if not any(m in need for m in inst.movers):
                ask(inst.movers[-1], priority, "unit")
    stay = {i.subject for i in ctx.instances if i.rule_id == "PROBATION" and not i.waived}
    for cadre in roster.cadres.values():
        if not cadre.placed:
            ask(cadre.cadre_id, 2, "place")
        elif ctx.facts[cadre.cadre_id].promotion_eligible and cadre.cadre_id not in stay:
            ask(cadre.cadre_id, 3, "promote")
    order = sorted(
        need,
        key=lambda c: (need[c][0], -ctx.facts[c].merit if need[c][0] == 3 else 0, c),
    )
    kin: dict[str, set[str]] = {}
    for rel in roster.relations:
        kin.setdefault(rel.cadre_id, set()).add(rel.relative_id)
        kin.setdefault(rel.relative_id, set()).add(rel.cadre_id)
    supervisor = {u.unit_id: u.supervisor_id for u in roster.units.values()}
    room = {u: roster.establishment(u) - roster.headcount(u) for u in roster.units}
    free = {p for p in roster.posts if p not in roster.holder}
    post_of: dict[str, str | None] = {c.cadre_id: c.post_id for c in roster.cadres.values()}

    def unit_of(cadre_id: str) -> str | None:
        post = post_of.get(cadre_id)
        return roster.posts[post].unit_id if post else None

    def allowed(cadre_id: str, post, what: str, leaving: str | None = None) -> bool:
        """The post meets the cadre's need, its unit's cap and kinship avoidance."""
        cadre = roster.cadres[cadre_id]
        home = roster.unit_of(cadre_id)
        if what == "unit":
            fits = post.unit_id != home and post.level.rank <= cadre.level.rank
        elif what == "unit_or_staff":
            fits = post.unit_id != home or post.level is Level.STAFF
        elif what == "promote":
            fits = post.level.rank == cadre.level.rank + 1
        else:
            fits = post.post_id != cadre.post_id and post.level.rank <= cadre.level.rank
        if not fits:
            return False
        if post.unit_id != home and post.unit_id != leaving and room[post.unit_id] <= 0:
            return False
        for other in kin.get(cadre_id, ()):
            if other in roster.cadres and unit_of(other) == post.unit_id:
                return False
            if post.key and supervisor.get(post.unit_id) == other:
                return False
        return True

    def score(cadre_id: str, post) -> tuple:
        cadre = roster.cadres[cadre_id]
        home = roster.unit_of(cadre_id)
        home_kind = roster.units[home].kind if home else None
        kind = roster.units[post.unit_id].kind
        return (-len(cadre.specialty & post.specialty) - 2 * (kind != home_kind), post.post_id)

    def take(cadre_id: str, post_id: str) -> None:
        old = post_of[cadre_id]
        new_unit = roster.posts[post_id].unit_id
        old_unit = roster.posts[old].unit_id if old else None
        if new_unit != old_unit:
            room[new_unit] -= 1
            if old_unit:
                room[old_unit] += 1
        free.discard(post_id)
        if old:
            free.add(old)
        post_of[cadre_id] = post_id

    unmet: list[str] = []
    for cadre_id in order:
        what = need[cadre_id][1]
        options = [
            roster.posts[p]
            for p in candidates.posts[cadre_id]
            if p in free and allowed(cadre_id, roster.posts[p], what)
        ]
        if options:
            take(cadre_id, min(options, key=lambda post: score(cadre_id, post)).post_id)
        elif what != "promote" and roster.cadres[cadre_id].placed:
            unmet.append(cadre_id)
    # movers left without a free post: swap two of them when each meets the other's need
    waiting = {c for c in unmet}
    for a in unmet:
        if a not in waiting:
            continue
        for p in candidates.posts[a]:
            b = roster.holder.get(p)
            if b is None or b == a or b not in waiting or post_of[b] != p:
                continue
            pa, pb = roster.posts[post_of[a]], roster.posts[p]
            unit_a, unit_b = pa.unit_id, pb.unit_id
            if post_of[a] not in candidates.posts[b]:
                continue
            if allowed(a, pb, need[a][1], unit_a) and allowed(b, pa, need[b][1], unit_b):
                post_of[a], post_of[b] = p, pa.post_id
                waiting -= {a, b}
                break
    return post_of
