"""Which posts each cadre may hold after the cycle (the domain of ``x[cadre, post]``).

The domain follows the level rules exactly: posts of the cadre's level, one level up when
PROMOTION_ELIGIBILITY allows it, staff posts when APPRAISAL_ADJUSTMENT applies, and always
the current post. Nothing else is pruned here unless the roster is large (``max_pairs``):
then each cadre keeps its current post and a shortlist (:func:`_shortlists`: open posts —
vacant or held by cadres the rules ask to move — of the other unit kind and its specialty
first, in a window around its own unit), and the summary says the model is a candidate
model, its gap measured against the candidate model only.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass

from rotaplan.models.roster import Level
from rotaplan.rules.base import Severity
from rotaplan.rules.context import Context
from rotaplan.rules.registry import asked_to_move

DEFAULT_MAX_PAIRS = 400_000
DEFAULT_PER_CADRE = 60


@dataclass(frozen=True)
class Candidates:
    posts: dict[str, tuple[str, ...]]  # cadre_id -> post ids, current post first
    reduced: bool
    full_pairs: int  # the size the unreduced domain would have

    @property
    def pairs(self) -> int:
        return sum(len(p) for p in self.posts.values())


def step_down_cadres(ctx: Context) -> set[str]:
    """Cadres APPRAISAL_ADJUSTMENT lets take a staff post."""
    return {
        i.subject for i in ctx.instances if i.rule_id == "APPRAISAL_ADJUSTMENT" and not i.waived
    }


def must_leave(ctx: Context) -> set[str]:
    """Cadres a hard KEY_POST_TENURE or LEADER_UNIT_TENURE sends out of their unit."""
    return {
        i.movers[0]
        for i in ctx.instances
        if i.rule_id in ("KEY_POST_TENURE", "LEADER_UNIT_TENURE")
        and not i.waived
        and ctx.params.is_hard(i.rule_id)
    }


def allowed_levels(ctx: Context, cadre_id: str, step_down: set[str]) -> set[Level]:
    cadre = ctx.roster.cadres[cadre_id]
    levels = {cadre.level}
    up = cadre.level.up()
    eligibility = ctx.params.severity("PROMOTION_ELIGIBILITY")
    if up is not None:
        facts = ctx.facts[cadre_id]
        if eligibility is not Severity.HARD or facts.promotion_eligible:
            if not (cadre.placed and facts.on_probation and ctx.params.is_hard("PROBATION")):
                levels.add(up)
    if cadre_id in step_down:
        levels.add(Level.STAFF)
    return levels


def full_pair_count(ctx: Context) -> int:
    """How many (cadre, post) pairs the exact domain has."""
    step_down = step_down_cadres(ctx)
    per_level = {lv: 0 for lv in Level}
    for post in ctx.roster.posts.values():
        per_level[post.level] += 1
    return sum(
        sum(per_level[lv] for lv in allowed_levels(ctx, cid, step_down))
        for cid in ctx.roster.cadres
    )


def build_candidates(
    ctx: Context,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    per_cadre: int = DEFAULT_PER_CADRE,
    seed: int = 0,
) -> Candidates:
    roster = ctx.roster
    step_down = step_down_cadres(ctx)
    by_level: dict[Level, list[str]] = {lv: [] for lv in Level}
    for post in roster.posts.values():
        by_level[post.level].append(post.post_id)
    levels = {cid: allowed_levels(ctx, cid, step_down) for cid in roster.cadres}
    full_pairs = sum(sum(len(by_level[lv]) for lv in lvs) for lvs in levels.values())
    reduced = full_pairs > max_pairs
    if reduced:
        pools = _shortlists(ctx, levels, per_cadre, seed)
    else:
        pools = {
            cid: [p for lv in sorted(levels[cid], key=lambda lv: lv.rank) for p in by_level[lv]]
            for cid in roster.cadres
        }
    out: dict[str, tuple[str, ...]] = {}
    for cid, cadre in roster.cadres.items():
        pool = pools[cid]
        for pin in ctx.pins:  # a pinned post joins the domain when its level is within reach
            if pin.cadre == cid and pin.post and pin.post not in pool:
                if roster.posts[pin.post].level.rank <= cadre.level.rank + 1:
                    pool.append(pin.post)
        current = (cadre.post_id,) if cadre.post_id else ()
        out[cid] = current + tuple(p for p in pool if p != cadre.post_id)
    return Candidates(out, reduced, full_pairs)


def _shortlists(
    ctx: Context, levels: dict[str, set[Level]], size: int, seed: int
) -> dict[str, list[str]]:
    """Candidate posts of every cadre for a roster too large for the exact domain.

    Posts are indexed by (level, unit kind, specialty tag) buckets of slot classes (posts
    interchangeable but for their holders), so a cadre's list costs O(size), not a scan of
    every post. Each cadre takes whole classes from its best buckets first: posts that are
    vacant or held by a cadre some rule asks to move ("open"), in a unit of the other kind,
    sharing its specialty, one level up when it may be promoted. Within a bucket (ordered by
    unit id) it takes a window centred on its own unit: cadres do not all compete for the
    same few posts, and two cadres of nearby units see each other's posts, so that swaps and
    move chains exist inside the candidate model (with windows at random offsets they vanish
    as the roster grows: at 5,000 cadres the candidate model then left ~40 times more soft
    penalty than at 1,000 instead of 5 times). An unplaced cadre starts at a seeded offset. A
    cadre no rule asks to move and that may not be promoted gets a quarter of the list
    (its moves only fill chains)."""
    roster = ctx.roster
    asked = asked_to_move(ctx)
    leaving = must_leave(ctx)
    open_posts = {p for p in roster.posts if p not in roster.holder}
    open_posts |= {roster.cadres[c].post_id for c in asked if roster.cadres[c].post_id}
    classes: dict[tuple, list[str]] = {}
    for post in sorted(roster.posts.values(), key=lambda p: p.post_id):
        classes.setdefault((post.unit_id, post.level, post.key, post.specialty), []).append(
            post.post_id
        )
    # bucket -> class keys; a class with several tags sits in several buckets
    buckets: dict[tuple, list[tuple]] = {}
    for klass, posts in classes.items():
        unit_id, level, _, tags = klass
        kind = roster.units[unit_id].kind
        is_open = any(p in open_posts for p in posts)
        for tag in (*sorted(tags), None):
            buckets.setdefault((level, kind, tag, is_open), []).append(klass)
    for members in buckets.values():
        members.sort(key=lambda klass: klass[0])
    bucket_units = {key: [klass[0] for klass in members] for key, members in buckets.items()}
    kinds = sorted({u.kind for u in roster.units.values()}, key=lambda k: k.value)
    rank = {lv: lv.rank for lv in Level}

    def shortlist(cid: str, want: int) -> list[str]:
        cadre = roster.cadres[cid]
        home = roster.unit_of(cid)
        home_kind = roster.units[home].kind if home else None
        promote = cadre.level.up() if cadre.level.up() in levels[cid] else None
        order = []
        for level in sorted(levels[cid], key=lambda lv: (lv != promote, -rank[lv])):
            for is_open in (True, False):
                for kind in sorted(kinds, key=lambda k: k == home_kind):
                    for tag in (*sorted(cadre.specialty), None):
                        score = (
                            (4 if level == promote else 0)
                            + (3 if is_open else 0)
                            + (2 if kind != home_kind else 0)
                            + (1 if tag is not None else 0)
                        )
                        order.append((-score, len(order), (level, kind, tag, is_open)))
        order.sort()
        chosen: list[str] = []
        seen: set[tuple] = set()
        progress: dict[tuple, int] = {}  # bucket -> how far its window has been walked
        # first pass: a quarter of the list at most from each bucket, so that cadres with
        # the same tags do not all take the same small buckets whole; second pass: the rest
        for cap in (max(2, want // 4), None):
            for _, _, key in order:
                members = buckets.get(key, ())
                n = len(members)
                if home is None:
                    center = _offset(seed, cid) % max(1, n)
                else:  # a window growing around the home unit (see the docstring)
                    center = bisect.bisect_left(bucket_units.get(key, ()), home)
                taken = 0
                while progress.get(key, 0) < n and (cap is None or taken < cap):
                    i = progress[key] = progress.get(key, 0) + 1
                    klass = members[(center + i // 2 * (1 if i % 2 == 0 else -1)) % n]
                    if klass in seen or (cid in leaving and klass[0] == home):
                        continue
                    seen.add(klass)
                    chosen.extend(classes[klass])
                    taken += len(classes[klass])
                    if len(chosen) >= want:
                        return chosen
        return chosen

    out: dict[str, list[str]] = {}
    for cid, cadre in roster.cadres.items():
        busy = cid in asked or not cadre.placed or cadre.level.up() in levels[cid]
        out[cid] = shortlist(cid, size if busy else max(4, size // 4))
    return out


def _offset(seed: int, cadre_id: str) -> int:
    digest = hashlib.blake2b(f"{seed}|{cadre_id}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")
