"""``rotaplan simulate``: a rolling horizon of yearly cycles, to see where the 二(一) structure
targets ("原则上到2018年底") stand after each cycle.

One cycle at ``as_of`` is: plan (:func:`rotaplan.plan.make_plan` with the scenario's
parameters; its pins and bans only in the first cycle, the party group's decisions being
about that one), then :func:`rotaplan.apply.apply_outcome`. Between two cycles, at the new
``as_of`` (one year later), in this order:

1. *retirement*: cadres who have reached the retirement age at the new ``as_of`` (general
   parameters ``retire_age_men`` 60, ``retire_age_women`` 55) leave the roster, with their
   appraisals, history rows and kinship relations (a relative who retired no longer counts
   for kinship avoidance); their posts fall vacant;
2. *appraisals carried forward*: every remaining cadre without an appraisal for the year
   just ended (the calendar year before the new ``as_of``) gets one, ``competent`` unless
   the ``carry_appraisal`` setting says otherwise (``none`` = add nothing);
3. *democratic recommendations kept alive*: a recommendation is valid one year (一(三)), so
   without renewal every recommendation on the roster would have lapsed by the second
   cycle and nobody could be promoted again. We assume that whoever was validly
   recommended at the previous cycle is recommended again: ``recommended_on`` becomes the
   new ``as_of`` minus 30 days for exactly those cadres. Nobody else gains a
   recommendation, so placeholder recruits never become promotable in the simulation (they
   would not have the three years at staff level within a short horizon anyway);
4. *recruitment*: staff posts still vacant (within the unit's establishment) are filled with
   placeholder recruits drawn from a :class:`RecruitMix` (age, education and gender shares,
   the share of vacancies filled), deterministic for a seed: ids ``R2017-001``, names
   ``新录用2017-01``, in post since the new ``as_of``, with the post's specialty tags.

A year's row reports the retirements and recruitments that happened at its ``as_of``, before
its plan (none in the first year: the roster is planned as given), and the structure
indicators after its plan, measured at its ``as_of``. The state after the cycle of year Y
stands for the end of Y: the 2018 targets count as reached when the 2018 cycle meets them.

The settings of a simulation (:class:`SimulationSettings`) default from the roster's
``settings`` sheet: ``carry_appraisal``, ``recruit_age_min``, ``recruit_age_max``,
``recruit_master_share``, ``recruit_bachelor_share``, ``recruit_college_share``,
``recruit_women_share``, ``recruit_fill_share``.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path

from rotaplan.apply import apply_outcome
from rotaplan.errors import UsageError
from rotaplan.io import atomic_dir, write_csv
from rotaplan.models.dates import add_years, at_least_years
from rotaplan.models.facts import age_on
from rotaplan.models.roster import (
    Appraisal,
    AppraisalResult,
    Cadre,
    Education,
    Gender,
    Level,
    Roster,
)
from rotaplan.models.save import write_roster
from rotaplan.models.validate import ALIASES
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import Plan, make_plan, versions
from rotaplan.rules.base import Parameters
from rotaplan.rules.structure import Indicator, Targets, indicators
from rotaplan.scenarios import Scenario

DEADLINE_YEAR = 2018  # 二(一): "原则上到2018年底"
# the 二(一) indicators the deadline is set for; more women leaders (加大女干部的选拔任用)
# has no date
DEADLINE_KEYS = ("young_chiefs", "mid_chiefs", "young_deputies", "graduates", "bachelor_plus")
# indicator key -> its target in Targets (a share, or a number of persons for mid_chiefs)
TARGET_FIELD = {
    "young_chiefs": "young_chief_share",
    "mid_chiefs": "mid_chief_min",
    "young_deputies": "young_deputy_share",
    "graduates": "graduate_share",
    "bachelor_plus": "bachelor_share",
    "women_leaders": "women_leader_share",
}
RECOMMENDATION_LEAD = timedelta(days=30)
METRIC_COLUMNS = [
    "year",
    "as_of",
    "status",
    "cadres",
    "moves",
    "promotions",
    "step_downs",
    "placements",
    "cross_rotations",
    "supervision_changes",
    "unmet_soft_rules",
    "retirements",
    "recruits",
]


@dataclass(frozen=True)
class RecruitMix:
    """Who fills the staff vacancies left at a new ``as_of``: ages drawn uniformly in
    ``age_min``–``age_max``; education and gender drawn with the given shares (education
    shares are relative weights); ``fill_share`` of the fillable vacancies are filled."""

    age_min: int = 23
    age_max: int = 27
    master_share: float = 0.25
    bachelor_share: float = 0.70
    college_share: float = 0.05
    women_share: float = 0.45
    fill_share: float = 1.0

    def __post_init__(self) -> None:
        problems = []
        if not 16 <= self.age_min <= self.age_max:
            problems.append(f"ages {self.age_min}–{self.age_max}: need 16 ≤ min ≤ max")
        for name in (
            "master_share",
            "bachelor_share",
            "college_share",
            "women_share",
            "fill_share",
        ):
            if not 0 <= getattr(self, name) <= 1:
                problems.append(f"{name} {getattr(self, name)} is not between 0 and 1")
        if self.master_share + self.bachelor_share + self.college_share <= 0:
            problems.append("the education shares are all zero")
        if problems:
            raise UsageError("recruit mix: " + "; ".join(problems))

    @property
    def education_weights(self) -> dict[Education, float]:
        return {
            Education.MASTER: self.master_share,
            Education.BACHELOR: self.bachelor_share,
            Education.COLLEGE: self.college_share,
        }


@dataclass(frozen=True)
class SimulationSettings:
    recruits: RecruitMix = field(default_factory=RecruitMix)
    carry_appraisal: AppraisalResult | None = AppraisalResult.COMPETENT
    seed: int = 0  # of the recruits' draws (the solver has its own, in SolveOptions)

    @classmethod
    def from_roster(cls, roster: Roster, seed: int = 0) -> SimulationSettings:
        """Defaults, overridden by the roster's settings (see the module docstring)."""
        s = roster.settings
        carry: AppraisalResult | None = AppraisalResult.COMPETENT
        if s.get("carry_appraisal"):
            text = s["carry_appraisal"].strip()
            if text.lower() in ("none", "off", "no", "无"):
                carry = None
            else:
                try:
                    carry = AppraisalResult(ALIASES["result"].get(text, text.lower()))
                except ValueError:
                    allowed = ", ".join([*(r.value for r in AppraisalResult), "none"])
                    raise UsageError(
                        f"settings carry_appraisal: '{text}' is not one of {allowed}"
                    ) from None
        mix: dict[str, float | int] = {}
        for name, default in asdict(RecruitMix()).items():
            key = f"recruit_{name}"
            if s.get(key, "").strip():
                try:
                    mix[name] = type(default)(float(s[key]))
                except ValueError:
                    raise UsageError(f"settings {key}: '{s[key]}' is not a number") from None
        return cls(RecruitMix(**mix), carry, seed)


