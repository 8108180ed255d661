"""The packet's tables as plain dicts, gathered from a roster and a plan FOLDER.

Everything is read from the plan's files (plan.csv, supervision.csv, findings.csv,
summary.json), never from a solver object, so a report can be made from any plan folder,
including one written by an earlier version or edited by hand. Facts, due cadres, exemptions
and promotion eligibility are re-derived from the roster at the plan's ``as_of``, with the
plan's scenario when it can be reloaded.
"""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rotaplan.errors import UsageError
from rotaplan.io import unquote
from rotaplan.models.dates import full_years, parse_date
from rotaplan.models.facts import render_reason
from rotaplan.models.roster import AppraisalResult, Level, Roster
from rotaplan.report.chains import Mover, chain_text, move_chains
from rotaplan.report.labels import LABELS, label
from rotaplan.rules.base import Severity
from rotaplan.rules.catalog import CATALOG
from rotaplan.rules.context import Context, Outcome
from rotaplan.rules.registry import MOVE_RULES, satisfied
from rotaplan.rules.structure import indicators
from rotaplan.rules.texts import LEVEL_ZH

PLAN_FILES = ("plan.csv", "supervision.csv", "findings.csv", "summary.json")
GENDER_ZH = {"M": "男", "F": "女"}
EDUCATION_ZH = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "college": "大专",
    "secondary": "中专及以下",
}
# the flags of SPEC §2 in the policy's words (一(四), 四(二), 五(三))
FLAG_ZH = {
    "vote_buying": "有跑官、拉票行为",
    "spouse_abroad": "配偶(子女)已移居国(境)外",
    "discipline": "受到组织处理或党纪政纪处分影响使用",
    "report_concealed": "个人有关事项不如实填报或隐瞒不报",
    "low_recognition": "群众公认度不高",
    "under_investigation": "正在接受调查",
    "unfit": "不胜任现任职务",
}
CHAIN_MOVE = "CHAIN"  # pseudo reason of a move no rule asks for: it makes room in a chain


# --- the plan folder ------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanFiles:
    plan: list[dict]
    supervision: list[dict]
    findings: list[dict]
    summary: dict


def read_plan_dir(plan_dir: str | Path) -> PlanFiles:
    folder = Path(plan_dir)
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a plan folder")
    missing = [name for name in PLAN_FILES if not (folder / name).is_file()]
    if missing:
        raise UsageError(
            f"{folder} is not a complete plan folder: missing {', '.join(missing)} "
            "(write one with: rotaplan plan --out DIR)"
        )

    def rows(name: str) -> list[dict]:
        with open(folder / name, encoding="utf-8-sig", newline="") as handle:
            return [
                {k: unquote((v or "").strip()) for k, v in row.items() if k}
                for row in csv.DictReader(handle)
            ]

    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise UsageError(f"{folder / 'summary.json'}: not readable JSON ({exc})") from None
    if not isinstance(summary, dict):
        raise UsageError(f"{folder / 'summary.json'}: expected a JSON object")
    return PlanFiles(rows("plan.csv"), rows("supervision.csv"), rows("findings.csv"), summary)


# --- pseudonyms -------------------------------------------------------------------------------
def pseudonym(ident: str, prefix: str, length: int = 4) -> str:
    """A stable stand-in for a person: ``干部-7F3A`` from a hash of the id."""
    digest = hashlib.sha256(ident.encode("utf-8")).hexdigest().upper()
    return f"{prefix}-{digest[:length]}"


def pseudonyms(roster: Roster, lang: str) -> dict[str, str]:
    """id -> pseudonym for every cadre and leader; longer hashes only if four digits clash."""
    cadre, leader = ("干部", "领导") if lang == "zh" else ("Cadre", "Leader")
    people = [(c, cadre) for c in roster.cadres] + [(x, leader) for x in roster.leaders]
    for length in range(4, 65):
        out = {ident: pseudonym(ident, prefix, length) for ident, prefix in people}
        if len(set(out.values())) == len(out):
            return out
    raise AssertionError("unreachable: sha256 prefixes of distinct ids")


