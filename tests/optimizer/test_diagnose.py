"""Rosters without a plan: the command exits 3 and the diagnosis names the rules and the
cadres in conflict, in English and Chinese. Conventions as in test_tenure.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from rotaplan.cli import main
from tests.helpers import cadre, post, relation, unit, write_roster
from tests.planning import solve_roster


def plan_cli(roster: Path, out: Path, *more: str):
    args = ["plan", str(roster), "--as-of", "2016-01-01", "--out", str(out), "--time-limit", "10"]
    return CliRunner().invoke(main, [*args, *more])


# --- caught before solving -------------------------------------------------------------------


def lonely_chief() -> dict:
    # chief K1 has held key chief post PC1 of U1 since 2010: KEY_POST_TENURE (and
    # LEADER_UNIT_TENURE) require it to leave U1, but U2 only has a staff post
    return {
        "units": [unit("U1"), unit("U2")],
        "posts": [post("PC1", level="chief", key=True), post("P2", "U2")],
        "cadres": [cadre("K1", "PC1", "2010-01-01")],
    }


def test_a_due_chief_with_no_chief_post_elsewhere_is_caught_by_the_precheck(tmp_path):
    plan = solve_roster(tmp_path, **lonely_chief())

    diagnosis = plan.result.diagnosis
    assert plan.result.status == "INFEASIBLE"
    assert diagnosis.source == "precheck"
    assert [(r.rule_id, r.subject) for r in diagnosis.reasons] == [("KEY_POST_TENURE", "K1")]
    assert "must leave unit U1 under KEY_POST_TENURE, but no chief post exists outside unit U1" in (
        diagnosis.render("en")
    )
    assert "依KEY_POST_TENURE须调离unit U1,但unit U1以外没有正职岗位" in diagnosis.render("zh")


def test_the_plan_command_exits_3_with_the_diagnosis_and_writes_nothing(tmp_path):
    roster = write_roster(tmp_path / "roster", **lonely_chief())
    out = tmp_path / "plan"

    result = plan_cli(roster, out)

    assert result.exit_code == 3
    assert "No plan exists" in result.stderr
    assert "name K1 (K1) must leave unit U1 under KEY_POST_TENURE" in result.stderr
    assert not out.exists()
    zh = plan_cli(roster, out, "--lang", "zh")
    assert zh.exit_code == 3
    assert "无可行方案" in zh.stderr and "name K1(K1)依KEY_POST_TENURE须调离" in zh.stderr


def test_more_due_cadres_than_posts_elsewhere_is_caught_by_the_precheck(tmp_path):
    plan = solve_roster(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", key=True), post("P2", key=True), post("P3", "U2")],
        cadres=[cadre("C1", "P1", "2010-01-01"), cadre("C2", "P2", "2010-01-01")],
    )

    # both must leave U1, and U2 has one post for the two of them (Hall's condition)
    [reason] = plan.result.diagnosis.reasons
    assert plan.result.diagnosis.source == "precheck"
    assert (reason.rule_id, reason.subject) == ("KEY_POST_TENURE", "C1+C2")
    assert "2 cadres (2 staff) can only take 1 posts (P3)" in reason.en


def test_a_cadre_under_investigation_in_a_due_key_post(tmp_path):
    plan = solve_roster(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", key=True), post("P2", "U2")],
        cadres=[cadre("C1", "P1", "2010-01-01", flags="under_investigation")],
    )

    # KEY_POST_TENURE sends C1 out of U1, the investigation pins it to P1 (PROBATION's
    # "stay" instance, hard): nothing is left. (A cadre merely on probation cannot be in this
    # spot: PROBATION does not hold a cadre whom a hard rule asks to move.)
    [reason] = plan.result.diagnosis.reasons
    assert (reason.rule_id, reason.subject) == ("KEY_POST_TENURE", "C1")
    assert "cannot satisfy KEY_POST_TENURE + PROBATION at once" in reason.en
    assert "under investigation" in reason.en
    assert "无法同时满足KEY_POST_TENURE + PROBATION" in reason.zh


# --- found by CP-SAT -------------------------------------------------------------------------


def two_due(establishment: str = "", spouses: bool = False) -> dict:
    # C1 and C2 hold key posts of U1 since 2010: both must leave; U2 has two free posts
    return {
        "units": [unit("U1"), unit("U2", establishment=establishment)],
        "posts": [post("P1", key=True), post("P2", key=True), post("P3", "U2"), post("P4", "U2")],
        "cadres": [cadre("C1", "P1", "2010-01-01"), cadre("C2", "P2", "2010-01-01")],
        "relations": [relation("C1", "C2", "spouse")] if spouses else [],
    }


def test_an_establishment_conflict_found_by_cp_sat(tmp_path):
    plan = solve_roster(tmp_path, **two_due(establishment="1"))

    # two posts outside U1 pass the precheck, but U2 may hold only one cadre: the conflict
    # needs both tenure instances and U2's cap, and nothing else
    diagnosis = plan.result.diagnosis
    assert diagnosis.source == "cp-sat"
    assert sorted((r.rule_id, r.subject) for r in diagnosis.reasons) == [
        ("ESTABLISHMENT", "U2"),
        ("KEY_POST_TENURE", "C1"),
        ("KEY_POST_TENURE", "C2"),
    ]
    text = diagnosis.render("en")
    assert "unit U2: at most 1 cadres" in text
    assert "name C1 has held key post P1" in text
    assert "unit U2:不超过1人" in diagnosis.render("zh")
    # a note counts the posts and cadres of the levels involved
    assert "staff posts: 4, staff cadres: 2" in text
    assert "一般干部岗位4个,一般干部2人" in diagnosis.render("zh")


def test_a_kinship_conflict_found_by_cp_sat(tmp_path):
    plan = solve_roster(tmp_path, **two_due(spouses=True))

    # room enough in U2, but the spouses may not both go there
    diagnosis = plan.result.diagnosis
    assert diagnosis.source == "cp-sat"
    assert diagnosis.rule_ids == {"KEY_POST_TENURE", "KIN_AVOIDANCE"}
    assert {r.subject for r in diagnosis.reasons} == {"C1", "C2", "C1+C2"}
    assert "name C1 and name C2 (spouse) are both in unit U1" in diagnosis.render("en")
    assert "name C1与name C2(配偶)同在unit U1" in diagnosis.render("zh")


def test_spouses_due_to_leave_with_room_for_one(tmp_path):
    plan = solve_roster(tmp_path, **two_due(establishment="1", spouses=True))

    # two minimal conflicts exist (the cap of U2, the spouses' bar): either is a correct
    # answer, and both need the two tenure instances
    diagnosis = plan.result.diagnosis
    assert plan.result.status == "INFEASIBLE"
    assert {("KEY_POST_TENURE", "C1"), ("KEY_POST_TENURE", "C2")} <= {
        (r.rule_id, r.subject) for r in diagnosis.reasons
    }
    assert len(diagnosis.rule_ids & {"ESTABLISHMENT", "KIN_AVOIDANCE"}) == 1


def test_spouses_who_cannot_be_separated(tmp_path):
    roster = write_roster(
        tmp_path / "roster",
        units=[unit("U1"), unit("U2")],
        posts=[post("PD1", level="deputy"), post("PD2", level="deputy"), post("P3", "U2")],
        cadres=[cadre("D1", "PD1"), cadre("D2", "PD2")],
        relations=[relation("D1", "D2", "spouse")],
    )

    # deputies D1 and D2 are married and both in U1; the only deputy posts are in U1, and
    # each must keep a post: kinship and placement cannot all hold
    result = plan_cli(roster, tmp_path / "plan")
    assert result.exit_code == 3
    assert "KIN_AVOIDANCE [D1+D2]" in result.stderr
    assert "ESTABLISHMENT [D1]" in result.stderr and "ESTABLISHMENT [D2]" in result.stderr
    assert "must hold a post" in result.stderr
    assert not (tmp_path / "plan").exists()
