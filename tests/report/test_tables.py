"""The packet's tables on hand-built cases: a pairing met by the other side's move, and a plan
folder edited by hand so that nobody moves."""

from __future__ import annotations

import csv
import shutil

from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan
from rotaplan.report import build_report
from rotaplan.report.data import gather
from tests.helpers import AS_OF, cadre, history, load, post, unit
from tests.report.page import parse


def test_a_pairing_met_by_the_deputys_move_explains_why_the_chief_stays(tmp_path):
    # Chief C1 and deputy D1 have both been in U1 since 2009 (as staff first): together for
    # 7 years, so CHIEF_DEPUTY_PAIRING asks one of them to leave. Neither has led for 5
    # years (both since 2013), so LEADER_UNIT_TENURE is silent. Only D1 can leave (U2 has
    # a vacant deputy post and no chief post): D1 moves, C1 stays, and the report says the
    # chief's obligation is met by D1's move.
    roster = load(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2", kind="comprehensive")],
        posts=[
            post("U1-C", level="chief"),
            post("U1-D", level="deputy"),
            post("U2-D", "U2", "deputy"),
        ],
        cadres=[cadre("C1", "U1-C", "2013-01-01"), cadre("D1", "U1-D", "2013-01-01")],
        history=[
            history("C1", "U1", "staff", "2008-01-01", "2013-01-01"),
            history("D1", "U1", "staff", "2009-01-01", "2013-01-01"),
        ],
    )
    plan = make_plan(roster, AS_OF, options=SolveOptions(time_limit=10, workers=8))
    plan.write(tmp_path / "plan")

    data = gather(roster, tmp_path / "plan", "en")

    assert [(m["cadre_id"], m["to_post"], m["reason_ids"]) for m in data["moves"]] == [
        ("D1", "U2-D", ["CHIEF_DEPUTY_PAIRING", "CROSS_ROTATION"])
    ]
    assert [(r["cadre_id"], r["rule_id"], r["why"]) for r in data["due_not_moved"]] == [
        ("C1", "CHIEF_DEPUTY_PAIRING", "met by the move of name D1")
    ]
    assert [(c["ring"], c["steps"]) for c in data["chains"]] == [
        (False, ["name D1 takes the vacant post unit U2 post U2-D"])
    ]


def test_a_plan_edited_so_that_nobody_moves(roster, plan_dir, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(plan_dir, folder)
    with open(folder / "plan.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(to_unit=row["from_unit"], to_post=row["from_post"], to_level=row["from_level"])
        row.update(change="stay", reasons="")
    with open(folder / "plan.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    data = gather(roster, folder, "zh")
    assert data["moves"] == [] and data["chains"] == []
    assert not data["verify"]["ok"]  # the unplaced stay unplaced, key posts unrotated
    due = {(r["cadre_id"], r["rule_id"]): r["why"] for r in data["due_not_moved"]}
    assert due and all(
        why == ("硬性规则未满足" if rule_id in ("KEY_POST_TENURE", "LEADER_UNIT_TENURE") else why)
        for (_, rule_id), why in due.items()
    )
    html = build_report(roster, folder, "zh")
    text = parse(html).visible
    assert "本方案无人员调整。" in text and "无岗位接替。" in text and "✗" in text


def test_counts_read_off_the_plan_files_agree_with_the_solver(roster, plan_dir):
    import json

    summary = json.loads((plan_dir / "summary.json").read_text(encoding="utf-8"))
    counts = gather(roster, plan_dir, "zh")["counts"]
    assert counts == {key: summary[key] for key in counts}


def test_the_plans_scenario_is_reloaded_or_the_report_says_it_was_not(tmp_path):
    from rotaplan.report.data import scenario_of
    from rotaplan.scenarios import load_scenario

    strict = load_scenario("strict")
    scenario, note = scenario_of({"scenario": strict.summary_dict()})
    assert (scenario.name, note) == ("strict", "")
    assert scenario.params.is_hard("CHIEF_DEPUTY_PAIRING")

    gone = {"name": "mine", "source": str(tmp_path / "gone.yaml"), "sha256": "x"}
    scenario, note = scenario_of({"scenario": gone}, "en")
    assert scenario.name == "mine" and "default rule parameters used" in note

    changed = tmp_path / "mine.yaml"
    changed.write_text("name: mine\n", encoding="utf-8")
    scenario, note = scenario_of({"scenario": {**gone, "source": str(changed)}}, "zh")
    assert "按默认规则参数核对" in note


def test_a_move_no_rule_asks_for_is_explained_as_part_of_its_chain(roster, plan_dir, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(plan_dir, folder)
    with open(folder / "plan.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    moved = next(row for row in rows if row["change"] != "stay")
    moved["reasons"] = ""
    with open(folder / "plan.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    data = gather(roster, folder, "zh")
    move = next(m for m in data["moves"] if m["cadre_id"] == moved["cadre_id"])
    assert [r["title"] for r in move["reasons"]] == ["岗位接替连锁调整"]
    assert move["chain"] is not None
    note = next(n for n in data["notes"] if n["no"] == move["reasons"][0]["note"])
    assert "岗位接替链" in note["meaning"]
