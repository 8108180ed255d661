"""``rotaplan apply``: carry a verified plan into the roster of the next cycle.

:func:`apply_outcome` is pure: it returns a new :class:`Roster` and never changes its input.
For every cadre whose post changed, the previous assignment becomes a history row (its unit,
post and level, from the old ``post_since`` to ``as_of``) and the cadre takes the new post
since ``as_of`` at the new post's level (a promotion or a step-down changes the rank held).
A cadre placed for the first time gets ``post_since = as_of`` and no history row. A unit
whose supervising leader changed gets ``supervisor_since = as_of``. The settings' ``as_of``
becomes the date the plan took effect, so ``check`` on the new roster shows the clocks the
plan reset; plan the next cycle with ``--as-of``.
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

from rotaplan.io import unquote
from rotaplan.models.roster import HistoryEntry, Roster
from rotaplan.rules.context import Outcome


def apply_outcome(roster: Roster, outcome: Outcome, as_of: date) -> Roster:
    """The roster after ``outcome`` took effect on ``as_of`` (a new roster)."""
    for cadre_id, post_id in outcome.post_of.items():
        if cadre_id not in roster.cadres:
            raise ValueError(f"outcome names an unknown cadre {cadre_id}")
        if post_id is not None and post_id not in roster.posts:
            raise ValueError(f"outcome gives {cadre_id} an unknown post {post_id}")
    holders: dict[str, str] = {}
    for cadre_id, cadre in roster.cadres.items():  # a cadre the outcome omits stays put
        post_id = outcome.post_of.get(cadre_id, cadre.post_id)
        if post_id is not None and post_id in holders:
            raise ValueError(f"post {post_id} would hold both {holders[post_id]} and {cadre_id}")
        if post_id is not None:
            holders[post_id] = cadre_id

    cadres = dict(roster.cadres)
    history = list(roster.history)
    for cadre_id, cadre in roster.cadres.items():
        if cadre_id not in outcome.post_of:
            continue
        post_id = outcome.post_of[cadre_id]
        if post_id == cadre.post_id:
            continue
        if cadre.post_id is not None and cadre.post_since is not None:
            old = roster.posts[cadre.post_id]
            history.append(
                HistoryEntry(
                    cadre_id, old.unit_id, old.post_id, cadre.level, cadre.post_since, as_of
                )
            )
        cadres[cadre_id] = replace(
            cadre,
            post_id=post_id,
            post_since=as_of if post_id else None,
            level=roster.posts[post_id].level if post_id else cadre.level,
        )

    units = dict(roster.units)
    for unit_id, unit in roster.units.items():
        leader_id = outcome.leader_of.get(unit_id)
        if leader_id and leader_id != unit.supervisor_id:
            if leader_id not in roster.leaders:
                raise ValueError(f"outcome gives unit {unit_id} an unknown leader {leader_id}")
            units[unit_id] = replace(unit, supervisor_id=leader_id, supervisor_since=as_of)

    return replace(
        roster,
        units=units,
        cadres=cadres,
        # the loader's order, so that a written and reloaded roster compares equal
        history=tuple(sorted(history, key=lambda h: (h.cadre_id, h.start))),
        settings={**roster.settings, "as_of": as_of.isoformat()},
    )


def stale_rows(roster: Roster, plan_dir: str | Path) -> list[str]:
    """Rows of ``plan.csv`` whose ``from_post`` is not the cadre's post in ``roster``: the plan
    was made for another roster (or this one was already applied)."""
    path = Path(plan_dir) / "plan.csv"
    if not path.is_file():
        return []
    out = []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if "from_post" not in (reader.fieldnames or []):
            return []
        for row_number, row in enumerate(reader, start=2):
            cadre = roster.cadres.get(unquote((row.get("cadre_id") or "").strip()))
            from_post = unquote((row.get("from_post") or "").strip())
            if cadre is not None and from_post != (cadre.post_id or ""):
                out.append(
                    f"plan.csv row {row_number}: {cadre.cadre_id} is in "
                    f"{cadre.post_id or '(no post)'} in the roster, not {from_post or '(no post)'}"
                )
    return out
