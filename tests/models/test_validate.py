"""Validation (SPEC §2): every problem located by file, Excel row (header = 1) and column,
all of them at once, as a RosterError."""

from __future__ import annotations

from datetime import datetime

import pytest
from openpyxl import Workbook

from rotaplan.errors import RosterError
from rotaplan.models import load_roster
from tests.helpers import (
    appraisal,
    cadre,
    drop_column,
    history,
    leader,
    post,
    relation,
    table_rows,
    unit,
    write_roster,
)


def problems_of(folder) -> list[tuple[str, int, str]]:
    """(where, row, column) of every problem the roster has; fails if it loads."""
    with pytest.raises(RosterError) as info:
        load_roster(folder)
    return [(p.where, p.row, p.column) for p in info.value.problems]


def messages_of(folder) -> list[str]:
    with pytest.raises(RosterError) as info:
        load_roster(folder)
    return [p.message.render() for p in info.value.problems]


def test_a_valid_roster_loads(tmp_path):
    # the baseline every case below breaks in one place
    roster = load_roster(write_roster(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1")]))

    assert set(roster.cadres) == {"C1"}


def test_missing_required_column(tmp_path):
    folder = write_roster(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1")])
    drop_column(folder, "cadres", "birth_date")

    # the header row (row 1) of cadres.csv lacks birth_date
    assert problems_of(folder) == [("cadres.csv", 1, "birth_date")]
    assert messages_of(folder) == ["required column 'birth_date' is missing"]


def test_optional_column_may_be_missing(tmp_path):
    folder = write_roster(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1")])
    drop_column(folder, "cadres", "flags")
    drop_column(folder, "units", "establishment")

    # flags and establishment are optional: no problem
    assert load_roster(folder).cadres["C1"].flags == frozenset()


def test_missing_required_sheet(tmp_path):
    folder = write_roster(tmp_path, appraisals=None)

    # no appraisals.csv at all: the file is named, no row or column
    assert problems_of(folder) == [("appraisals.csv", 0, "")]
    assert messages_of(folder) == ["required sheet/file 'appraisals' is missing"]


def test_missing_required_sheet_of_a_workbook(tmp_path):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, (header, rows) in table_rows({}).items():
        if name != "leaders":
            sheet = workbook.create_sheet(name)
            sheet.append(header)
            for row in rows:
                sheet.append(row)
    workbook.save(tmp_path / "roster.xlsx")

    assert problems_of(tmp_path / "roster.xlsx") == [("roster.xlsx[leaders]", 0, "")]


@pytest.mark.parametrize(
    ("tables", "where", "row", "column"),
    [
        # U1 twice: the second (row 3) is the duplicate
        ({"units": [unit("U1"), unit("U1")]}, "units.csv", 3, "unit_id"),
        ({"posts": [post("P1"), post("P2"), post("P1")]}, "posts.csv", 4, "post_id"),
        ({"cadres": [cadre("C1"), cadre("C1")]}, "cadres.csv", 3, "cadre_id"),
        ({"leaders": [leader("L1"), leader("L1")]}, "leaders.csv", 3, "leader_id"),
    ],
)
def test_duplicate_id(tmp_path, tables, where, row, column):
    assert problems_of(write_roster(tmp_path, **tables)) == [(where, row, column)]


def test_duplicate_id_message_names_the_first_row(tmp_path):
    folder = write_roster(tmp_path, units=[unit("U1"), unit("U1")])

    assert messages_of(folder) == ["duplicate id 'U1' (first seen in row 2)"]


@pytest.mark.parametrize(
    ("tables", "where", "row", "column", "message"),
    [
        # post → unit: P1 in a unit U9 nobody defined
        ({"posts": [post("P1", "U9")]}, "posts.csv", 2, "unit_id", "unknown unit 'U9'"),
        # cadre → post
        (
            {"posts": [post("P1")], "cadres": [cadre("C1", "P1"), cadre("C2", "P9")]},
            "cadres.csv",
            3,
            "post_id",
            "unknown post 'P9'",
        ),
        # unit → leader (its supervisor)
        (
            {"units": [unit("U1"), unit("U2", supervisor_id="L9")]},
            "units.csv",
            3,
            "supervisor_id",
            "unknown leader 'L9'",
        ),
        # appraisal → cadre
        (
            {"cadres": [cadre("C1")], "appraisals": [appraisal("C1", 2015), appraisal("C9", 2015)]},
            "appraisals.csv",
            3,
            "cadre_id",
            "unknown cadre 'C9'",
        ),
        # relation → cadre (its first column)
        (
            {"cadres": [cadre("C1")], "relations": [relation("C9", "C1")]},
            "relations.csv",
            2,
            "cadre_id",
            "unknown cadre 'C9'",
        ),
        # relation → cadre or leader (the relative)
        (
            {"cadres": [cadre("C1")], "relations": [relation("C1", "L9")]},
            "relations.csv",
            2,
            "relative_id",
            "unknown cadre or leader 'L9'",
        ),
        # history → unit
        (
            {"cadres": [cadre("C1")], "history": [history("C1", "U9", "staff", "2010-01-01")]},
            "history.csv",
            2,
            "unit_id",
            "unknown unit 'U9'",
        ),
    ],
)
def test_unknown_reference(tmp_path, tables, where, row, column, message):
    folder = write_roster(tmp_path, **tables)

    assert problems_of(folder) == [(where, row, column)]
    assert messages_of(folder) == [message]


def test_relative_may_be_a_leader(tmp_path):
    folder = write_roster(tmp_path, cadres=[cadre("C1")], relations=[relation("C1", "L1")])

    # L1 is a leader, not a cadre: a valid relative
    assert load_roster(folder).relations[0].relative_id == "L1"


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"birth_date": "1980-13-01"}, "birth_date"),  # no 13th month
        ({"birth_date": "yesterday"}, "birth_date"),
        ({"recommended_on": "2015-02-29"}, "recommended_on"),  # 2015 is no leap year
        ({"post_since": "2015/02/30"}, "post_since"),  # no Feb 30 in any year
    ],
)
def test_bad_date(tmp_path, changes, column):
    folder = write_roster(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1", **changes)])

    assert problems_of(folder) == [("cadres.csv", 2, column)]


def test_bad_date_in_other_sheets(tmp_path):
    folder = write_roster(
        tmp_path,
        units=[unit("U1", supervisor_since="2015-00-01")],
        cadres=[cadre("C1")],
        history=[
            history("C1", "U1", "staff", "2010-01-01"),
            history("C1", "U1", "staff", "1.1.2010"),
        ],
    )

    assert problems_of(folder) == [
        ("history.csv", 3, "start"),
        ("units.csv", 2, "supervisor_since"),
    ]
    assert messages_of(folder)[0] == (
        "'1.1.2010' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY.MM)"
    )


@pytest.mark.parametrize(
    ("tables", "where", "column"),
    [
        ({"units": [unit("U1", kind="finance")]}, "units.csv", "kind"),
        ({"posts": [post("P1", level="boss")]}, "posts.csv", "level"),
        ({"posts": [post("P1", key="maybe")]}, "posts.csv", "key"),
        ({"cadres": [cadre("C1", gender="X")]}, "cadres.csv", "gender"),
        ({"cadres": [cadre("C1", education="primary")]}, "cadres.csv", "education"),
        ({"cadres": [cadre("C1", flags="lazy")]}, "cadres.csv", "flags"),
        (
            {"cadres": [cadre("C1")], "appraisals": [appraisal("C1", 2015, "good")]},
            "appraisals.csv",
            "result",
        ),
        (
            {"cadres": [cadre("C1"), cadre("C2")], "relations": [relation("C1", "C2", "friend")]},
            "relations.csv",
            "relation",
        ),
    ],
)
def test_bad_enumeration(tmp_path, tables, where, column):
    assert problems_of(write_roster(tmp_path, **tables)) == [(where, 2, column)]


def test_bad_enumeration_message_lists_the_allowed_values(tmp_path):
    folder = write_roster(tmp_path, posts=[post("P1", level="boss")])

    assert messages_of(folder) == ["'boss' is not one of: staff, deputy, chief"]


def test_negative_establishment(tmp_path):
    folder = write_roster(tmp_path, units=[unit("U1"), unit("U2", establishment="-1")])

    assert problems_of(folder) == [("units.csv", 3, "establishment")]
    assert messages_of(folder) == ["'-1' must not be negative"]


def test_establishment_must_be_a_whole_number(tmp_path):
    folder = write_roster(tmp_path, units=[unit("U1", establishment="two")])

    assert problems_of(folder) == [("units.csv", 2, "establishment")]


def test_birth_date_after_post_start(tmp_path):
    folder = write_roster(
        tmp_path,
        posts=[post("P1")],
        cadres=[cadre("C1", "P1", "2015-01-01", birth_date="2015-06-01")],
    )

    # born after taking up the post: reported on post_since (row 2 of cadres.csv)
    assert problems_of(folder) == [("cadres.csv", 2, "post_since")]
    assert messages_of(folder) == ["birth date 2015-06-01 is not before post start 2015-01-01"]


def test_two_cadres_in_one_post(tmp_path):
    folder = write_roster(
        tmp_path,
        posts=[post("P1"), post("P2")],
        cadres=[cadre("C1", "P1"), cadre("C2", "P2"), cadre("C3", "P1")],
    )

    # C3 (row 4) claims P1, already held by C1 (row 2)
    assert problems_of(folder) == [("cadres.csv", 4, "post_id")]
    assert messages_of(folder) == ["post 'P1' is already held by C1 (row 2)"]


def test_cadre_level_differs_from_post_level(tmp_path):
    folder = write_roster(
        tmp_path,
        posts=[post("P1", level="deputy")],
        cadres=[cadre("C1", "P1", level="chief")],
    )

    assert problems_of(folder) == [("cadres.csv", 2, "level")]
    assert messages_of(folder) == [
        "cadre level 'chief' differs from the level 'deputy' of post 'P1'"
    ]


def test_workbook_problems_name_the_sheet_and_excel_row(tmp_path):
    workbook = Workbook()
    workbook.remove(workbook.active)
    tables = table_rows({"posts": [post("P1")], "cadres": [cadre("C1", "P1"), cadre("C2", "P1")]})
    for name, (header, rows) in tables.items():
        sheet = workbook.create_sheet({"cadres": "干部"}.get(name, name))
        sheet.append(header)
        for row in rows:
            sheet.append(row)
    sheet = workbook["units"]
    sheet["F2"] = datetime(2015, 1, 1)  # a real date cell is fine
    workbook.save(tmp_path / "r.xlsx")

    # the second cadre sits on Excel row 3 of the sheet named 干部
    assert problems_of(tmp_path / "r.xlsx") == [("r.xlsx[干部]", 3, "post_id")]


def test_all_problems_are_reported_at_once(tmp_path):
    folder = write_roster(
        tmp_path,
        units=[unit("U1"), unit("U1"), unit("U3", kind="other")],
        posts=[post("P1"), post("P2", "U9")],
        cadres=[
            cadre("C1", "P1", birth_date="1980-02-30"),
            cadre("C2", "P7"),
            cadre("C3", education="primary"),
        ],
        appraisals=[appraisal("C9", 2015)],
    )

    # seven problems in four files: none hides another
    assert problems_of(folder) == [
        ("appraisals.csv", 2, "cadre_id"),
        ("cadres.csv", 2, "birth_date"),
        ("cadres.csv", 3, "post_id"),
        ("cadres.csv", 4, "education"),
        ("posts.csv", 3, "unit_id"),
        ("units.csv", 3, "unit_id"),
        ("units.csv", 4, "kind"),
    ]


def test_structural_problems_of_several_files_are_reported_at_once(tmp_path):
    folder = write_roster(tmp_path, appraisals=None)
    drop_column(folder, "cadres", "birth_date")
    drop_column(folder, "posts", "level")

    assert problems_of(folder) == [
        ("appraisals.csv", 0, ""),
        ("cadres.csv", 1, "birth_date"),
        ("posts.csv", 1, "level"),
    ]


def test_roster_error_renders_every_problem_located(tmp_path):
    folder = write_roster(tmp_path, units=[unit("U1"), unit("U1", kind="other")])

    with pytest.raises(RosterError) as info:
        load_roster(folder)

    text = info.value.render("en")
    assert text.splitlines()[0].startswith("2 problem(s) in roster")
    assert "units.csv, row 3, column unit_id: duplicate id 'U1'" in text
    assert "units.csv, row 3, column kind: 'other' is not one of" in text
    assert "第 3 行" in info.value.render("zh")


def test_not_a_roster(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")

    assert problems_of(tmp_path / "notes.txt") == [(str(tmp_path / "notes.txt"), 0, "")]


def test_history_must_precede_the_current_post(tmp_path):
    folder = write_roster(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01")],
        history=[
            history("C1", "U2", "staff", "2005-01-01", "2009-12-31"),
            history("C1", "U2", "staff", "2012-01-01"),  # starts after the post of 2010
        ],
    )

    # history lists earlier assignments; a row starting after post_since would put another
    # unit after the current post on the timeline (and used to crash the audit)
    assert problems_of(folder) == [("history.csv", 3, "start")]
    assert messages_of(folder) == [
        "history entry starts 2012-01-01, after the current post (since 2010-01-01); "
        "history lists earlier assignments"
    ]


def test_history_may_repeat_the_current_post(tmp_path):
    folder = write_roster(
        tmp_path,
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2010-01-01")],
        history=[history("C1", "U1", "chief", "2010-01-01", post_id="P1")],
    )

    # the same start as post_since is the current post listed twice, not a contradiction
    assert len(load_roster(folder).history) == 1


def test_a_leader_row_with_a_problem_is_not_also_an_unknown_reference(tmp_path):
    folder = write_roster(
        tmp_path,
        leaders=[leader("L1", max_units="-2")],
        cadres=[cadre("C1")],
        relations=[relation("C1", "L1")],
    )

    # only the leader's own row is wrong; U1's supervisor and C1's relative L1 do exist
    assert problems_of(folder) == [("leaders.csv", 2, "max_units")]


def test_a_unit_row_with_a_problem_is_not_also_an_unknown_reference(tmp_path):
    folder = write_roster(
        tmp_path,
        units=[unit("U1", kind="other")],
        posts=[post("P1")],
        cadres=[cadre("C1", "P1")],
    )

    # P1 refers to U1, which exists (with a bad kind): one problem, not three
    assert problems_of(folder) == [("units.csv", 2, "kind")]
