"""Turn raw rows into a :class:`Roster`, reporting every problem at once, located."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from rotaplan.errors import Problem, RosterError
from rotaplan.i18n import Text
from rotaplan.models.dates import add_years, parse_date
from rotaplan.models.load import RawTable, read_tables
from rotaplan.models.roster import (
    APPROVALS,
    FLAGS,
    RELATIONS,
    Appraisal,
    AppraisalResult,
    Borrowing,
    Cadre,
    Education,
    Gender,
    HistoryEntry,
    Kind,
    Leader,
    Level,
    Post,
    Relation,
    Roster,
    Unit,
)

E = TypeVar("E")

# Chinese (and a few common English) spellings of enumeration values.
ALIASES: dict[str, dict[str, str]] = {
    "kind": {
        "业务": "business",
        "业务科室": "business",
        "业务类": "business",
        "综合": "comprehensive",
        "综合科室": "comprehensive",
        "综合类": "comprehensive",
    },
    "level": {
        "正职": "chief",
        "正科": "chief",
        "正科级": "chief",
        "副职": "deputy",
        "副科": "deputy",
        "副科级": "deputy",
        "一般": "staff",
        "科员": "staff",
        "一般干部": "staff",
    },
    "gender": {"男": "M", "女": "F", "male": "M", "female": "F", "m": "M", "f": "F"},
    "education": {
        "博士研究生": "doctorate",
        "博士": "doctorate",
        "硕士研究生": "master",
        "硕士": "master",
        "研究生": "master",
        "大学本科": "bachelor",
        "本科": "bachelor",
        "大专": "college",
        "大学专科": "college",
        "专科": "college",
        "中专及以下": "secondary",
        "中专": "secondary",
        "高中": "secondary",
    },
    "result": {
        "优秀": "excellent",
        "称职": "competent",
        "基本称职": "basic",
        "不称职": "incompetent",
    },
    "relation": {
        "配偶": "spouse",
        "夫妻": "spouse",
        "父母": "parent",
        "子女": "child",
        "兄弟姐妹": "sibling",
        "姻亲": "in_law",
    },
    "approved_by": {
        "主要领导": "principal",
        "分管领导": "supervisor",
        "人事教育科备案": "filed",
        "备案": "filed",
    },
    "flags": {
        "跑官拉票": "vote_buying",
        "配偶移居国(境)外": "spouse_abroad",
        "配偶移居国外": "spouse_abroad",
        "处分": "discipline",
        "受处分": "discipline",
        "隐瞒不报": "report_concealed",
        "群众公认度不高": "low_recognition",
        "公认度不高": "low_recognition",
        "立案审查": "under_investigation",
        "被调查": "under_investigation",
        "不胜任": "unfit",
        "不胜任现职": "unfit",
    },
}
BOOLS = {
    "true": True,
    "1": True,
    "yes": True,
    "y": True,
    "是": True,
    "false": False,
    "0": False,
    "no": False,
    "n": False,
    "否": False,
}
_SPLIT = re.compile(r"[;；、,，]")
# columns holding personal data: their values stay out of messages unless asked (--verbose)
SENSITIVE = {("cadres", "flags"), ("appraisals", "result")}
# an establishment or a portfolio cap above this is a typo (and would overflow the model)
MAX_COUNT = 100_000


def _short(text: str, limit: int = 40) -> str:
    """A cell's text for a message: a huge cell is cut, not printed whole."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Rows:
    """Typed access to one table's cells, collecting problems instead of raising."""

    def __init__(self, table: RawTable | None, problems: list[Problem]):
        self.table = table
        self.problems = problems
        self.row = 0
        self.ok = True

    def __iter__(self):
        if self.table is None:
            return
        for row, values in self.table.rows:
            self.row, self.values, self.ok = row, values, True
            yield self

    def problem(self, column: str, key: str, **args: object) -> None:
        assert self.table is not None
        args = {k: _short(v, 200) if isinstance(v, str) else v for k, v in args.items()}
        sensitive = (self.table.name, column) in SENSITIVE
        self.problems.append(
            Problem(self.table.where, self.row, column, Text(key, args), sensitive)
        )
        self.ok = False

    def raw(self, column: str) -> object:
        return self.values.get(column, "")

    def text(self, column: str, required: bool = True) -> str:
        value = self.raw(column)
        text = value.isoformat() if isinstance(value, date) else str(value).strip()
        if not text and required:
            self.problem(column, "empty_value")
        return text

    def date(self, column: str, required: bool = True) -> date | None:
        value = self.raw(column)
        if value == "":
            if required:
                self.problem(column, "empty_value")
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(column, "bad_date", reason=_short(str(exc), 120))
            return None

    def enum(
        self, column: str, enum: Callable[[str], E], allowed: list[str], required: bool = True
    ) -> E | None:
        text = self.text(column, required)
        if not text:
            return None
        value = ALIASES.get(column, {}).get(text, text)
        for candidate in (value, value.lower()):
            try:
                return enum(candidate)
            except ValueError:
                continue
        self.problem(column, "bad_enum", value=_short(text), allowed=", ".join(allowed))
        return None

    def boolean(self, column: str) -> bool:
        text = self.text(column)
        if text and text.lower() not in BOOLS:
            self.problem(
                column, "bad_enum", value=_short(text), allowed="true, false, 1, 0, 是, 否"
            )
        return BOOLS.get(text.lower(), False)

    def integer(
        self,
        column: str,
        required: bool = True,
        minimum: int | None = 0,
        maximum: int | None = MAX_COUNT,
    ) -> int | None:
        text = self.text(column, required)
        if not text:
            return None
        # digits only (a workbook's 5.0 included): int() would also take "1_000" or " ٣ "
        match = re.fullmatch(r"([-+]?[0-9]{1,18})(\.0+)?", text)
        if match is None:
            if re.fullmatch(r"[-+]?[0-9]+(\.0+)?", text) and maximum is not None:
                self.problem(column, "too_big", value=_short(text), limit=maximum)
            else:
                self.problem(column, "bad_int", value=_short(text))
            return None
        number = int(match.group(1))
        if minimum is not None and number < minimum:
            self.problem(column, "negative", value=text)
            return None
        if maximum is not None and number > maximum:
            self.problem(column, "too_big", value=text, limit=maximum)
            return None
        return number

    def tags(self, column: str, allowed: tuple[str, ...] | None = None) -> frozenset[str]:
        text = self.text(column, required=False)
        out = set()
        for part in _SPLIT.split(text):
            part = part.strip()
            if not part:
                continue
            value = ALIASES.get(column, {}).get(part, part.lower() if allowed else part)
            if allowed is not None and value not in allowed:
                self.problem(column, "bad_enum", value=_short(part), allowed=", ".join(allowed))
                continue
            out.add(value)
        return frozenset(out)

    def unique(self, column: str, seen: dict[str, int]) -> str:
        ident = self.text(column)
        if ident:
            if ident in seen:
                self.problem(column, "duplicate_id", value=ident, first=seen[ident])
            else:
                seen[ident] = self.row
        return ident


