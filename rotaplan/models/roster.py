"""The roster as plain, immutable dataclasses (SPEC §2). No solver code here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property


class Level(StrEnum):
    STAFF = "staff"
    DEPUTY = "deputy"
    CHIEF = "chief"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    @property
    def is_leader(self) -> bool:
        """Chief and deputy posts are the unit's leadership quota (职数)."""
        return self is not Level.STAFF

    def up(self) -> Level | None:
        return {Level.STAFF: Level.DEPUTY, Level.DEPUTY: Level.CHIEF}.get(self)


_LEVEL_RANK = {Level.STAFF: 0, Level.DEPUTY: 1, Level.CHIEF: 2}


class Kind(StrEnum):
    BUSINESS = "business"
    COMPREHENSIVE = "comprehensive"


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Education(StrEnum):
    SECONDARY = "secondary"
    COLLEGE = "college"
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORATE = "doctorate"

    @property
    def rank(self) -> int:
        return list(Education).index(self)

    @property
    def is_graduate(self) -> bool:
        return self in (Education.MASTER, Education.DOCTORATE)


class AppraisalResult(StrEnum):
    EXCELLENT = "excellent"
    COMPETENT = "competent"
    BASIC = "basic"
    INCOMPETENT = "incompetent"


FLAGS = (
    "vote_buying",
    "spouse_abroad",
    "discipline",
    "report_concealed",
    "low_recognition",
    "under_investigation",
    "unfit",
)

RELATIONS = ("spouse", "parent", "child", "sibling", "in_law")
APPROVALS = ("principal", "supervisor", "filed")


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    kind: Kind
    establishment: int | None
    supervisor_id: str
    supervisor_since: date


@dataclass(frozen=True)
class Post:
    post_id: str
    unit_id: str
    title: str
    level: Level
    key: bool
    specialty: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cadre:
    cadre_id: str
    name: str
    gender: Gender
    birth_date: date
    education: Education
    level: Level
    post_id: str | None
    post_since: date | None
    specialty: frozenset[str] = frozenset()
    recommended_on: date | None = None
    flags: frozenset[str] = frozenset()

    @property
    def placed(self) -> bool:
        return self.post_id is not None


@dataclass(frozen=True)
class Leader:
    leader_id: str
    name: str
    max_units: int | None = None


@dataclass(frozen=True)
class Appraisal:
    cadre_id: str
    year: int
    result: AppraisalResult


@dataclass(frozen=True)
class HistoryEntry:
    cadre_id: str
    unit_id: str
    post_id: str | None
    level: Level
    start: date
    end: date | None


@dataclass(frozen=True)
class Relation:
    cadre_id: str
    relative_id: str
    relation: str


@dataclass(frozen=True)
class Borrowing:
    person: str
    from_org: str
    unit_id: str
    start: date
    end: date | None
    approved_by: frozenset[str]


@dataclass(frozen=True)
class Roster:
    """A validated roster. Build it with :func:`rotaplan.models.load_roster`."""

    units: dict[str, Unit]
    posts: dict[str, Post]
    cadres: dict[str, Cadre]
    leaders: dict[str, Leader]
    appraisals: tuple[Appraisal, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    relations: tuple[Relation, ...] = ()
    borrowings: tuple[Borrowing, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @cached_property
    def holder(self) -> dict[str, str]:
        """post_id -> cadre_id of the current holder."""
        return {c.post_id: c.cadre_id for c in self.cadres.values() if c.post_id}

    @cached_property
    def posts_by_unit(self) -> dict[str, list[Post]]:
        out: dict[str, list[Post]] = {u: [] for u in self.units}
        for post in self.posts.values():
            out[post.unit_id].append(post)
        return out

    @cached_property
    def appraisals_by_cadre(self) -> dict[str, dict[int, AppraisalResult]]:
        out: dict[str, dict[int, AppraisalResult]] = {}
        for a in self.appraisals:
            out.setdefault(a.cadre_id, {})[a.year] = a.result
        return out

    @cached_property
    def history_by_cadre(self) -> dict[str, list[HistoryEntry]]:
        out: dict[str, list[HistoryEntry]] = {}
        for h in self.history:
            out.setdefault(h.cadre_id, []).append(h)
        return out

    @cached_property
    def rows_by_cadre(self) -> dict[str, dict[str, list[tuple[int, object]]]]:
        """cadre_id -> its (position, row) of the appraisal, history and relation tables
        (for cutting a roster into blocks without a scan of every table per block)."""
        out: dict[str, dict[str, list]] = {}
        for name, rows in (
            ("appraisals", self.appraisals),
            ("history", self.history),
            ("relations", self.relations),
        ):
            for position, row in enumerate(rows):
                out.setdefault(row.cadre_id, {}).setdefault(name, []).append((position, row))
        return out

    @cached_property
    def position(self) -> dict[str, int]:
        """cadre or post id -> its row in its table (to keep a part in the roster's order)."""
        out = {c: i for i, c in enumerate(self.cadres)}
        out.update({p: i for i, p in enumerate(self.posts)})
        return out

    def unit_of(self, cadre_id: str) -> str | None:
        post_id = self.cadres[cadre_id].post_id
        return self.posts[post_id].unit_id if post_id else None

    def establishment(self, unit_id: str) -> int:
        """Headcount cap; default: the unit's number of posts (SPEC §2)."""
        cap = self.units[unit_id].establishment
        return len(self.posts_by_unit[unit_id]) if cap is None else cap

    def headcount(self, unit_id: str) -> int:
        return sum(1 for p in self.posts_by_unit[unit_id] if p.post_id in self.holder)

    def name_of(self, ident: str) -> str:
        if ident in self.cadres:
            return self.cadres[ident].name
        if ident in self.leaders:
            return self.leaders[ident].name
        if ident in self.units:
            return self.units[ident].name
        return ident

    @property
    def as_of_setting(self) -> str | None:
        return self.settings.get("as_of")
