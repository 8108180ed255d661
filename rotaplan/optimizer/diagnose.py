"""Why no plan exists, in plain words (English and Chinese).

Two layers: cheap checks before solving (a cadre with nowhere to go; a group of cadres who
compete for fewer posts than they are, found by a maximum matching and König's theorem),
then, when CP-SAT itself proves infeasibility, a small conflicting set of hard rule
instances: every hard instance is an assumption literal, CP-SAT returns a sufficient subset
(``sufficient_assumptions_for_infeasibility``), and a deletion filter shrinks it to a
minimal one.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx
from ortools.sat.python import cp_model

from rotaplan.models.roster import Level
from rotaplan.optimizer.candidates import Candidates
from rotaplan.rules.base import Instance, Severity
from rotaplan.rules.context import Context
from rotaplan.rules.texts import LEVEL_ZH


@dataclass(frozen=True)
class Reason:
    rule_id: str
    subject: str
    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class Diagnosis:
    reasons: list[Reason]
    source: str = "cp-sat"  # "precheck" or "cp-sat"
    notes: list[tuple[str, str]] = field(default_factory=list)

    def render(self, lang: str = "en") -> str:
        head = (
            "无可行方案:以下硬性规则无法同时满足"
            if lang == "zh"
            else "No plan exists: these hard rules cannot all hold"
        )
        lines = [head + ":"]
        lines += [f"  - {r.rule_id} [{r.subject}]: {r.text(lang)}" for r in self.reasons]
        lines += [f"  {zh if lang == 'zh' else en}" for en, zh in self.notes]
        return "\n".join(lines)

    @property
    def rule_ids(self) -> set[str]:
        return {r.rule_id for r in self.reasons}


_MUST_LEAVE = ("KEY_POST_TENURE", "LEADER_UNIT_TENURE")


def _hard_instances(ctx: Context) -> list[Instance]:
    return [
        i for i in ctx.instances if not i.waived and ctx.params.severity(i.rule_id) is Severity.HARD
    ]


def hard_domains(
    ctx: Context, candidates: Candidates
) -> tuple[dict[str, list[str]], dict[str, list[Instance]]]:
    """Candidate posts left to each cadre by the hard rules that concern it alone."""
    roster = ctx.roster
    domains = {c: list(p) for c, p in candidates.posts.items()}
    why: dict[str, list[Instance]] = {c: [] for c in domains}
    for inst in _hard_instances(ctx):
        if inst.rule_id in _MUST_LEAVE:
            cid = inst.movers[0]
            domains[cid] = [p for p in domains[cid] if roster.posts[p].unit_id != inst.unit_id]
        elif inst.rule_id == "APPRAISAL_ADJUSTMENT":
            cid = inst.subject
            domains[cid] = [
                p
                for p in domains[cid]
                if roster.posts[p].unit_id != inst.unit_id or roster.posts[p].level is Level.STAFF
            ]
        elif inst.rule_id == "PROBATION":
            cid = inst.subject
            domains[cid] = [p for p in domains[cid] if p == roster.cadres[cid].post_id]
        else:
            continue
        why[cid].append(inst)
    return domains, why


def optional_placements(ctx: Context) -> set[str]:
    """Unplaced cadres a plan may leave unplaced: all of them unless ESTABLISHMENT is hard.
    Every other cadre must hold a post (as in :class:`rotaplan.optimizer.model.RotationModel`)."""
    if ctx.params.is_hard("ESTABLISHMENT"):
        return set()
    return {c.cadre_id for c in ctx.roster.cadres.values() if not c.placed}


def precheck(ctx: Context, candidates: Candidates) -> list[Reason]:
    roster = ctx.roster
    domains, why = hard_domains(ctx, candidates)
    for cid in optional_placements(ctx):
        # a cadre that may stay unplaced neither lacks a post nor competes for one
        del domains[cid], why[cid]
    reasons: list[Reason] = []
    for pin in ctx.pins:
        if pin.post and pin.post not in candidates.posts[pin.cadre]:
            cadre, post = roster.cadres[pin.cadre], roster.posts[pin.post]
            reasons.append(
                Reason(
                    "PIN",
                    pin.cadre,
                    f"scenario {pin.describe()}: {cadre.name} ({cadre.level.value}) may not take a "
                    f"{post.level.value} post under PROMOTION_ELIGIBILITY",
                    f"情景设定:{pin.describe()}:{cadre.name}({LEVEL_ZH[cadre.level.value]})"
                    f"依PROMOTION_ELIGIBILITY不得担任{LEVEL_ZH[post.level.value]}岗位",
                )
            )
    for cid, posts in domains.items():
        if posts:
            continue
        cadre = roster.cadres[cid]
        rules = why[cid]
        level = cadre.level.value
        if rules and all(r.rule_id in _MUST_LEAVE for r in rules):
            unit = roster.units[rules[0].unit_id].name
            en = f"{cadre.name} ({cid}) must leave {unit} under {rules[0].rule_id}, but no {level} post exists outside {unit}"
            zh = f"{cadre.name}({cid})依{rules[0].rule_id}须调离{unit},但{unit}以外没有{LEVEL_ZH[level]}岗位"
        elif rules:
            names = " + ".join(r.rule_id for r in rules)
            en = f"{cadre.name} ({cid}) cannot satisfy {names} at once: " + "; ".join(
                r.detail("en") for r in rules
            )
            zh = f"{cadre.name}({cid})无法同时满足{names}:" + ";".join(
                r.detail("zh") for r in rules
            )
        else:
            en = f"{cadre.name} ({cid}) has no {level} post it may take"
            zh = f"{cadre.name}({cid})没有可任职的{LEVEL_ZH[level]}岗位"
        rule_id = rules[0].rule_id if rules else "ESTABLISHMENT"
        reasons.append(Reason(rule_id, cid, en, zh))
    if reasons:
        return reasons
    return _matching_deficiency(ctx, domains, why)


def _matching_deficiency(ctx, domains, why) -> list[Reason]:
    """Hall's condition: a set of cadres whose possible posts are fewer than they are."""
    graph = nx.Graph()
    cadres = [("c", c) for c in domains]
    graph.add_nodes_from(cadres, bipartite=0)
    for cid, posts in domains.items():
        graph.add_edges_from((("c", cid), ("p", p)) for p in posts)
    matching = nx.bipartite.hopcroft_karp_matching(graph, top_nodes=cadres)
    unmatched = [n for n in cadres if n not in matching]
    if not unmatched:
        return []
    # alternating BFS from the unmatched cadres: the cadres reached only reach posts matched
    # to other reached cadres, so |posts| = |cadres| - |unmatched| (König)
    seen_c, seen_p = set(unmatched), set()
    frontier = list(unmatched)
    while frontier:
        nxt = []
        for node in frontier:
            for post in graph.neighbors(node):
                if post in seen_p:
                    continue
                seen_p.add(post)
                mate = matching.get(post)
                if mate is not None and mate not in seen_c:
                    seen_c.add(mate)
                    nxt.append(mate)
        frontier = nxt
    roster = ctx.roster
    group = sorted(c for _, c in seen_c)
    posts = sorted(p for _, p in seen_p)
    levels = Counter(roster.cadres[c].level.value for c in group)
    rules = sorted({i.rule_id for c in group for i in why[c]}) or ["ESTABLISHMENT"]
    names = ", ".join(f"{roster.cadres[c].name} ({c})" for c in group[:12])
    more = f" and {len(group) - 12} more" if len(group) > 12 else ""
    level_text = ", ".join(f"{n} {lv}" for lv, n in sorted(levels.items()))
    en = (
        f"{len(group)} cadres ({level_text}) can only take {len(posts)} posts "
        f"({', '.join(posts[:12])}{'…' if len(posts) > 12 else ''}) under {', '.join(rules)}: {names}{more}"
    )
    zh = (
        f"{len(group)}名干部只能在{len(posts)}个岗位中安排(受{'、'.join(rules)}约束):"
        f"{'、'.join(roster.cadres[c].name for c in group[:12])}{'等' if len(group) > 12 else ''}"
    )
    return [Reason(rules[0], "+".join(group[:12]), en, zh)]