# --- the steps between two cycles ----------------------------------------------------------
def retire(roster: Roster, as_of: date, params: Parameters) -> tuple[Roster, tuple[Cadre, ...]]:
    """Cadres at or past the retirement age on ``as_of`` leave, with their records."""
    ages = {Gender.MALE: params.g("retire_age_men"), Gender.FEMALE: params.g("retire_age_women")}
    gone = tuple(c for c in roster.cadres.values() if age_on(c.birth_date, as_of) >= ages[c.gender])
    if not gone:
        return roster, ()
    ids = {c.cadre_id for c in gone}
    return (
        replace(
            roster,
            cadres={cid: c for cid, c in roster.cadres.items() if cid not in ids},
            appraisals=tuple(a for a in roster.appraisals if a.cadre_id not in ids),
            history=tuple(h for h in roster.history if h.cadre_id not in ids),
            relations=tuple(
                r for r in roster.relations if r.cadre_id not in ids and r.relative_id not in ids
            ),
        ),
        gone,
    )


def carry_over(
    roster: Roster,
    previous: date,
    as_of: date,
    params: Parameters,
    carry_appraisal: AppraisalResult | None,
) -> Roster:
    """Appraisals for the year just ended and renewed recommendations (module docstring)."""
    year = as_of.year - 1
    appraisals = list(roster.appraisals)
    if carry_appraisal is not None:
        have = {a.cadre_id for a in roster.appraisals if a.year == year}
        appraisals += [
            Appraisal(cid, year, carry_appraisal) for cid in roster.cadres if cid not in have
        ]
    valid_years = params.param("PROMOTION_ELIGIBILITY", "recommendation_years")
    cadres = {}
    for cid, cadre in roster.cadres.items():
        rec = cadre.recommended_on
        if rec is not None and rec <= previous and not at_least_years(rec, previous, valid_years):
            cadre = replace(cadre, recommended_on=as_of - RECOMMENDATION_LEAD)
        cadres[cid] = cadre
    return replace(roster, cadres=cadres, appraisals=tuple(appraisals))


