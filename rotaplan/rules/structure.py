"""STRUCTURE_TARGETS of 二(一): indicators, targets and shortfalls in persons."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rotaplan.models.facts import age_on
from rotaplan.models.roster import Education, Gender, Level
from rotaplan.rules.context import Context, Outcome


@dataclass(frozen=True)
class Indicator:
    key: str
    label_en: str
    label_zh: str
    count: int  # persons meeting the criterion
    base: int  # persons it is a share of (0 for an absolute target)
    need: int  # persons needed to reach the target
    target_text: str

    @property
    def shortfall(self) -> int:
        return max(0, self.need - self.count)

    @property
    def value_text(self) -> str:
        if self.base:
            return f"{self.count}/{self.base} = {100 * self.count / self.base:.1f}%"
        return str(self.count)

    def label(self, lang: str) -> str:
        return self.label_zh if lang == "zh" else self.label_en


def persons_needed(share: float, base: int) -> int:
    """Smallest whole number of persons that reaches ``share`` of ``base``."""
    return math.ceil(round(share * base, 9))


def share_permille(share: float) -> int:
    return round(share * 1000)


@dataclass(frozen=True)
class Targets:
    young_chief_age: int
    young_chief_share: float
    mid_chief_min: int
    mid_chief_low: int
    mid_chief_high: int
    young_deputy_low: int
    young_deputy_high: int
    young_deputy_share: float
    graduate_share: float
    bachelor_share: float
    women_leader_share: float

    @classmethod
    def of(cls, ctx: Context) -> Targets:
        p = dict(ctx.params.rules["STRUCTURE_TARGETS"].params)
        if p.get("women_leader_share") is None:
            cadres = ctx.roster.cadres.values()
            women = sum(1 for c in cadres if c.gender is Gender.FEMALE)
            # the share of women among all cadres, rounded down to a whole percent
            p["women_leader_share"] = math.floor(100 * women / max(1, len(cadres))) / 100
        return cls(**p)


def indicators(ctx: Context, outcome: Outcome) -> list[Indicator]:
    t = Targets.of(ctx)
    ages = {cid: age_on(c.birth_date, ctx.as_of) for cid, c in ctx.roster.cadres.items()}
    levels = {cid: outcome.level_of(ctx, cid) for cid in ctx.roster.cadres}
    chiefs = [cid for cid, lv in levels.items() if lv is Level.CHIEF]
    deputies = [cid for cid, lv in levels.items() if lv is Level.DEPUTY]
    leaders = chiefs + deputies
    everyone = list(ctx.roster.cadres.values())
    young_chiefs = sum(1 for c in chiefs if ages[c] < t.young_chief_age)
    mid_chiefs = sum(1 for c in chiefs if t.mid_chief_low <= ages[c] <= t.mid_chief_high)
    young_deputies = sum(
        1 for c in deputies if t.young_deputy_low <= ages[c] <= t.young_deputy_high
    )
    graduates = sum(1 for c in everyone if c.education.is_graduate)
    bachelors = sum(1 for c in everyone if c.education.rank >= Education.BACHELOR.rank)
    women = sum(1 for c in leaders if ctx.roster.cadres[c].gender is Gender.FEMALE)
    pct = lambda s: f"≥ {100 * s:g}%"  # noqa: E731
    return [
        Indicator(
            "young_chiefs",
            f"chiefs under {t.young_chief_age}",
            f"正科职{t.young_chief_age}岁以下",
            young_chiefs,
            len(chiefs),
            persons_needed(t.young_chief_share, len(chiefs)),
            pct(t.young_chief_share),
        ),
        Indicator(
            "mid_chiefs",
            f"chiefs aged {t.mid_chief_low}–{t.mid_chief_high}",
            f"正科职{t.mid_chief_low}–{t.mid_chief_high}岁",
            mid_chiefs,
            0,
            t.mid_chief_min,
            f"≥ {t.mid_chief_min}",
        ),
        Indicator(
            "young_deputies",
            f"deputies aged {t.young_deputy_low}–{t.young_deputy_high}",
            f"副科职{t.young_deputy_low}–{t.young_deputy_high}岁",
            young_deputies,
            len(deputies),
            persons_needed(t.young_deputy_share, len(deputies)),
            pct(t.young_deputy_share),
        ),
        Indicator(
            "graduates",
            "graduates (master+)",
            "研究生学历",
            graduates,
            len(everyone),
            persons_needed(t.graduate_share, len(everyone)),
            pct(t.graduate_share),
        ),
        Indicator(
            "bachelor_plus",
            "bachelor or above",
            "本科以上学历",
            bachelors,
            len(everyone),
            persons_needed(t.bachelor_share, len(everyone)),
            pct(t.bachelor_share),
        ),
        Indicator(
            "women_leaders",
            "women among chiefs and deputies",
            "正副科职中女干部",
            women,
            len(leaders),
            persons_needed(t.women_leader_share, len(leaders)),
            pct(t.women_leader_share),
        ),
    ]