def redacted(roster: Roster, names: dict[str, str], lang: str = "en") -> Roster:
    """The same roster with every cadre's and leader's name replaced, and every borrowed
    person's name (they have no id: the pseudonym hashes the name)."""
    prefix = "借用人员" if lang == "zh" else "Borrowed"
    return replace(
        roster,
        cadres={i: replace(c, name=names[i]) for i, c in roster.cadres.items()},
        leaders={i: replace(x, name=names[i]) for i, x in roster.leaders.items()},
        borrowings=tuple(replace(b, person=pseudonym(b.person, prefix)) for b in roster.borrowings),
    )


def redact(roster: Roster, lang: str = "en") -> Roster:
    """``roster`` with pseudonyms for every person: what ``--redact`` applies before any
    output is made, so that files, console and packet use the same pseudonyms."""
    return redacted(roster, pseudonyms(roster, lang), lang)


def scrub(text: str, real: dict[str, str]) -> str:
    """Replace real names (longest first) in text that came from a file."""
    for name in sorted(real, key=len, reverse=True):
        if name:
            text = text.replace(name, real[name])
    return text


# --- scenario ---------------------------------------------------------------------------------
def scenario_of(summary: dict, lang: str = "en"):
    """The plan's scenario, reloaded when its source is bundled or still on disk unchanged;
    else the defaults, with a note saying so."""
    from rotaplan.scenarios import Scenario, ScenarioError, load_scenario

    info = summary.get("scenario") or {}
    source = str(info.get("source") or "")
    if not source:
        return Scenario(name=str(info.get("name") or "default")), ""
    try:
        scenario = load_scenario(source.removeprefix("bundled:"))
    except ScenarioError:
        scenario = None
    digest = str(info.get("sha256") or "")
    if scenario is None or (digest and scenario.digest and scenario.digest != digest):
        return (
            Scenario(name=str(info.get("name") or "default")),
            label("scenario_not_reloaded", lang, source=source),
        )
    return scenario, ""


