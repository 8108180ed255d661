"""Write a :class:`Roster` back out as the SPEC §2 folder of CSV files.

The inverse of :func:`rotaplan.models.load_roster`: English headers, ISO dates, ``;``-joined
tags, the files of ``rotaplan/data/example``. The optional sheets (history, relations,
borrowings) are written only when they have rows; ``settings`` always, with ``as_of`` when
the roster or the caller gives one. Text cells go through the formula guard of
:func:`rotaplan.io.safe_cell` (a quote before a leading ``= + - @``, tab or CR), so that
the file is safe to open in a spreadsheet; the loader reads that quote as the text marker it
is and drops it (:func:`rotaplan.io.unquote`), so a name such as ``=HYPERLINK(...)`` loads
back unchanged.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from rotaplan.io import safe_cell
from rotaplan.models.load import TABLES
from rotaplan.models.roster import APPROVALS, FLAGS, Roster

OPTIONAL = ("history", "relations", "borrowings")
# tags with a canonical order (the SPEC's); free tags such as specialties are sorted
TAG_ORDER = {"approved_by": APPROVALS, "flags": FLAGS}


def _cell(column: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        order = TAG_ORDER.get(column, ())
        rank = {tag: i for i, tag in enumerate(order)}
        return ";".join(sorted(value, key=lambda tag: (rank.get(tag, len(rank)), tag)))
    return str(value)


def roster_rows(roster: Roster, as_of: date | None = None) -> dict[str, list[dict[str, object]]]:
    """Rows of every sheet, keyed by the canonical column names of :data:`TABLES`."""
    settings = dict(roster.settings)
    if as_of is not None:
        settings["as_of"] = as_of.isoformat()
    tables: dict[str, list[dict[str, object]]] = {
        "units": [vars(u) for u in roster.units.values()],
        "posts": [vars(p) for p in roster.posts.values()],
        "cadres": [vars(c) for c in roster.cadres.values()],
        "leaders": [vars(leader) for leader in roster.leaders.values()],
        "appraisals": [vars(a) for a in roster.appraisals],
        "history": [vars(h) for h in roster.history],
        "relations": [vars(r) for r in roster.relations],
        "borrowings": [vars(b) for b in roster.borrowings],
        # as_of first, as in the example; the other keys in the roster's order
        "settings": [
            {"key": key, "value": value}
            for key, value in sorted(settings.items(), key=lambda kv: kv[0] != "as_of")
        ],
    }
    return {name: rows for name, rows in tables.items() if rows or name not in OPTIONAL}


def write_roster(roster: Roster, folder: str | Path, as_of: date | None = None) -> Path:
    """Write ``roster`` into ``folder`` (created if needed) so that ``load_roster(folder)``
    gives back an equal roster (``source`` aside). ``as_of``, if given, replaces the
    settings' ``as_of``. Callers wanting all-or-nothing wrap this in
    :func:`rotaplan.io.atomic_dir`."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in roster_rows(roster, as_of).items():
        header = [column.name for column in TABLES[name].columns]
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(
                [safe_cell(_cell(column, row.get(column))) for column in header] for row in rows
            )
    return folder
