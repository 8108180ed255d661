"""Tiny hand-built rosters: write a roster folder from Python dicts, stating only what matters.

Every required sheet gets a minimal valid default (one unit ``U1`` supervised by leader
``L1`` since 2015-01-01, no posts, no cadres, no appraisals), and every row gets defaults for
the columns a test does not care about. A cadre without an explicit ``level`` takes the level
of its post (staff when unplaced), so a test never trips the level check by accident.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from rotaplan.audit import CheckResult, check
from rotaplan.models import Roster, load_roster

AS_OF = date(2016, 1, 1)

COLUMNS: dict[str, list[str]] = {
    "units": ["unit_id", "name", "kind", "establishment", "supervisor_id", "supervisor_since"],
    "posts": ["post_id", "unit_id", "title", "level", "key", "specialty"],
    "cadres": [
        "cadre_id",
        "name",
        "gender",
        "birth_date",
        "education",
        "level",
        "post_id",
        "post_since",
        "specialty",
        "recommended_on",
        "flags",
    ],
    "leaders": ["leader_id", "name", "max_units"],
    "appraisals": ["cadre_id", "year", "result"],
    "history": ["cadre_id", "unit_id", "post_id", "level", "start", "end"],
    "relations": ["cadre_id", "relative_id", "relation"],
    "borrowings": ["person", "from_org", "unit_id", "start", "end", "approved_by"],
    "settings": ["key", "value"],
}
REQUIRED = ("units", "posts", "cadres", "leaders", "appraisals")


def unit(unit_id: str = "U1", **kw: object) -> dict:
    return {
        "unit_id": unit_id,
        "name": f"unit {unit_id}",
        "kind": "business",
        "establishment": "",
        "supervisor_id": "L1",
        "supervisor_since": "2015-01-01",
        **kw,
    }


def post(
    post_id: str, unit_id: str = "U1", level: str = "staff", key: bool | str = False, **kw
) -> dict:
    return {
        "post_id": post_id,
        "unit_id": unit_id,
        "title": f"post {post_id}",
        "level": level,
        "key": key if isinstance(key, str) else ("true" if key else "false"),
        "specialty": "",
        **kw,
    }


def cadre(cadre_id: str, post_id: str = "", since: str = "2015-01-01", **kw) -> dict:
    """A placed cadre (since = post_since) in good standing: competent male bachelor, 36 at AS_OF,
    recommended half a year before AS_OF, no flags."""
    return {
        "cadre_id": cadre_id,
        "name": f"name {cadre_id}",
        "gender": "M",
        "birth_date": "1980-01-01",
        "education": "bachelor",
        "post_id": post_id,
        "post_since": since if post_id else "",
        "specialty": "",
        "recommended_on": "2015-07-01",
        "flags": "",
        **kw,
    }


def leader(leader_id: str = "L1", **kw: object) -> dict:
    return {"leader_id": leader_id, "name": f"leader {leader_id}", "max_units": "", **kw}


def appraisal(cadre_id: str, year: int, result: str = "competent") -> dict:
    return {"cadre_id": cadre_id, "year": year, "result": result}


def history(cadre_id: str, unit_id: str, level: str, start: str, end: str = "", **kw) -> dict:
    return {
        "cadre_id": cadre_id,
        "unit_id": unit_id,
        "post_id": "",
        "level": level,
        "start": start,
        "end": end,
        **kw,
    }


def relation(cadre_id: str, relative_id: str, kind: str = "spouse") -> dict:
    return {"cadre_id": cadre_id, "relative_id": relative_id, "relation": kind}


def borrowing(
    person: str,
    start: str,
    end: str = "",
    approved_by: str = "principal;supervisor;filed",
    unit_id: str = "U1",
) -> dict:
    return {
        "person": person,
        "from_org": "city bureau",
        "unit_id": unit_id,
        "start": start,
        "end": end,
        "approved_by": approved_by,
    }


def table_rows(tables: dict[str, list[dict] | None]) -> dict[str, tuple[list[str], list[list]]]:
    """Header and rows of every sheet to write, with defaults and derived cadre levels."""
    tables = dict(tables)
    tables.setdefault("units", [unit("U1")])
    tables.setdefault("leaders", [leader("L1")])
    for name in REQUIRED:
        tables.setdefault(name, [])
    level_of_post = {p["post_id"]: p.get("level", "staff") for p in tables["posts"] or []}
    cadres = []
    for row in tables["cadres"] or []:
        row = dict(row)
        row.setdefault("level", level_of_post.get(row.get("post_id", ""), "staff"))
        cadres.append(row)
    tables["cadres"] = cadres
    out = {}
    for name, rows in tables.items():
        if rows is None:  # a sheet the test wants missing
            continue
        header = list(COLUMNS[name])
        for row in rows:
            header += [k for k in row if k not in header]
        out[name] = header, [[row.get(col, "") for col in header] for row in rows]
    return out


def write_roster(folder: Path, encoding: str = "utf-8", **tables: list[dict] | None) -> Path:
    """Write a roster folder of CSV files; pass ``name=None`` to leave a sheet out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in table_rows(tables).items():
        with open(folder / f"{name}.csv", "w", newline="", encoding=encoding) as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
    return folder


def load(folder: Path, **tables: list[dict] | None) -> Roster:
    return load_roster(write_roster(folder, **tables))


def audit(folder: Path, as_of: date = AS_OF, **tables: list[dict] | None) -> CheckResult:
    return check(load(folder, **tables), as_of)


def rows_of(result: CheckResult, rule_id: str) -> list[dict]:
    """The check's finding rows (SPEC §6) of one rule id."""
    return [row for row in result.finding_rows() if row["rule_id"] == rule_id]


def subjects(result: CheckResult, rule_id: str) -> list[str]:
    return [row["subject"] for row in rows_of(result, rule_id)]


def instances_of(result: CheckResult, rule_id: str) -> list:
    return [i for i in result.findings if i.rule_id == rule_id and not i.waived]


def cadre_row(result: CheckResult, cadre_id: str) -> dict:
    return next(row for row in result.cadre_rows() if row["cadre_id"] == cadre_id)


def drop_column(folder: Path, table: str, column: str) -> None:
    """Rewrite ``folder/table.csv`` without one column (to test a missing required column)."""
    path = folder / f"{table}.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        lines = list(csv.reader(handle))
    index = lines[0].index(column)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [cell for i, cell in enumerate(line) if i != index] for line in lines
        )