def _names(enum: type) -> list[str]:
    return [e.value for e in enum]


def build_roster(tables: dict[str, RawTable], source: str = "") -> Roster:
    """Typed, cross-checked roster; raises RosterError listing every problem."""
    problems: list[Problem] = []
    unit_ids, post_ids = _ids(tables, "units", "unit_id"), _ids(tables, "posts", "post_id")
    # ids as written, so that a reference to a row with problems of its own is not "unknown"
    leader_ids = _ids(tables, "leaders", "leader_id")

    def rows(name: str) -> _Rows:
        return _Rows(tables.get(name), problems)

    leaders: dict[str, Leader] = {}
    seen: dict[str, int] = {}
    for r in rows("leaders"):
        ident = r.unique("leader_id", seen)
        name = r.text("name")
        max_units = r.integer("max_units", required=False)
        if r.ok:
            leaders[ident] = Leader(ident, name, max_units)

    units: dict[str, Unit] = {}
    seen = {}
    unit_rows: dict[str, int] = {}
    for r in rows("units"):
        ident = r.unique("unit_id", seen)
        name = r.text("name")
        kind = r.enum("kind", Kind, _names(Kind))
        establishment = r.integer("establishment", required=False)
        supervisor = r.text("supervisor_id")
        if supervisor and "leaders" in tables and supervisor not in leader_ids:
            r.problem("supervisor_id", "unknown_ref", what="leader", value=supervisor)
        since = r.date("supervisor_since")
        if r.ok:
            units[ident] = Unit(ident, name, kind, establishment, supervisor, since)
            unit_rows[ident] = r.row

    posts: dict[str, Post] = {}
    seen = {}
    for r in rows("posts"):
        ident = r.unique("post_id", seen)
        unit_id = r.text("unit_id")
        if unit_id and unit_id not in units and unit_id not in unit_ids:
            r.problem("unit_id", "unknown_ref", what="unit", value=unit_id)
        title = r.text("title")
        level = r.enum("level", Level, _names(Level))
        key = r.boolean("key")
        specialty = r.tags("specialty")
        if r.ok and unit_id in units:
            posts[ident] = Post(ident, unit_id, title, level, key, specialty)

    cadres: dict[str, Cadre] = {}
    seen = {}
    held: dict[str, tuple[int, str]] = {}
    for r in rows("cadres"):
        ident = r.unique("cadre_id", seen)
        name = r.text("name")
        gender = r.enum("gender", Gender, ["M", "F", "男", "女"])
        birth = r.date("birth_date")
        education = r.enum("education", Education, _names(Education))
        level = r.enum("level", Level, _names(Level))
        post_id = r.text("post_id", required=False) or None
        since = r.date("post_since", required=False)
        if post_id:
            post = posts.get(post_id)
            if post is None:
                if post_id not in post_ids:
                    r.problem("post_id", "unknown_ref", what="post", value=post_id)
                else:
                    r.ok = False  # the post row itself is reported
            else:
                if post_id in held:
                    first_row, other = held[post_id]
                    r.problem("post_id", "two_in_post", post=post_id, other=other, first=first_row)
                else:
                    held[post_id] = (r.row, ident)
                if level is not None and post.level != level:
                    r.problem(
                        "level",
                        "level_mismatch",
                        level=level.value,
                        post_level=post.level.value,
                        post=post_id,
                    )
            if since is None and r.raw("post_since") == "":
                r.problem("post_since", "post_since_missing")
        if birth and since:
            if birth >= since:
                r.problem("post_since", "birth_after_start", birth=birth, start=since)
            elif add_years(birth, 16) > since:
                r.problem("post_since", "too_young_for_post", birth=birth, start=since)
        specialty = r.tags("specialty")
        recommended = r.date("recommended_on", required=False)
        flags = r.tags("flags", FLAGS)
        if r.ok:
            cadres[ident] = Cadre(
                ident,
                name,
                gender,
                birth,
                education,
                level,
                post_id,
                since if post_id else None,
                specialty,
                recommended,
                flags,
            )

    appraisals: list[Appraisal] = []
    seen_appraisal: dict[tuple[str, int], int] = {}
    for r in rows("appraisals"):
        cadre_id = r.text("cadre_id")
        if cadre_id and cadre_id not in seen:
            r.problem("cadre_id", "unknown_ref", what="cadre", value=cadre_id)
        year = r.integer("year", maximum=9999)
        if year is not None and not 1950 <= year <= 2100:
            r.problem("year", "bad_year", value=year)
        result = r.enum(
            "result",
            AppraisalResult,
            _names(AppraisalResult) + ["优秀", "称职", "基本称职", "不称职"],
        )
        if r.ok and year is not None:
            first = seen_appraisal.get((cadre_id, year))
            if first:
                r.problem("year", "duplicate_appraisal", cadre=cadre_id, year=year, first=first)
            else:
                seen_appraisal[(cadre_id, year)] = r.row
        if r.ok and cadre_id in cadres:
            appraisals.append(Appraisal(cadre_id, year, result))

    history: list[HistoryEntry] = []
    for r in rows("history"):
        cadre_id = r.text("cadre_id")
        if cadre_id and cadre_id not in seen:
            r.problem("cadre_id", "unknown_ref", what="cadre", value=cadre_id)
        unit_id = r.text("unit_id")
        if unit_id and unit_id not in units and unit_id not in unit_ids:
            r.problem("unit_id", "unknown_ref", what="unit", value=unit_id)
        post_id = r.text("post_id", required=False) or None
        if post_id and post_id not in post_ids:
            r.problem("post_id", "unknown_ref", what="post", value=post_id)
        elif post_id and post_id in posts and unit_id and posts[post_id].unit_id != unit_id:
            r.problem(
                "post_id",
                "post_unit_mismatch",
                post=post_id,
                post_unit=posts[post_id].unit_id,
                unit=unit_id,
            )
        level = r.enum("level", Level, _names(Level))
        start = r.date("start")
        end = r.date("end", required=False)
        if start and end and end < start:
            r.problem("end", "end_before_start", end=end, start=start)
        owner = cadres.get(cadre_id)
        if start and owner is not None and owner.post_since and start > owner.post_since:
            # history lists earlier assignments: the current post must end the timeline
            r.problem("start", "history_after_post", start=start, start_post=owner.post_since)
        if r.ok and cadre_id in cadres and unit_id in units:
            history.append(HistoryEntry(cadre_id, unit_id, post_id, level, start, end))

    relations: list[Relation] = []
    for r in rows("relations"):
        cadre_id = r.text("cadre_id")
        if cadre_id and cadre_id not in seen:
            r.problem("cadre_id", "unknown_ref", what="cadre", value=cadre_id)
        relative = r.text("relative_id")
        if relative and relative not in seen and relative not in leader_ids:
            r.problem("relative_id", "unknown_ref", what="cadre or leader", value=relative)
        if relative and relative == cadre_id:
            r.problem("relative_id", "self_relation")
        relation = r.text("relation")
        relation = ALIASES["relation"].get(relation, relation.lower())
        if relation and relation not in RELATIONS:
            r.problem("relation", "bad_enum", value=_short(relation), allowed=", ".join(RELATIONS))
        if r.ok and cadre_id in cadres and (relative in cadres or relative in leaders):
            relations.append(Relation(cadre_id, relative, relation))

    borrowings: list[Borrowing] = []
    for r in rows("borrowings"):
        person = r.text("person")
        from_org = r.text("from_org")
        unit_id = r.text("unit_id")
        if unit_id and unit_id not in units and unit_id not in unit_ids:
            r.problem("unit_id", "unknown_ref", what="unit", value=unit_id)
        start = r.date("start")
        end = r.date("end", required=False)
        if start and end and end < start:
            r.problem("end", "end_before_start", end=end, start=start)
        approved = r.tags("approved_by", APPROVALS)
        if r.ok and unit_id in units:
            borrowings.append(Borrowing(person, from_org, unit_id, start, end, approved))

    settings: dict[str, str] = {}
    for r in rows("settings"):
        key = r.text("key")
        value = r.text("value", required=False)
        if key == "as_of" and value:
            parsed = r.date("value")
            value = parsed.isoformat() if parsed else value
        if r.ok and key:
            settings[key] = value

    if problems:
        raise RosterError(source, problems)
    return Roster(
        units=units,
        posts=posts,
        cadres=cadres,
        leaders=leaders,
        appraisals=tuple(appraisals),
        history=tuple(sorted(history, key=lambda h: (h.cadre_id, h.start))),
        relations=tuple(relations),
        borrowings=tuple(borrowings),
        settings=settings,
        source=source,
    )


def _ids(tables: dict[str, RawTable], table: str, column: str) -> set[str]:
    raw = tables.get(table)
    if raw is None:
        return set()
    return {str(values.get(column, "")).strip() for _, values in raw.rows}


def load_roster(path: str | Path) -> Roster:
    """Read and validate a roster folder or workbook. Raises RosterError (exit code 2)."""
    tables, source = read_tables(path)
    return build_roster(tables, source)