def fillable_posts(roster: Roster) -> list[str]:
    """Vacant staff posts, as many per unit as its establishment leaves room for."""
    out = []
    for unit_id in sorted(roster.units):
        room = roster.establishment(unit_id) - roster.headcount(unit_id)
        vacant = sorted(
            p.post_id
            for p in roster.posts_by_unit[unit_id]
            if p.level is Level.STAFF and p.post_id not in roster.holder
        )
        out += vacant[: max(0, room)]
    return sorted(out)


def recruit(
    roster: Roster, as_of: date, mix: RecruitMix, seed: int
) -> tuple[Roster, tuple[str, ...]]:
    """Placeholder recruits in ``mix.fill_share`` of the fillable staff vacancies."""
    rng = random.Random(f"rotaplan-recruits:{seed}:{as_of.isoformat()}")
    posts = fillable_posts(roster)
    count = math.floor(mix.fill_share * len(posts) + 0.5)
    if count < len(posts):
        posts = sorted(rng.sample(posts, count))
    educations = list(mix.education_weights)
    weights = list(mix.education_weights.values())
    cadres = dict(roster.cadres)
    added = []
    number = 0
    for post_id in posts:
        number += 1
        while f"R{as_of.year}-{number:03d}" in cadres:
            number += 1
        cadre_id = f"R{as_of.year}-{number:03d}"
        age = rng.randint(mix.age_min, mix.age_max)
        # born in the year of days that makes the cadre exactly ``age`` on as_of
        latest = add_years(as_of, -age)
        earliest = add_years(as_of, -age - 1) + timedelta(days=1)
        birth = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        gender = Gender.FEMALE if rng.random() < mix.women_share else Gender.MALE
        education = rng.choices(educations, weights)[0]
        cadres[cadre_id] = Cadre(
            cadre_id=cadre_id,
            name=f"新录用{as_of.year}-{number:02d}",
            gender=gender,
            birth_date=birth,
            education=education,
            level=Level.STAFF,
            post_id=post_id,
            post_since=as_of,
            specialty=roster.posts[post_id].specialty,
        )
        added.append(cadre_id)
    return replace(roster, cadres=cadres), tuple(added)


# --- results -------------------------------------------------------------------------------
def is_share(indicator: Indicator) -> bool:
    """A share of chiefs, deputies, leaders or cadres, rather than a number of persons."""
    return TARGET_FIELD[indicator.key].endswith("_share")