# --- gathering --------------------------------------------------------------------------------
def gather(roster: Roster, plan_dir: str | Path, lang: str = "zh", redact: bool = False) -> dict:
    """Every table of the packet as plain dicts and lists, in ``lang``."""
    from rotaplan.verify import read_outcome, verify

    files = read_plan_dir(plan_dir)
    summary = files.summary
    scenario, scenario_note = scenario_of(summary, lang)
    roster = scenario.apply(roster)
    real: dict[str, str] = {}  # real name -> pseudonym, to scrub texts read from files
    if redact:
        names = pseudonyms(roster, lang)
        real = {roster.name_of(ident): alias for ident, alias in names.items()}
        roster = redacted(roster, names, lang)
    as_of = _as_of(summary, roster)
    params = scenario.params
    ctx = Context(roster, as_of, params, scenario.pins, scenario.bans)
    outcome = read_outcome(roster, plan_dir)
    before = Outcome.unchanged(roster)
    zh = lang == "zh"
    check = verify(roster, plan_dir, as_of, params, scenario.pins, scenario.bans)

    g = _Gatherer(ctx, outcome, lang)
    moves = g.moves(files.plan)
    chains = move_chains(
        [
            Mover(
                m["cadre_id"],
                m["name"],
                m["from_post"] or None,
                m["from_label"],
                m["to_post"],
                m["to_label"],
            )
            for m in moves
        ],
        roster.holder,
    )
    chain_of = {c: chain.no for chain in chains for c in chain.members}
    for move in moves:
        move["chain"] = chain_of.get(move["cadre_id"])
    notes = g.notes(moves)

    # counted from plan.csv, not copied from summary.json: the tables and the counts agree
    # even on a plan folder edited by hand
    counts = _counts(moves, files.supervision)
    by_reason: dict[str, int] = {}
    for move in moves:
        main = move["reasons"][0]["rule_id"]  # notes() gave a chain move its pseudo reason
        by_reason[main] = by_reason.get(main, 0) + 1

    gap = summary.get("gap")
    return {
        "lang": lang,
        "redacted": redact,
        "meta": {
            "as_of": as_of.isoformat(),
            "scenario": (summary.get("scenario") or {}).get("name") or scenario.name,
            "scenario_description": scenario.description,
            "scenario_note": scenario_note,
            "status": str(summary.get("status") or ""),
            "status_text": _status_text(summary.get("status"), lang),
            "gap": "—" if gap is None else f"{100 * float(gap):.2f}%",
            "objective": summary.get("objective"),
            "best_bound": summary.get("best_bound"),
            "wall_seconds": summary.get("wall_seconds"),
            "roster": Path(roster.source).name if roster.source else "",
            "units": len(roster.units),
            "posts": len(roster.posts),
            "cadres": len(roster.cadres),
        },
        "verify": {
            "ok": check.ok,
            "violations": [
                {"rule_id": b.rule_id, "subject": b.subject, "detail": scrub(b.detail, real)}
                for b in check.violations
            ],
        },
        "counts": counts,
        "by_reason": [
            {
                "rule_id": rule_id,
                "title": g.rule_title(rule_id),
                "count": by_reason[rule_id],
            }
            for rule_id in [*CATALOG, CHAIN_MOVE]
            if rule_id in by_reason
        ],
        "unmet": g.unmet(files.findings, real),
        "moves": moves,
        "notes": notes,
        "exempt": g.exempt(),
        "due_not_moved": g.due_not_moved(),
        "eligible": g.eligible(),
        "ineligible": g.ineligible(),
        "supervision": g.supervision(),
        "unit_changes": g.unit_changes(),
        "structure": g.structure(before),
        "chains": [
            {
                "no": chain.no,
                "ring": chain.ring,
                "kind": label("ring" if chain.ring else "path", lang),
                "size": len(chain.movers),
                "steps": chain_text(chain, lang),
                "vacated": chain.vacated,
            }
            for chain in chains
        ],
        "chain_objects": chains,
        "units": g.units(),
        "zh": zh,
    }


def _counts(moves: list[dict], supervision: list[dict]) -> dict[str, int]:
    kinds = [m["change"] for m in moves]
    return {
        "moves": sum(k in ("move", "promote", "step_down") for k in kinds),
        "promotions": kinds.count("promote"),
        "step_downs": kinds.count("step_down"),
        "placements": kinds.count("place"),
        "cross_rotations": sum(bool(m["cross"]) for m in moves),
        "supervision_changes": sum(
            str(r.get("changed", "")).lower() in ("true", "1") for r in supervision
        ),
    }


def _as_of(summary: dict, roster: Roster) -> date:
    for value in (summary.get("as_of"), roster.as_of_setting):
        if value:
            try:
                return parse_date(value)
            except ValueError as exc:
                raise UsageError(f"summary.json as_of: {exc}") from None
    raise UsageError("summary.json has no as_of, and the roster's settings name none")


def _status_text(status: object, lang: str) -> str:
    key = f"status_{status}"
    return label(key, lang) if key in LABELS else str(status or "—")


