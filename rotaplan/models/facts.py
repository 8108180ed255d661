"""Derived facts of SPEC §3 at a plan date: ages, timelines, clocks, exemption, eligibility."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rotaplan.models.dates import add_years, at_least_years, full_years
from rotaplan.models.roster import AppraisalResult, Education, Gender, Level, Roster


@dataclass(frozen=True)
class FactParams:
    exempt_age_men: int = 58
    exempt_age_women: int = 53
    appraisal_years: int = 3
    recommendation_years: int = 1
    staff_years: int = 3
    deputy_years: int = 2
    probation_years: int = 1


@dataclass(frozen=True)
class Stint:
    """One entry of a cadre's timeline."""

    unit_id: str
    post_id: str | None
    level: Level
    start: date
    current: bool = False


@dataclass(frozen=True)
class CadreFacts:
    cadre_id: str
    age: int
    exempt: bool
    timeline: tuple[Stint, ...]
    unit_id: str | None
    unit_since: date | None
    leader_since: date | None
    level_since: date | None
    post_years: int | None
    promoted_on: date | None  # start of the latest promotion on the timeline
    on_probation: bool
    latest_appraisal: AppraisalResult | None
    promotion_eligible: bool
    ineligible_reasons: tuple[str, ...]  # codes, see INELIGIBLE_TEXT
    merit: int  # recency-weighted count of excellent appraisals (3 = last year, ...)

    @property
    def units_served(self) -> frozenset[str]:
        return frozenset(s.unit_id for s in self.timeline)


INELIGIBLE_TEXT: dict[str, tuple[str, str]] = {
    "top_level": ("already chief", "已是正职"),
    "unplaced": ("not placed", "未安排岗位"),
    "appraisal": ("basic/incompetent appraisal in {years}", "{years}年度考核为基本称职及以下"),
    "flag": ("flag: {flag}", "负面情形:{flag}"),
    "education": ("education below college", "学历低于大专"),
    "no_recommendation": ("no democratic recommendation", "无民主推荐"),
    "recommendation_expired": (
        "recommendation of {date} older than {n} year",
        "民主推荐({date})已超过{n}年有效期",
    ),
    "years_at_level": (
        "{have} full years at level, {need} needed",
        "任现职级{have}年,需满{need}年",
    ),
    "probation": ("on probation since {date}", "试用期内(自{date}起)"),
}


def render_reason(code: str, lang: str = "en") -> str:
    """Render an ineligibility code such as ``appraisal:2014`` or ``flag:discipline``."""
    name, _, arg = code.partition(":")
    en, zh = INELIGIBLE_TEXT[name]
    template = zh if lang == "zh" else en
    parts = arg.split("|") if arg else []
    values = {
        "appraisal": lambda: {"years": arg},
        "flag": lambda: {"flag": arg},
        "recommendation_expired": lambda: {"date": parts[0], "n": parts[1]},
        "years_at_level": lambda: {"have": parts[0], "need": parts[1]},
        "probation": lambda: {"date": arg},
    }.get(name, dict)()
    return template.format(**values)


def timeline_of(roster: Roster, cadre_id: str) -> tuple[Stint, ...]:
    cadre = roster.cadres[cadre_id]
    stints = [
        Stint(h.unit_id, h.post_id, h.level, h.start)
        for h in roster.history_by_cadre.get(cadre_id, [])
    ]
    if cadre.post_id and cadre.post_since:
        unit = roster.posts[cadre.post_id].unit_id
        stints.append(Stint(unit, cadre.post_id, cadre.level, cadre.post_since, current=True))
    return tuple(sorted(stints, key=lambda s: (s.start, s.current)))


def _run_start(timeline: tuple[Stint, ...], keep) -> date | None:
    """Start of the longest run of entries ending with the last one that all satisfy ``keep``."""
    start = None
    for stint in reversed(timeline):
        if not keep(stint):
            break
        start = stint.start
    return start