@dataclass
class YearResult:
    """One cycle: the roster it planned (after the retirements and recruitments at its
    ``as_of``) and its plan."""

    as_of: date
    roster: Roster
    plan: Plan
    retired: tuple[Cadre, ...] = ()
    recruited: tuple[str, ...] = ()

    @property
    def year(self) -> int:
        return self.as_of.year

    @property
    def feasible(self) -> bool:
        return self.plan.feasible

    @cached_property
    def indicators(self) -> list[Indicator]:
        """二(一) indicators after the plan (none for a year without a plan)."""
        return indicators(self.plan.ctx, self.plan.outcome) if self.feasible else []

    def target(self, indicator: Indicator) -> float:
        """The target: a share in percent, or a number of persons."""
        value = getattr(Targets.of(self.plan.ctx), TARGET_FIELD[indicator.key])
        return round(100 * value, 1) if is_share(indicator) else value

    @staticmethod
    def value(indicator: Indicator) -> float | None:
        """A share in percent (None when there is nobody to take a share of), or a number of
        persons."""
        if not is_share(indicator):
            return indicator.count
        return round(100 * indicator.count / indicator.base, 1) if indicator.base else None

    def metrics_row(self) -> dict:
        row: dict = {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "status": self.plan.result.status,
            "cadres": len(self.roster.cadres),
            "retirements": len(self.retired),
            "recruits": len(self.recruited),
        }
        if self.feasible:
            counts = self.plan.counts()
            row.update({k: counts[k] for k in METRIC_COLUMNS if k in counts})
            row["unmet_soft_rules"] = len(self.plan.unmet_soft)
        for ind in self.indicators:
            row[ind.key] = self.value(ind)
            row[f"{ind.key}_target"] = self.target(ind)
            row[f"{ind.key}_met"] = ind.shortfall == 0
        return row