def diagnose(ctx: Context, candidates: Candidates, time_limit: float = 30.0) -> Diagnosis:
    """A minimal set of hard instances that cannot hold together, read off CP-SAT."""
    from rotaplan.optimizer.model import RotationModel

    rm = RotationModel(ctx, candidates, diagnose=True)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # assumption cores need the single-worker search
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(rm.model)
    if status != cp_model.INFEASIBLE:
        return Diagnosis(
            [
                Reason(
                    "ESTABLISHMENT",
                    "-",
                    "the solver found no plan within its time limit",
                    "求解器在时限内未找到方案",
                )
            ]
        )
    by_index = {lit.index: item for item, lit in rm.hard}
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
    lits = {id(item): lit for item, lit in rm.hard}
    deadline = time.monotonic() + time_limit
    kept = list(core)
    for item in list(core):
        if len(kept) <= 1 or time.monotonic() > deadline:
            break
        trial = [k for k in kept if k is not item]
        rm.model.clear_assumptions()
        rm.model.add_assumptions([lits[id(k)] for k in trial])
        solver.parameters.max_time_in_seconds = max(1.0, min(5.0, deadline - time.monotonic()))
        if solver.solve(rm.model) == cp_model.INFEASIBLE:
            kept = trial
    return Diagnosis([_reason(ctx, item) for item in kept], notes=_capacity_notes(ctx, kept))


def _reason(ctx: Context, item) -> Reason:
    if isinstance(item, Instance):
        return Reason(item.rule_id, item.subject, item.detail("en"), item.detail("zh"))
    if hasattr(item, "describe"):  # a scenario pin or ban
        kind = type(item).__name__.upper()
        return Reason(
            kind, item.cadre, f"scenario {item.describe()}", f"情景设定:{item.describe()}"
        )
    _, cid = item
    cadre = ctx.roster.cadres[cid]
    level = cadre.level.value
    return Reason(
        "ESTABLISHMENT",
        cid,
        f"{cadre.name} ({cid}, {level}) must hold a post: every cadre is placed",
        f"{cadre.name}({cid},{LEVEL_ZH[level]})须有岗位:每名干部都须安排",
    )


def _capacity_notes(ctx: Context, items) -> list[tuple[str, str]]:
    cadres = set()
    for item in items:
        if isinstance(item, Instance):
            cadres.update(item.cadres)
        elif hasattr(item, "cadre"):
            cadres.add(item.cadre)
        else:
            cadres.add(item[1])
    if not cadres:
        return []
    roster = ctx.roster
    levels = sorted({roster.cadres[c].level for c in cadres}, key=lambda lv: -lv.rank)
    notes = []
    for level in levels:
        posts = sum(1 for p in roster.posts.values() if p.level is level)
        people = sum(1 for c in roster.cadres.values() if c.level is level)
        notes.append(
            (
                f"{level.value} posts: {posts}, {level.value} cadres: {people}",
                # LEVEL_ZH["staff"] is 一般干部 already: no second 干部
                f"{LEVEL_ZH[level.value]}岗位{posts}个,"
                f"{LEVEL_ZH[level.value].removesuffix('干部')}干部{people}人",
            )
        )
    return notes