def cadre_facts(roster: Roster, cadre_id: str, as_of: date, p: FactParams) -> CadreFacts:
    cadre = roster.cadres[cadre_id]
    age = full_years(cadre.birth_date, as_of)
    timeline = timeline_of(roster, cadre_id)
    unit_id = roster.unit_of(cadre_id)
    if unit_id is not None:
        unit_since = _run_start(timeline, lambda s: s.unit_id == unit_id)
        leader_since = (
            _run_start(timeline, lambda s: s.unit_id == unit_id and s.level.is_leader)
            if cadre.level.is_leader
            else None
        )
    else:
        unit_since = leader_since = None
    last_level = timeline[-1].level if timeline else None
    level_since = (
        _run_start(timeline, lambda s: s.level == cadre.level)
        if last_level == cadre.level
        else None
    )
    exempt_age = p.exempt_age_men if cadre.gender is Gender.MALE else p.exempt_age_women
    exempt = cadre.placed and cadre.level.is_leader and age >= exempt_age

    promoted_on = None
    for before, after in zip(timeline, timeline[1:], strict=False):
        if after.level.rank > before.level.rank:
            promoted_on = after.start
    on_probation = (
        cadre.placed
        and promoted_on is not None
        and promoted_on <= as_of
        and not at_least_years(promoted_on, as_of, p.probation_years)
    )

    appraisals = roster.appraisals_by_cadre.get(cadre_id, {})
    past = {y: r for y, r in appraisals.items() if y <= as_of.year}
    latest = past[max(past)] if past else None
    window = range(as_of.year - p.appraisal_years, as_of.year)
    merit = sum(
        p.appraisal_years - (as_of.year - 1 - y)
        for y in window
        if appraisals.get(y) is AppraisalResult.EXCELLENT
    )

    reasons: list[str] = []
    if cadre.level.up() is None:
        reasons.append("top_level")
    if not cadre.placed:
        reasons.append("unplaced")
    bad = [
        str(y)
        for y in window
        if appraisals.get(y) in (AppraisalResult.BASIC, AppraisalResult.INCOMPETENT)
    ]
    if bad:
        reasons.append("appraisal:" + ",".join(bad))
    reasons.extend(f"flag:{flag}" for flag in sorted(cadre.flags))
    if cadre.education.rank < Education.COLLEGE.rank:
        reasons.append("education")
    if cadre.recommended_on is None or cadre.recommended_on > as_of:
        reasons.append("no_recommendation")
    elif at_least_years(cadre.recommended_on, as_of, p.recommendation_years):
        reasons.append(f"recommendation_expired:{cadre.recommended_on}|{p.recommendation_years}")
    need = {Level.STAFF: p.staff_years, Level.DEPUTY: p.deputy_years}.get(cadre.level)
    if need is not None:
        have = full_years(level_since, as_of) if level_since else 0
        if level_since is None or not at_least_years(level_since, as_of, need):
            reasons.append(f"years_at_level:{have}|{need}")
    if on_probation:
        reasons.append(f"probation:{promoted_on}")

    return CadreFacts(
        cadre_id=cadre_id,
        age=age,
        exempt=exempt,
        timeline=timeline,
        unit_id=unit_id,
        unit_since=unit_since,
        leader_since=leader_since,
        level_since=level_since,
        post_years=full_years(cadre.post_since, as_of) if cadre.post_since else None,
        promoted_on=promoted_on,
        on_probation=on_probation,
        latest_appraisal=latest,
        promotion_eligible=not reasons,
        ineligible_reasons=tuple(reasons),
        merit=merit,
    )


def all_facts(roster: Roster, as_of: date, p: FactParams) -> dict[str, CadreFacts]:
    return {cid: cadre_facts(roster, cid, as_of, p) for cid in roster.cadres}


def age_on(birth: date, as_of: date) -> int:
    return full_years(birth, as_of)


__all__ = [
    "CadreFacts",
    "FactParams",
    "Stint",
    "add_years",
    "age_on",
    "all_facts",
    "cadre_facts",
    "render_reason",
    "timeline_of",
]