@dataclass
class SimulationResult:
    start_as_of: date
    years: int  # cycles asked for
    scenario: Scenario
    settings: SimulationSettings
    options: SolveOptions
    steps: list[YearResult]
    final_roster: Roster  # after the last cycle's plan took effect (or where it stopped)

    @property
    def complete(self) -> bool:
        return len(self.steps) == self.years and all(s.feasible for s in self.steps)

    @property
    def failed(self) -> YearResult | None:
        return next((s for s in self.steps if not s.feasible), None)

    def metrics_rows(self) -> list[dict]:
        return [s.metrics_row() for s in self.steps]

    @staticmethod
    def metric_columns() -> list[str]:
        return METRIC_COLUMNS + [
            column for key in TARGET_FIELD for column in (key, f"{key}_target", f"{key}_met")
        ]

    def first_met(self, key: str) -> int | None:
        for step in self.steps:
            for ind in step.indicators:
                if ind.key == key and ind.shortfall == 0:
                    return step.year
        return None

    def met_in(self, key: str, year: int) -> bool | None:
        """Whether the indicator meets its target after the cycle of ``year`` (None: not
        simulated)."""
        for step in self.steps:
            if step.year == year and step.feasible:
                return any(i.key == key and i.shortfall == 0 for i in step.indicators)
        return None

    # --- text ------------------------------------------------------------------------------
    def summary(self, lang: str = "en") -> str:
        zh = lang == "zh"
        feasible = [s for s in self.steps if s.feasible]
        lines = [
            (
                f"滚动模拟:{self.start_as_of} 起 {self.years} 个周期,方案 {self.scenario.name},"
                f"随机种子 {self.settings.seed}"
                if zh
                else f"Rolling simulation: {self.years} cycle(s) from {self.start_as_of}, "
                f"scenario {self.scenario.name}, seed {self.settings.seed}"
            ),
            "",
            (
                "年度  状态        干部 调整 晋升 交流 未满足软性规则 退休 新录用"
                if zh
                else "year  status      cadres moves promoted cross unmet-soft retired recruits"
            ),
        ]
        for row in self.metrics_rows():
            lines.append(
                f"{row['year']:<5} {row['status']:<11} {row['cadres']:>6} "
                f"{row.get('moves', '-'):>5} {row.get('promotions', '-'):>8} "
                f"{row.get('cross_rotations', '-'):>5} {row.get('unmet_soft_rules', '-'):>10} "
                f"{row['retirements']:>7} {row['recruits']:>8}"
            )
        for step in self.steps:
            if step.retired or step.recruited:
                names = ", ".join(f"{c.cadre_id} {c.name}" for c in step.retired) or "-"
                lines.append(
                    f"  {step.as_of}: 退休 {names};新录用 {len(step.recruited)} 人"
                    if zh
                    else f"  {step.as_of}: retired {names}; recruited {len(step.recruited)}"
                )
        if feasible:
            lines += ["", *self._trajectory(feasible, lang)]
        failed = self.failed
        if failed is not None:
            lines.append("")
            lines.append(
                f"{failed.year} 年周期无可行方案(状态 {failed.plan.result.status}),模拟在此停止。"
                if zh
                else f"No plan for the {failed.year} cycle (status {failed.plan.result.status}); "
                "the simulation stops there."
            )
            if failed.plan.result.diagnosis is not None:
                lines.append(failed.plan.result.diagnosis.render(lang))
        return "\n".join(lines)

    def _trajectory(self, steps: list[YearResult], lang: str) -> list[str]:
        zh = lang == "zh"
        years = [s.year for s in steps]
        head = (
            "结构指标(各周期调整后,二(一)):"
            if zh
            else "Structure indicators after each cycle (二(一)):"
        )
        tail = "  目标    指标" if zh else "  target  indicator"
        lines = [head, "  " + "".join(f"{y:>7}  " for y in years) + tail]
        for index, first in enumerate(steps[0].indicators):
            cells = []
            for step in steps:
                ind = step.indicators[index]
                value = step.value(ind)
                text = "-" if value is None else f"{value:.1f}%" if is_share(ind) else str(value)
                cells.append(f"{text:>7}{' ✓' if ind.shortfall == 0 else '  '}")
            target = steps[-1].target(steps[-1].indicators[index])
            target_text = f"≥{target:g}" + ("%" if is_share(first) else "")
            lines.append("  " + "".join(cells) + f"  {target_text:<7} {first.label(lang)}")
        lines.append("  (✓ = 达到目标)" if zh else "  (✓ = target met)")
        lines.append("")
        lines.append(
            f"{DEADLINE_YEAR} 年底目标(原则上到{DEADLINE_YEAR}年底):"
            if zh
            else f"Targets for the end of {DEADLINE_YEAR} (原则上到{DEADLINE_YEAR}年底):"
        )
        simulated = DEADLINE_YEAR in years
        reached = []
        for first in steps[0].indicators:
            label = first.label(lang)
            year = self.first_met(first.key)
            met = self.met_in(first.key, DEADLINE_YEAR)
            if first.key not in DEADLINE_KEYS:
                verdict = (
                    (f"{year} 年首次达到(无期限)" if zh else f"first met in {year} (no deadline)")
                    if year
                    else ("未达到(无期限)" if zh else "not met (no deadline)")
                )
            elif met:
                reached.append(first.key)
                verdict = (
                    f"{DEADLINE_YEAR} 年已达到(首次:{year} 年)"
                    if zh
                    else f"reached by {DEADLINE_YEAR} (first in {year})"
                )
            elif met is False:
                if year is None:
                    note = ""
                elif year < DEADLINE_YEAR:
                    note = f"({year} 年曾达到)" if zh else f" (met in {year}, lost again)"
                else:
                    note = f"({year} 年才达到)" if zh else f" (reached late, in {year})"
                verdict = (
                    f"{DEADLINE_YEAR} 年未达到" if zh else f"NOT reached in {DEADLINE_YEAR}"
                ) + note
            elif year:
                verdict = f"{year} 年达到" if zh else f"reached in {year}"
            else:
                verdict = (
                    f"模拟至 {years[-1]} 年未达到"
                    if zh
                    else f"not reached by {years[-1]} (the simulation ends there)"
                )
            lines.append(f"  {label}: {verdict}")
        if simulated:
            all_met = len(reached) == len(DEADLINE_KEYS)
            lines.append(
                (
                    f"  {DEADLINE_YEAR} 年目标:{len(reached)}/{len(DEADLINE_KEYS)} 项达到"
                    if zh
                    else f"  {DEADLINE_YEAR} targets: {len(reached)} of {len(DEADLINE_KEYS)} reached"
                )
                + ("" if not all_met else ("(全部达到)" if zh else " (all)"))
            )
        else:
            lines.append(
                f"  (模拟未覆盖 {DEADLINE_YEAR} 年)"
                if zh
                else f"  ({DEADLINE_YEAR} is not among the simulated years)"
            )
        return lines

    # --- files -----------------------------------------------------------------------------
    def summary_dict(self) -> dict:
        return {
            "start_as_of": self.start_as_of.isoformat(),
            "years": self.years,
            "cycles": [
                {
                    "year": s.year,
                    "as_of": s.as_of.isoformat(),
                    "status": s.plan.result.status,
                    "retired": [c.cadre_id for c in s.retired],
                    "recruited": list(s.recruited),
                }
                for s in self.steps
            ],
            "complete": self.complete,
            "scenario": self.scenario.summary_dict(),
            "seed": self.settings.seed,
            "carry_appraisal": self.settings.carry_appraisal,
            "recruits": asdict(self.settings.recruits),
            "retire_age_men": self.scenario.params.g("retire_age_men"),
            "retire_age_women": self.scenario.params.g("retire_age_women"),
            "solver": {
                "time_limit_per_cycle": self.options.time_limit,
                "workers": self.options.workers,
                "seed": self.options.seed,
            },
            "versions": versions(),
        }

    def write(self, out: str | Path, lang: str = "en", force: bool = False) -> None:
        """``out/<year>/`` (SPEC §5 files, plus ``roster/``: the roster that cycle planned),
        ``out/final-roster/``, ``out/metrics.csv`` and ``out/simulation.json``; all or none."""
        with atomic_dir(out, force) as tmp:
            for step in self.steps:
                folder = tmp / str(step.year)
                folder.mkdir()
                if step.feasible:
                    step.plan.write_files(folder, lang, self.scenario.summary_dict())
                else:
                    diagnosis = step.plan.result.diagnosis
                    text = diagnosis.render(lang) if diagnosis else step.plan.result.status
                    (folder / "diagnosis.txt").write_text(text + "\n", encoding="utf-8")
                write_roster(step.roster, folder / "roster", step.as_of)
            write_roster(self.final_roster, tmp / "final-roster")
            write_csv(tmp / "metrics.csv", self.metric_columns(), self.metrics_rows())
            with open(tmp / "simulation.json", "w", encoding="utf-8") as handle:
                json.dump(self.summary_dict(), handle, ensure_ascii=False, indent=2)
                handle.write("\n")