class _Gatherer:
    """The tables, one method each, over one context and the plan's outcome."""

    def __init__(self, ctx: Context, outcome: Outcome, lang: str):
        self.ctx, self.outcome, self.lang = ctx, outcome, lang
        self.roster = ctx.roster
        self.zh = lang == "zh"
        self.unit_order = {u: i for i, u in enumerate(self.roster.units)}
        self.post_order = {p: i for i, p in enumerate(self.roster.posts)}

    # --- small texts ------------------------------------------------------------------------
    def level_text(self, level: Level | str | None) -> str:
        if level is None or level == "":
            return ""
        value = str(level)
        return LEVEL_ZH.get(value, value) if self.zh else value

    def post_label(self, post_id: str | None) -> str:
        if not post_id:
            return ""
        post = self.roster.posts[post_id]
        return f"{self.roster.units[post.unit_id].name} {post.title}"

    def rule_title(self, rule_id: str) -> str:
        if rule_id == CHAIN_MOVE:
            return label("chain_move", self.lang)
        rule = CATALOG.get(rule_id)
        return rule.title(self.lang) if rule else rule_id

    def cadre_cells(self, cadre_id: str) -> dict:
        cadre = self.roster.cadres[cadre_id]
        facts = self.ctx.facts[cadre_id]
        unit_id = facts.unit_id
        return {
            "cadre_id": cadre_id,
            "name": cadre.name,
            "gender": GENDER_ZH[cadre.gender.value] if self.zh else cadre.gender.value,
            "age": facts.age,
            "education": (
                EDUCATION_ZH[cadre.education.value] if self.zh else cadre.education.value
            ),
            "level": self.level_text(cadre.level),
            "unit": self.roster.units[unit_id].name if unit_id else "",
            "post": self.roster.posts[cadre.post_id].title if cadre.post_id else "",
        }

    # --- moves ------------------------------------------------------------------------------
    def moves(self, plan_rows: list[dict]) -> list[dict]:
        roster, facts = self.roster, self.ctx.facts
        out = []
        by_cadre = {row.get("cadre_id", ""): row for row in plan_rows}
        for cadre_id, cadre in roster.cadres.items():
            row = by_cadre.get(cadre_id, {})
            to_post = self.outcome.post_of.get(cadre_id)
            if to_post == cadre.post_id or not to_post:
                continue
            change = self._change(cadre_id, to_post)  # from the posts, not the file's column
            f = facts[cadre_id]
            from_unit = roster.posts[cadre.post_id].unit_id if cadre.post_id else ""
            to_unit = roster.posts[to_post].unit_id
            reasons = [r for r in (row.get("reasons") or "").split(";") if r]
            cross = bool(from_unit) and roster.units[from_unit].kind != roster.units[to_unit].kind
            unit_years = full_years(f.unit_since, self.ctx.as_of) if f.unit_since else None
            out.append(
                {
                    **self.cadre_cells(cadre_id),
                    "from_unit": from_unit,
                    "from_unit_name": roster.units[from_unit].name if from_unit else "",
                    "from_post": cadre.post_id or "",
                    "from_title": roster.posts[cadre.post_id].title if cadre.post_id else "",
                    "from_level": cadre.level.value,
                    "from_label": self.post_label(cadre.post_id),
                    "post_years": f.post_years,
                    "unit_years": unit_years,
                    "to_unit": to_unit,
                    "to_unit_name": roster.units[to_unit].name,
                    "to_post": to_post,
                    "to_title": roster.posts[to_post].title,
                    "to_level": roster.posts[to_post].level.value,
                    "to_label": self.post_label(to_post),
                    "change": change,
                    "change_text": label(f"change_{change}", self.lang),
                    "cross": cross,
                    "reason_ids": reasons,
                    "reasons": [
                        {"rule_id": r, "title": self.rule_title(r), "clause": _clause(r)}
                        for r in reasons
                    ],
                }
            )
        # conventional order: unit by unit as the roster lists them, chiefs first;
        # placements (no unit yet) last, by the unit they go to
        out.sort(
            key=lambda m: (
                m["from_unit"] == "",
                self.unit_order.get(m["from_unit"] or m["to_unit"], 0),
                -Level(m["from_level"]).rank,
                self.post_order.get(m["from_post"] or m["to_post"], 0),
            )
        )
        for number, move in enumerate(out, start=1):
            move["no"] = number
        return out

    def _change(self, cadre_id: str, to_post: str) -> str:
        cadre = self.roster.cadres[cadre_id]
        if cadre.post_id is None:
            return "place"
        rank = self.roster.posts[to_post].level.rank
        if rank > cadre.level.rank:
            return "promote"
        if rank < cadre.level.rank:
            return "step_down"
        return "move"

    def notes(self, moves: list[dict]) -> list[dict]:
        """One numbered footnote per cited rule, in order of first citation."""
        numbers: dict[str, int] = {}
        for move in moves:
            if not move["reasons"]:
                move["reasons"] = [
                    {
                        "rule_id": CHAIN_MOVE,
                        "title": self.rule_title(CHAIN_MOVE),
                        "clause": "",
                    }
                ]
            for reason in move["reasons"]:
                rule_id = reason["rule_id"]
                numbers.setdefault(rule_id, len(numbers) + 1)
                reason["note"] = numbers[rule_id]
                reason["hover"] = _hover(rule_id, self.lang)
        out = []
        for rule_id, number in numbers.items():
            rule = CATALOG.get(rule_id)
            out.append(
                {
                    "no": number,
                    "rule_id": rule_id if rule else "",
                    "title": self.rule_title(rule_id),
                    "clause": rule.clause if rule else "",
                    "policy_text": rule.clause_zh if rule else "",
                    "meaning": (
                        rule.meaning(self.lang).format(**rule.params)
                        if rule
                        else _hover(rule_id, self.lang)
                    ),
                }
            )
        return out

    # --- due, exempt, promotion -------------------------------------------------------------
    def _instances(self):
        return [i for i in self.ctx.instances if i.finding]

    def exempt(self) -> list[dict]:
        waived: dict[str, list[str]] = {}
        for inst in self._instances():
            if inst.waived and inst.cadres:
                rules = waived.setdefault(inst.cadres[0], [])
                if inst.rule_id not in rules:
                    rules.append(inst.rule_id)
        return [
            {
                **self.cadre_cells(cadre_id),
                "rules": [
                    {"rule_id": r, "title": self.rule_title(r), "clause": _clause(r)} for r in rules
                ],
                "outcome": label(
                    "moved_anyway" if self.outcome.moved(self.ctx, cadre_id) else "stays",
                    self.lang,
                ),
            }
            for cadre_id, rules in sorted(waived.items(), key=self._cadre_order)
        ]

    def due_not_moved(self) -> list[dict]:
        rows = []
        for inst in self._instances():
            if inst.rule_id not in MOVE_RULES or inst.waived:
                continue
            for cadre_id in inst.movers:
                if self.outcome.moved(self.ctx, cadre_id):
                    continue
                rows.append(
                    {
                        **self.cadre_cells(cadre_id),
                        "rule_id": inst.rule_id,
                        "title": self.rule_title(inst.rule_id),
                        "clause": _clause(inst.rule_id),
                        "detail": inst.detail(self.lang),
                        "why": self._why(inst, cadre_id),
                    }
                )
        rows.sort(key=lambda r: self._cadre_order((r["cadre_id"], None)))
        return rows

    def _why(self, inst, cadre_id: str) -> str:
        ctx, outcome = self.ctx, self.outcome
        if satisfied(ctx, inst, outcome):
            others = [c for c in inst.movers if c != cadre_id and outcome.moved(ctx, c)]
            if inst.rule_id == "SUPERVISOR_PAIRING" and inst.unit_id:
                if (
                    outcome.leader_of.get(inst.unit_id)
                    != ctx.roster.units[inst.unit_id].supervisor_id
                ):
                    return label("why_portfolio", self.lang)
            if others:
                names = ("、" if self.zh else ", ").join(self.roster.cadres[c].name for c in others)
                return label("why_other_moved", self.lang, names=names)
            return label("why_met", self.lang)
        if ctx.params.severity(inst.rule_id) is Severity.HARD:
            return label("why_hard_unmet", self.lang)
        return label("why_soft_unmet", self.lang)

    def eligible(self) -> list[dict]:
        rows = []
        for cadre_id in sorted(self.roster.cadres, key=lambda c: self._cadre_order((c, None))):
            f = self.ctx.facts[cadre_id]
            if not f.promotion_eligible:
                continue
            promoted = self.outcome.promoted(self.ctx, cadre_id)
            to_post = self.outcome.post_of.get(cadre_id)
            appraisals = self.roster.appraisals_by_cadre.get(cadre_id, {})
            window = self.ctx.params.param("PROMOTION_ELIGIBILITY", "appraisal_years")
            rows.append(
                {
                    **self.cadre_cells(cadre_id),
                    "merit": f.merit,
                    "excellent": ("、" if self.zh else ", ").join(
                        str(y)
                        for y in range(self.ctx.as_of.year - window, self.ctx.as_of.year)
                        if appraisals.get(y) is AppraisalResult.EXCELLENT
                    )
                    or "—",
                    "promoted": promoted,
                    "outcome": (
                        label("promoted_to", self.lang, post=self.post_label(to_post))
                        if promoted
                        else label("not_promoted", self.lang)
                    ),
                }
            )
        return rows

    def ineligible(self) -> list[dict]:
        rows = []
        for cadre_id in sorted(self.roster.cadres, key=lambda c: self._cadre_order((c, None))):
            cadre, f = self.roster.cadres[cadre_id], self.ctx.facts[cadre_id]
            if f.promotion_eligible or cadre.level.up() is None:
                continue
            rows.append(
                {
                    **self.cadre_cells(cadre_id),
                    "reasons": "; ".join(self.ineligible_text(r) for r in f.ineligible_reasons),
                }
            )
        return rows

    def ineligible_text(self, code: str) -> str:
        name, _, flag = code.partition(":")
        if name == "flag" and self.zh and flag in FLAG_ZH:
            return f"负面情形:{FLAG_ZH[flag]}"
        return render_reason(code, self.lang)

    def _cadre_order(self, item) -> tuple:
        cadre_id = item[0]
        cadre = self.roster.cadres[cadre_id]
        unit = self.roster.unit_of(cadre_id)
        return (
            unit is None,
            self.unit_order.get(unit, 0),
            -cadre.level.rank,
            self.post_order.get(cadre.post_id or "", 0),
            cadre_id,
        )

    # --- findings ---------------------------------------------------------------------------
    def unmet(self, findings: list[dict], real: dict[str, str]) -> list[dict]:
        """The plan's findings.csv, texts re-rendered in the report's language when the rule
        instance is known (else the file's text, names scrubbed when redacting)."""
        known = {(i.rule_id, i.subject): i for i in self.ctx.instances}
        structure = {i.key: i for i in indicators(self.ctx, self.outcome)}
        rows = []
        for row in findings:
            rule_id, subject = row.get("rule_id", ""), row.get("subject", "")
            inst = known.get((rule_id, subject))
            detail = scrub(row.get("detail", ""), real)
            if inst is not None:
                detail = inst.detail(self.lang)
            elif rule_id == "STRUCTURE_TARGETS" and subject in structure:
                ind = structure[subject]
                detail = (
                    f"{ind.label(self.lang)}:{ind.value_text},目标{ind.target_text},"
                    f"差{ind.shortfall}人"
                    if self.zh
                    else f"{ind.label(self.lang)}: {ind.value_text}, target {ind.target_text}, "
                    f"short by {ind.shortfall}"
                )
            rows.append(
                {
                    "rule_id": rule_id,
                    "title": self.rule_title(rule_id),
                    "clause": _clause(rule_id),
                    "subject": self.roster.name_of(subject)
                    if subject in self.roster.units
                    else subject,
                    "detail": detail,
                    "structure": rule_id == "STRUCTURE_TARGETS",
                }
            )
        return rows

    # --- supervision ------------------------------------------------------------------------
    def supervision(self) -> list[dict]:
        roster = self.roster
        rows = []
        for leader_id, leader in roster.leaders.items():
            before = [u for u, x in roster.units.items() if x.supervisor_id == leader_id]
            after = [u for u in roster.units if self.outcome.leader_of.get(u) == leader_id]
            rows.append(
                {
                    "leader_id": leader_id,
                    "leader": leader.name,
                    "before": [roster.units[u].name for u in before],
                    "after": [roster.units[u].name for u in after],
                    "added": [roster.units[u].name for u in after if u not in before],
                    "removed": [roster.units[u].name for u in before if u not in after],
                    "changed": before != after,
                }
            )
        return rows

    def unit_changes(self) -> list[dict]:
        roster = self.roster
        rows = []
        for unit_id, unit in roster.units.items():
            after = self.outcome.leader_of.get(unit_id)
            if after and after != unit.supervisor_id:
                rows.append(
                    {
                        "unit_id": unit_id,
                        "unit": unit.name,
                        "from": roster.name_of(unit.supervisor_id),
                        "to": roster.name_of(after),
                        "since": unit.supervisor_since.isoformat(),
                    }
                )
        return rows

    # --- structure --------------------------------------------------------------------------
    def structure(self, before: Outcome) -> list[dict]:
        rows = []
        for old, new in zip(
            indicators(self.ctx, before), indicators(self.ctx, self.outcome), strict=True
        ):
            share = bool(new.base)

            def value(ind) -> float:
                return 100 * ind.count / ind.base if ind.base else float(ind.count)

            target = float(new.target_text.strip("≥ %")) if share else float(new.need)
            rows.append(
                {
                    "key": new.key,
                    "label": new.label(self.lang),
                    "before_text": old.value_text,
                    "after_text": new.value_text,
                    "target_text": new.target_text,
                    "before": round(value(old), 1),
                    "after": round(value(new), 1),
                    "target": target,
                    "share": share,
                    "short_before": old.shortfall,
                    "short_after": new.shortfall,
                }
            )
        return rows

    # --- appendix ---------------------------------------------------------------------------
    def units(self) -> list[dict]:
        roster, outcome = self.roster, self.outcome
        after_holder = {p: c for c, p in outcome.post_of.items() if p}
        out = []
        for unit_id, unit in roster.units.items():
            posts = sorted(
                roster.posts_by_unit[unit_id],
                key=lambda p: (-p.level.rank, self.post_order[p.post_id]),
            )
            rows = []
            for post in posts:
                before = roster.holder.get(post.post_id)
                after = after_holder.get(post.post_id)
                rows.append(
                    {
                        "post_id": post.post_id,
                        "title": post.title,
                        "level": self.level_text(post.level),
                        "key": post.key,
                        "before": roster.cadres[before].name if before else "",
                        "after": roster.cadres[after].name if after else "",
                        "changed": before != after,
                    }
                )
            leader_after = outcome.leader_of.get(unit_id)
            out.append(
                {
                    "unit_id": unit_id,
                    "name": unit.name,
                    "kind": label(f"kind_{unit.kind.value}", self.lang),
                    "establishment": roster.establishment(unit_id),
                    "supervisor_before": roster.name_of(unit.supervisor_id),
                    "supervisor_after": roster.name_of(leader_after) if leader_after else "",
                    "supervisor_changed": leader_after != unit.supervisor_id,
                    "posts": rows,
                    "changes": sum(r["changed"] for r in rows),
                }
            )
        return out


def _clause(rule_id: str) -> str:
    rule = CATALOG.get(rule_id)
    return rule.clause if rule else ""


def _hover(rule_id: str, lang: str) -> str:
    """The policy's own words when the catalog has them, else what the rule means."""
    rule = CATALOG.get(rule_id)
    if rule is None:
        return label("chain_move_note", lang) if rule_id == CHAIN_MOVE else rule_id
    text = rule.clause_zh or rule.meaning("zh").format(**rule.params)
    return f"{rule.clause}:{text}" if rule.clause != "—" else text
