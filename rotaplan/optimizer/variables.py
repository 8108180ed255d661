"""Decision variables: ``x[cadre, post]`` (who holds which post after the cycle) and
``s[unit, leader]`` (who supervises which unit).

Slot classes (an exact reduction). Posts of one unit with the same level, key flag and
specialty tags are interchangeable for every rule and objective term except through their
current holders, whose own post matters (STAFF_POST_TENURE, PROBATION, MIN_TENURE,
STABILITY). So a cadre gets one literal for its current post and one literal per *class*
of the other posts it may take: ``x[cadre, rep]`` where ``rep`` is the first post of the
class other than the cadre's own; it reads "the cadre takes some post of rep's class that
is not its own". Every rule reads only the unit, level, key flag and specialty of ``rep``,
which the whole class shares. :meth:`Constraints._slot_capacity` keeps the class feasible
(Hall's condition, see there) and :meth:`Variables.concrete` maps a solution back to
concrete posts, so the aggregated model has exactly the plans of the unaggregated one.
Posts a scenario pins or bans stay singleton classes; ``aggregate=False`` makes every
class a singleton (``x[cadre, post]`` is then literally that post).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from ortools.sat.python import cp_model

from rotaplan.optimizer.candidates import Candidates
from rotaplan.rules.context import Context


def slot_classes(ctx: Context, aggregate: bool = True) -> dict[str, tuple]:
    """post_id -> its class key; posts with equal keys are interchangeable but for holders."""
    named = {item.post for item in (*ctx.pins, *ctx.bans) if getattr(item, "post", None)}
    out = {}
    for post in ctx.roster.posts.values():
        if aggregate and post.post_id not in named:
            out[post.post_id] = (post.unit_id, post.level, post.key, post.specialty)
        else:
            out[post.post_id] = (post.post_id,)
    return out


def supervisor_domains(ctx: Context, reduce: bool = True) -> dict[str, list[str]]:
    """The leaders each unit may get (an exact reduction). A *free* leader — no portfolio
    cap, no relative in the roster — is bound by no rule, and every rule and term reads a
    unit's portfolio only as "its current supervisor or not" (SUPERVISOR_PAIRING, STABILITY)
    or through a capped or related leader (ESTABLISHMENT's cap, KIN_AVOIDANCE), whom fewer
    units only help. So a plan giving a unit any leader but its current one can give it a
    free leader instead, at the same cost and with every rule still met: each unit keeps its
    current supervisor and one free leader (spread by a hash of the unit id). Without two
    free leaders every leader stays in every domain."""
    roster = ctx.roster
    leaders = sorted(roster.leaders)
    related = {r.cadre_id for r in roster.relations} | {r.relative_id for r in roster.relations}
    free = [lid for lid in leaders if roster.leaders[lid].max_units is None and lid not in related]
    out: dict[str, list[str]] = {}
    for unit_id, unit in roster.units.items():
        if not reduce or len(free) < 2:
            out[unit_id] = list(roster.leaders)
            continue
        start = _spread(unit_id) % len(free)
        alternative = next(
            free[(start + i) % len(free)]
            for i in range(len(free))
            if free[(start + i) % len(free)] != unit.supervisor_id
        )
        domain = {unit.supervisor_id, alternative}
        out[unit_id] = [lid for lid in roster.leaders if lid in domain]
    return out


def _spread(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


class Variables:
    def __init__(
        self,
        model: cp_model.CpModel,
        ctx: Context,
        candidates: Candidates,
        aggregate: bool = True,
    ):
        roster = ctx.roster
        self.ctx = ctx
        self.class_of = slot_classes(ctx, aggregate)
        self.class_posts: dict[tuple, list[str]] = defaultdict(list)  # sorted post ids
        for post_id in sorted(roster.posts):
            self.class_posts[self.class_of[post_id]].append(post_id)
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        self.posts_of: dict[str, list[str]] = {}  # current post first, then one rep per class
        self.cadres_of_post: dict[str, list[str]] = defaultdict(list)
        self.cadres_of_class: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
        for cadre_id, posts in candidates.posts.items():
            current = roster.cadres[cadre_id].post_id
            keys: list[str] = []
            seen: set[tuple] = set()
            for post_id in posts:
                if post_id == current:
                    keys.append(post_id)
                    continue
                klass = self.class_of[post_id]
                if klass in seen:
                    continue
                seen.add(klass)
                # the class's first post that is not the cadre's own stands for the class
                keys.append(next(p for p in self.class_posts[klass] if p != current))
            self.posts_of[cadre_id] = keys
            for post_id in keys:
                self.x[cadre_id, post_id] = model.new_bool_var(f"x[{cadre_id},{post_id}]")
                self.cadres_of_post[post_id].append(cadre_id)
                if post_id != current:
                    self.cadres_of_class[self.class_of[post_id]].append((cadre_id, post_id))
        self.s: dict[tuple[str, str], cp_model.IntVar] = {}
        self.leaders_of: dict[str, list[str]] = supervisor_domains(ctx, aggregate)
        for unit_id, leaders in self.leaders_of.items():
            for leader_id in leaders:
                self.s[unit_id, leader_id] = model.new_bool_var(f"s[{unit_id},{leader_id}]")
        self._in_unit: dict[tuple[str, str], list] = {}
        for (cadre_id, post_id), var in self.x.items():
            unit_id = roster.posts[post_id].unit_id
            self._in_unit.setdefault((cadre_id, unit_id), []).append(var)

    def stays(self, post_id: str):
        """The literal 'the post's current holder keeps it', or None for a vacancy."""
        holder = self.ctx.roster.holder.get(post_id)
        return self.x.get((holder, post_id)) if holder else None

    def in_unit(self, cadre_id: str, unit_id: str) -> list:
        """Literals whose sum is 1 when the cadre ends in the unit."""
        return self._in_unit.get((cadre_id, unit_id), [])

    def outside_unit(self, cadre_id: str, unit_id: str | None) -> list:
        roster = self.ctx.roster
        return [
            self.x[cadre_id, p]
            for p in self.posts_of[cadre_id]
            if roster.posts[p].unit_id != unit_id
        ]

    def at(self, cadre_id: str, post_id: str | None):
        """The cadre's literal for its own current post (or for a singleton-class post)."""
        return self.x.get((cadre_id, post_id)) if post_id else None

    def where(self, cadre_id: str, keep) -> list:
        """Literals of the cadre's candidate posts that satisfy ``keep(post)``."""
        roster = self.ctx.roster
        return [self.x[cadre_id, p] for p in self.posts_of[cadre_id] if keep(roster.posts[p])]

    def key_for(self, cadre_id: str, post_id: str | None) -> str | None:
        """The key of the cadre's literal that covers the post (None: outside its domain)."""
        if post_id is None:
            return None
        if post_id == self.ctx.roster.cadres[cadre_id].post_id:
            return post_id if (cadre_id, post_id) in self.x else None
        klass = self.class_of[post_id]
        current = self.ctx.roster.cadres[cadre_id].post_id
        return next(
            (k for k in self.posts_of[cadre_id] if k != current and self.class_of[k] == klass),
            None,
        )

    def concrete(self, chosen: dict[str, str | None]) -> dict[str, str | None]:
        """Concrete posts from chosen literal keys (cadre -> key): stayers keep their posts;
        the movers into each class take its vacated posts, by cadre id and post id, none
        its own (the capacity constraints guarantee this is possible)."""
        roster = self.ctx.roster
        out: dict[str, str | None] = {}
        movers: dict[tuple, list[str]] = defaultdict(list)
        taken: set[str] = set()
        for cadre_id, key in chosen.items():
            if key is None or key == roster.cadres[cadre_id].post_id:
                out[cadre_id] = key
                if key:
                    taken.add(key)
            elif len(self.class_posts[self.class_of[key]]) == 1:
                out[cadre_id] = key
                taken.add(key)
            else:
                movers[self.class_of[key]].append(cadre_id)
        for klass, cadres in movers.items():
            free = [p for p in self.class_posts[klass] if p not in taken]
            given: list[tuple[str, str]] = []  # (cadre, post) in assignment order
            for cadre_id in sorted(cadres):
                own = roster.cadres[cadre_id].post_id
                post = next((p for p in free if p != own), None)
                if post is None:  # only its own post is left: trade with an earlier mover
                    if not given:
                        raise ValueError(f"class {klass}: no post for {cadre_id}")
                    other, post = given[0]
                    given[0] = (other, own)
                    free.remove(own)
                else:
                    free.remove(post)
                given.append((cadre_id, post))
            out.update(dict(given))
        return out