# --- the loop ------------------------------------------------------------------------------
def simulate(
    roster: Roster,
    scenario: Scenario | None,
    years: int,
    start_as_of: date,
    options: SolveOptions | None = None,
    settings: SimulationSettings | None = None,
    report: Callable[[YearResult], None] | None = None,
) -> SimulationResult:
    """Plan and apply ``years`` yearly cycles from ``start_as_of``; stop at a cycle without
    a plan. ``report`` is called after each cycle. The input roster is never changed."""
    if years < 1:
        raise UsageError("--years must be at least 1")
    scenario = scenario or Scenario()
    options = options or SolveOptions()
    settings = settings or SimulationSettings.from_roster(roster, options.seed)
    params = scenario.params
    scenario.apply(roster)  # pins, bans and leader overrides name what the roster has
    later = replace(scenario, pins=(), bans=())
    current = replace(roster, settings={**roster.settings, "as_of": start_as_of.isoformat()})
    steps: list[YearResult] = []
    retired: tuple[Cadre, ...] = ()
    recruited: tuple[str, ...] = ()
    for index in range(years):
        as_of = add_years(start_as_of, index)
        if index:
            previous = add_years(start_as_of, index - 1)
            current, retired = retire(current, as_of, params)
            current = carry_over(current, previous, as_of, params, settings.carry_appraisal)
            current, recruited = recruit(current, as_of, settings.recruits, settings.seed)
            current = replace(current, settings={**current.settings, "as_of": as_of.isoformat()})
        cycle = scenario if index == 0 else later
        # leader overrides apply to the plan; the roster carried on stays the user's own
        plan = make_plan(cycle.apply(current), as_of, params, options, cycle.pins, cycle.bans)
        step = YearResult(as_of, current, plan, retired, recruited)
        steps.append(step)
        if report is not None:
            report(step)
        if not plan.feasible:
            break
        current = apply_outcome(current, plan.outcome, as_of)
    return SimulationResult(start_as_of, years, scenario, settings, options, steps, current)
