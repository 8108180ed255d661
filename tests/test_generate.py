"""rotaplan.generate: synthetic rosters that load, look like the example, are due at the
intended rate and can be planned under the default rules."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from rotaplan.audit import check
from rotaplan.generate import COLUMNS, generate_roster
from rotaplan.models import load_roster

AS_OF = date(2016, 1, 1)
EXAMPLE = Path(__file__).resolve().parent.parent / "rotaplan" / "data" / "example"
HARD_MOVES = {"KEY_POST_TENURE", "LEADER_UNIT_TENURE", "APPRAISAL_ADJUSTMENT", "KIN_AVOIDANCE"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """Generate once per (cadres, seed) for the whole module."""
    cache: dict[tuple[int, int], tuple[Path, dict]] = {}

    def make(cadres: int, seed: int = 1) -> tuple[Path, dict]:
        if (cadres, seed) not in cache:
            out = tmp_path_factory.mktemp(f"gen{cadres}_{seed}")
            cache[cadres, seed] = (out, generate_roster(cadres, seed, out))
        return cache[cadres, seed]

    return make


def test_deterministic_per_size_and_seed(tmp_path):
    a = generate_roster(300, 5, tmp_path / "a")
    b = generate_roster(300, 5, tmp_path / "b")
    generate_roster(300, 6, tmp_path / "c")
    assert a == b
    for table in COLUMNS:
        name = f"{table}.csv"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "cadres.csv").read_bytes() != (
        tmp_path / "c" / "cadres.csv"
    ).read_bytes()
    assert (tmp_path / "a" / "history.csv").read_bytes() != (
        tmp_path / "c" / "history.csv"
    ).read_bytes()


def test_same_files_and_columns_as_the_example(generated):
    out, _ = generated(150)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in EXAMPLE.iterdir())
    for path in EXAMPLE.iterdir():
        with open(path, encoding="utf-8") as ex, open(out / path.name, encoding="utf-8") as gen:
            assert next(csv.reader(gen)) == next(csv.reader(ex)), path.name
    raw = (out / "cadres.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    assert (out / "settings.csv").read_text(encoding="utf-8") == "key,value\nas_of,2016-01-01\n"


@pytest.mark.parametrize("cadres", [1, 37, 150, 224, 1000])
def test_loads_with_the_requested_number_of_cadres(generated, cadres):
    out, stats = generated(cadres)
    roster = load_roster(out)
    assert len(roster.cadres) == cadres == stats["cadres"]
    assert len(roster.posts) == stats["posts"] and len(roster.units) == stats["units"]
    assert stats["vacancies"] == len(roster.posts) - len(roster.holder)


def test_ids_and_content_look_real(generated):
    out, stats = generated(1000)
    roster = load_roster(out)
    assert all(len(c) == 7 and c.startswith("C") for c in roster.cadres)
    assert "B001U01" in roster.units and "B001U01-C" in roster.posts
    assert any(lid.startswith("B001L") for lid in roster.leaders)
    assert roster.units["B001U01"].name.endswith("办公室")
    cadres = list(roster.cadres.values())
    women = sum(c.gender.value == "F" for c in cadres) / len(cadres)
    graduates = sum(c.education.is_graduate for c in cadres) / len(cadres)
    bachelor = sum(c.education.value == "bachelor" for c in cadres) / len(cadres)
    assert 0.30 <= women <= 0.40 and 0.08 <= graduates <= 0.16 and 0.62 <= bachelor <= 0.78
    key = sum(p.key for p in roster.posts.values()) / len(roster.posts)
    assert 0.15 <= key <= 0.25
    results = Counter(a.result.value for a in roster.appraisals)
    assert 0.15 <= results["excellent"] / sum(results.values()) <= 0.25
    assert {a.year for a in roster.appraisals} == {2013, 2014, 2015}
    unplaced = [c for c in cadres if not c.placed]
    assert 1 <= len(unplaced) <= 20 and all(c.level.value == "staff" for c in unplaced)
    assert 0.15 <= sum(c.recommended_on is not None for c in cadres) / len(cadres) <= 0.35
    assert roster.relations and roster.borrowings


def test_due_share_at_300(generated):
    out, stats = generated(300)
    result = check(load_roster(out), AS_OF)
    share = len(result.due) / 300
    assert 0.15 <= share <= 0.25
    assert stats["due_cadres"] == len(result.due)  # the generator's own count agrees
    rules = Counter(r for rules in result.due.values() for r in set(rules))
    for rule in ("KEY_POST_TENURE", "LEADER_UNIT_TENURE", "STAFF_POST_TENURE"):
        assert rules[rule] > 0, rule


def test_structure_keeps_every_plan_possible(generated):
    out, _ = generated(1000)
    roster = load_roster(out)
    result = check(roster, AS_OF)
    facts = result.ctx.facts
    # nobody frozen in place is sent away by a hard rule; the investigated are due under none
    for cadre_id, rules in result.due.items():
        cadre = roster.cadres[cadre_id]
        assert "under_investigation" not in cadre.flags, cadre_id
        if HARD_MOVES & set(rules):
            assert not facts[cadre_id].on_probation, cadre_id
    assert any(f.on_probation for f in facts.values())
    assert any("under_investigation" in c.flags for c in roster.cadres.values())
    assert any(f.exempt for f in facts.values())
    # every level of every bureau has vacancies, more than its hard-due cadres need
    posts, vacant, hard = Counter(), Counter(), Counter()
    for post in roster.posts.values():
        posts[post.unit_id[:4]] += 1
        if post.post_id not in roster.holder:
            vacant[post.unit_id[:4], post.level.value] += 1
    for cadre_id, rules in result.due.items():
        if HARD_MOVES & set(rules) - {"APPRAISAL_ADJUSTMENT"}:
            cadre = roster.cadres[cadre_id]
            hard[cadre.post_id[:4], cadre.level.value] += 1
    for bureau in posts:
        minimum = {"chief": 2, "deputy": 3, "staff": 5}
        for level, least in minimum.items():
            assert vacant[bureau, level] >= max(least, hard[bureau, level]), (bureau, level)
    # establishment: at most one unit per five bureaus over, by exactly one
    over = [u for u in roster.units if roster.headcount(u) > roster.establishment(u)]
    assert 1 <= len(over) <= (len(posts) + 4) // 5
    assert all(roster.headcount(u) == roster.establishment(u) + 1 for u in over)
    # portfolios: 2-4 units per leader, caps respected, 5-8 leaders per bureau
    portfolio = Counter(u.supervisor_id for u in roster.units.values())
    assert set(portfolio.values()) <= {2, 3, 4}
    assert all(
        leader.max_units is None or portfolio[leader.leader_id] <= leader.max_units
        for leader in roster.leaders.values()
    )
    assert set(Counter(lid[:4] for lid in roster.leaders).values()) <= set(range(5, 9))


def test_histories_are_consistent(generated):
    out, _ = generated(1000)
    roster = load_roster(out)
    held: dict[str, list[tuple[date, date]]] = {}
    far = date(9999, 1, 1)
    for cadre in roster.cadres.values():
        entries = roster.history_by_cadre.get(cadre.cadre_id, [])
        assert len(entries) <= 3
        steps = [h.level for h in entries] + ([cadre.level] if cadre.placed else [])
        for a, b in zip(steps, steps[1:], strict=False):
            assert 0 <= b.rank - a.rank <= 1, cadre.cadre_id
        for a, b in zip(entries, entries[1:], strict=False):
            assert a.end == b.start and a.start < a.end
        if entries and cadre.placed:
            assert entries[-1].end == cadre.post_since
        for h in entries:
            assert roster.posts[h.post_id].level == h.level
            held.setdefault(h.post_id, []).append((h.start, h.end))
        if cadre.placed:
            held.setdefault(cadre.post_id, []).append((cadre.post_since, far))
    for post_id, spans in held.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"{post_id} held twice at once"


def test_one_plan_on_150_is_feasible_and_verified(generated, tmp_path):
    from rotaplan.optimizer.solve import SolveOptions
    from rotaplan.plan import make_plan
    from rotaplan.verify import verify

    out, _ = generated(150)
    roster = load_roster(out)
    plan = make_plan(roster, AS_OF, options=SolveOptions(time_limit=30, workers=8))
    assert plan.feasible
    plan.write(tmp_path / "plan")
    assert verify(roster, tmp_path / "plan", AS_OF).ok
