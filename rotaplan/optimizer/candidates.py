"""Which posts each cadre may hold after the cycle (the domain of ``x[cadre, post]``).

The domain follows the level rules exactly: posts of the cadre's level, one level up when
PROMOTION_ELIGIBILITY allows it, staff posts when APPRAISAL_ADJUSTMENT applies, and always
the current post. Nothing else is pruned here unless the roster is large (``max_pairs``):
then every cadre keeps its current post, every vacancy of its levels, every post a hard or
soft rule could send it to in another unit up to ``per_cadre`` best, and the summary says the
model is a candidate model.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rotaplan.models.roster import Level
from rotaplan.rules.base import Severity
from rotaplan.rules.context import Context

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


def build_candidates(
    ctx: Context,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    per_cadre: int = DEFAULT_PER_CADRE,
    seed: int = 0,
) -> Candidates:
    roster = ctx.roster
    step_down = {
        i.subject for i in ctx.instances if i.rule_id == "APPRAISAL_ADJUSTMENT" and not i.waived
    }
    by_level: dict[Level, list[str]] = {lv: [] for lv in Level}
    for post in roster.posts.values():
        by_level[post.level].append(post.post_id)
    levels = {cid: allowed_levels(ctx, cid, step_down) for cid in roster.cadres}
    full_pairs = sum(sum(len(by_level[lv]) for lv in lvs) for lvs in levels.values())
    reduced = full_pairs > max_pairs
    vacant = {p for p in roster.posts if p not in roster.holder}
    rng = random.Random(seed)
    out: dict[str, tuple[str, ...]] = {}
    for cid, cadre in roster.cadres.items():
        pool = [p for lv in sorted(levels[cid], key=lambda lv: lv.rank) for p in by_level[lv]]
        if reduced and len(pool) > per_cadre:
            pool = _shortlist(ctx, cid, pool, vacant, per_cadre, rng)
        for pin in ctx.pins:  # a pinned post joins the domain when its level is within reach
            if pin.cadre == cid and pin.post and pin.post not in pool:
                if roster.posts[pin.post].level.rank <= cadre.level.rank + 1:
                    pool.append(pin.post)
        current = (cadre.post_id,) if cadre.post_id else ()
        out[cid] = current + tuple(p for p in pool if p != cadre.post_id)
    return Candidates(out, reduced, full_pairs)


def _shortlist(ctx, cadre_id, pool, vacant, size, rng) -> list[str]:
    """Vacancies first, then posts in other units of the other kind, then a seeded sample."""
    roster = ctx.roster
    cadre = roster.cadres[cadre_id]
    home = roster.unit_of(cadre_id)
    home_kind = roster.units[home].kind if home else None
    tags = cadre.specialty

    def score(post_id: str) -> tuple:
        post = roster.posts[post_id]
        unit = roster.units[post.unit_id]
        return (
            post_id not in vacant,
            post.unit_id == home,
            unit.kind == home_kind,
            -len(tags & post.specialty),
            rng.random(),
        )

    return sorted(pool, key=score)[:size]
