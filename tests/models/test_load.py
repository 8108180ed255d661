"""Reading rosters (SPEC §2): CSV folders and workbooks, English and Chinese, dates, encodings."""

from __future__ import annotations

import csv
from datetime import date, datetime

from openpyxl import Workbook

from rotaplan.audit import check
from rotaplan.example import write_workbook
from rotaplan.models import (
    AppraisalResult,
    Education,
    Gender,
    Kind,
    Level,
    load_roster,
)
from tests.helpers import (
    AS_OF,
    appraisal,
    borrowing,
    cadre,
    history,
    leader,
    post,
    relation,
    unit,
    write_roster,
)


def test_english_csv_headers(tmp_path):
    roster = load_roster(
        write_roster(
            tmp_path,
            units=[
                unit("U1", kind="comprehensive", establishment="3", supervisor_since="2012-03-01")
            ],
            leaders=[leader("L1", max_units="4")],
            posts=[post("P1", level="chief", key=True, specialty="finance;law")],
            cadres=[
                cadre(
                    "C1",
                    "P1",
                    "2011-05-06",
                    gender="F",
                    education="master",
                    flags="discipline;unfit",
                )
            ],
            appraisals=[appraisal("C1", 2015, "excellent")],
        )
    )

    assert roster.units["U1"].kind is Kind.COMPREHENSIVE
    assert roster.units["U1"].establishment == 3
    assert roster.units["U1"].supervisor_since == date(2012, 3, 1)
    assert roster.leaders["L1"].max_units == 4
    assert roster.posts["P1"].level is Level.CHIEF
    assert roster.posts["P1"].key is True
    assert roster.posts["P1"].specialty == {"finance", "law"}
    c1 = roster.cadres["C1"]
    assert (c1.gender, c1.education, c1.level) == (Gender.FEMALE, Education.MASTER, Level.CHIEF)
    assert (c1.post_id, c1.post_since) == ("P1", date(2011, 5, 6))
    assert c1.flags == {"discipline", "unfit"}
    assert roster.appraisals[0].result is AppraisalResult.EXCELLENT


def test_optional_sheets_may_be_absent_and_establishment_defaults_to_posts(tmp_path):
    roster = load_roster(write_roster(tmp_path, posts=[post("P1"), post("P2")]))

    # no history, relations, borrowings or settings files: all empty
    assert (roster.history, roster.relations, roster.borrowings, roster.settings) == (
        (),
        (),
        (),
        {},
    )
    # establishment column left empty → the unit's number of posts (2)
    assert roster.units["U1"].establishment is None
    assert roster.establishment("U1") == 2


def _chinese_workbook(path):
    """A workbook as an HR officer types it: Chinese sheet names, headers and values, real
    Excel date cells, and a remark column the tool does not know."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = {
        "科室": [
            ["单位编号", "单位名称", "类别", "编制数", "分管领导", "分管起始"],
            ["U1", "计划财务科", "业务", 3, "L1", datetime(2012, 3, 1)],
            ["U2", "办公室", "综合", None, "L1", datetime(2014, 1, 1)],
        ],
        "岗位": [
            ["岗位编号", "单位编号", "岗位名称", "层级", "关键岗位", "专业要求"],
            ["P1", "U1", "科长", "正职", "是", "finance"],
            ["P2", "U1", "副科长", "副职", "否", None],
            ["P3", "U2", "科员", "一般", "否", None],
        ],
        "干部": [
            [
                "干部编号",
                "姓名",
                "性别",
                "出生日期",
                "学历",
                "职级",
                "现岗位",
                "任现岗时间",
                "民主推荐日期",
                "备注",
            ],
            [
                "C1",
                "张三",
                "男",
                datetime(1970, 5, 6),
                "大学本科",
                "正职",
                "P1",
                datetime(2011, 1, 1),
                None,
                "老同志",
            ],
            [
                "C2",
                "李四",
                "女",
                datetime(1985, 2, 3),
                "硕士研究生",
                "副职",
                "P2",
                "2014/07/01",
                datetime(2015, 6, 1),
                None,
            ],
            [
                "C3",
                "王五",
                "男",
                datetime(1992, 8, 9),
                "中专及以下",
                "一般",
                "P3",
                "2015.03",
                None,
                None,
            ],
        ],
        "委领导": [["领导编号", "姓名"], ["L1", "赵主任"]],
        "年度考核": [
            ["干部编号", "年度", "考核结果"],
            ["C1", 2014, "优秀"],
            ["C1", 2015, "称职"],
            ["C2", 2015, "基本称职"],
            ["C3", 2015, "不称职"],
        ],
    }
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_chinese_workbook(tmp_path):
    roster = load_roster(_chinese_workbook(tmp_path / "花名册.xlsx"))

    assert roster.units["U1"].name == "计划财务科"
    assert roster.units["U1"].kind is Kind.BUSINESS
    assert roster.units["U2"].kind is Kind.COMPREHENSIVE
    assert roster.units["U1"].supervisor_since == date(2012, 3, 1)  # an Excel date cell
    assert roster.units["U2"].establishment is None
    assert [roster.posts[p].level for p in ("P1", "P2", "P3")] == [
        Level.CHIEF,
        Level.DEPUTY,
        Level.STAFF,
    ]
    assert [roster.posts[p].key for p in ("P1", "P2", "P3")] == [True, False, False]
    c1, c2, c3 = (roster.cadres[c] for c in ("C1", "C2", "C3"))
    assert (c1.name, c1.gender, c1.education) == ("张三", Gender.MALE, Education.BACHELOR)
    assert (c2.gender, c2.education, c2.level) == (Gender.FEMALE, Education.MASTER, Level.DEPUTY)
    assert c3.education is Education.SECONDARY
    assert c1.birth_date == date(1970, 5, 6)
    assert c2.post_since == date(2014, 7, 1)  # text "2014/07/01" in a workbook
    assert c3.post_since == date(2015, 3, 1)  # "2015.03" = first of the month
    assert c2.recommended_on == date(2015, 6, 1)
    results = {(a.cadre_id, a.year): a.result for a in roster.appraisals}
    assert results == {
        ("C1", 2014): AppraisalResult.EXCELLENT,
        ("C1", 2015): AppraisalResult.COMPETENT,
        ("C2", 2015): AppraisalResult.BASIC,
        ("C3", 2015): AppraisalResult.INCOMPETENT,
    }


def test_dates_in_slash_and_year_month_forms(tmp_path):
    roster = load_roster(
        write_roster(
            tmp_path,
            units=[unit("U1", supervisor_since="2012/3/1")],
            posts=[post("P1")],
            cadres=[
                cadre("C1", "P1", "2014.07", birth_date="1980/02/03", recommended_on="2015/12/31")
            ],
        )
    )

    assert roster.units["U1"].supervisor_since == date(2012, 3, 1)
    assert roster.cadres["C1"].birth_date == date(1980, 2, 3)
    assert roster.cadres["C1"].post_since == date(2014, 7, 1)  # YYYY.MM → first of month
    assert roster.cadres["C1"].recommended_on == date(2015, 12, 31)


def test_utf8_bom_is_tolerated(tmp_path):
    folder = write_roster(
        tmp_path, encoding="utf-8-sig", posts=[post("P1")], cadres=[cadre("C1", "P1", name="张三")]
    )
    assert (folder / "units.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    roster = load_roster(folder)

    # the BOM does not stick to the first header: unit_id, post_id, cadre_id are all found
    assert set(roster.units) == {"U1"}
    assert roster.cadres["C1"].name == "张三"


def test_gbk_csv_gives_the_same_names(tmp_path):
    tables = dict(
        units=[unit("U1", name="计划财务科")],
        leaders=[leader("L1", name="赵主任")],
        posts=[post("P1", title="科长", level="chief")],
        cadres=[cadre("C1", "P1", name="张三"), cadre("C2", name="欧阳娜娜")],
    )
    utf8 = load_roster(write_roster(tmp_path / "utf8", **tables))
    gbk_folder = write_roster(tmp_path / "gbk", encoding="gbk", **tables)
    assert "张三".encode("gbk") in (gbk_folder / "cadres.csv").read_bytes()

    gbk = load_roster(gbk_folder)

    assert gbk.cadres == utf8.cadres
    assert gbk.units["U1"].name == "计划财务科"
    assert gbk.leaders["L1"].name == "赵主任"
    assert gbk.posts["P1"].title == "科长"


def test_chinese_csv_headers_and_values_in_gb18030(tmp_path):
    write_roster(tmp_path, posts=[post("P1")])
    rows = [
        ["干部编号", "姓名", "性别", "出生日期", "学历", "职级", "现岗位", "任现岗时间"],
        ["C1", "张三", "女", "1980-01-01", "大专", "一般", "P1", "2015-01-01"],
    ]
    with open(tmp_path / "cadres.csv", "w", newline="", encoding="gb18030") as handle:
        csv.writer(handle).writerows(rows)

    c1 = load_roster(tmp_path).cadres["C1"]

    assert (c1.name, c1.gender, c1.education, c1.level) == (
        "张三",
        Gender.FEMALE,
        Education.COLLEGE,
        Level.STAFF,
    )


def test_unknown_extra_columns_are_ignored(tmp_path):
    plain = load_roster(
        write_roster(tmp_path / "plain", posts=[post("P1")], cadres=[cadre("C1", "P1")])
    )
    extra = load_roster(
        write_roster(
            tmp_path / "extra",
            units=[unit("U1", floor="3")],
            posts=[post("P1", room="301")],
            cadres=[cadre("C1", "P1", phone="13800000000", 备注="x")],
        )
    )

    assert extra.units == plain.units
    assert extra.posts == plain.posts
    assert extra.cadres == plain.cadres


def _varied_roster(folder):
    """A roster on which most rules have something to say (at AS_OF = 2016-01-01)."""
    return write_roster(
        folder,
        units=[
            unit("U1", name="计划财务科", supervisor_since="2009-01-01"),
            unit("U2", name="办公室", kind="comprehensive", establishment="1", supervisor_id="L2"),
        ],
        leaders=[leader("L1", name="赵主任", max_units="1"), leader("L2", name="钱主任")],
        posts=[
            post("P1", level="chief", key=True),
            post("P2", level="deputy"),
            post("P3", key=True),
            post("P4", "U2", level="chief"),
            post("P5", "U2"),
            post("P6"),
        ],
        cadres=[
            cadre("C1", "P1", "2010-01-01", name="张三", birth_date="1957-02-28"),
            cadre("C2", "P2", "2010-06-01", name="李四", gender="F", education="master"),
            cadre("C3", "P3", "2007-05-01", name="王五", flags="discipline"),
            cadre("C4", "P4", "2015-06-01", name="孙六", education="college"),
            cadre("C5", "P5", "2012-01-01", name="周七", education="secondary"),
            cadre("C6", name="吴八"),
            cadre("C7", "P6", "2012-01-01", name="郑十"),
        ],
        appraisals=[
            appraisal("C2", 2015, "incompetent"),
            appraisal("C3", 2014, "basic"),
            appraisal("C5", 2015, "excellent"),
        ],
        history=[history("C4", "U2", "deputy", "2012-01-01", "2015-05-31")],
        relations=[relation("C3", "C2", "sibling")],
        borrowings=[borrowing("刘九", "2015-09-01", approved_by="principal")],
    )


def test_chinese_workbook_gives_the_same_findings_as_the_english_csv(tmp_path):
    folder = _varied_roster(tmp_path / "csv")
    write_workbook(folder, tmp_path / "roster.xlsx", chinese=True)
    english = check(load_roster(folder), AS_OF)
    chinese = check(load_roster(tmp_path / "roster.xlsx"), AS_OF)

    # the workbook really is the Chinese one
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "roster.xlsx")
    assert workbook.sheetnames[:5] == ["科室", "岗位", "干部", "委领导", "年度考核"]
    assert workbook["干部"]["C1"].value == "性别"
    assert workbook["干部"]["C2"].value == "男"
    assert isinstance(workbook["干部"]["D2"].value, datetime)

    # the roster has plenty to say, and says the same from both sources
    rules = {row["rule_id"] for row in english.finding_rows()}
    assert {
        "KEY_POST_TENURE",
        "LEADER_UNIT_TENURE",
        "STAFF_POST_TENURE",
        "SUPERVISOR_PAIRING",
        "CHIEF_DEPUTY_PAIRING",
        "ESTABLISHMENT",
        "PROMOTION_ELIGIBILITY",
        "PROBATION",
        "APPRAISAL_ADJUSTMENT",
        "BORROWING_LIMIT",
        "KIN_AVOIDANCE",
        "EXEMPTION",
    } <= rules
    assert chinese.finding_rows() == english.finding_rows()
    assert chinese.finding_rows("zh") == english.finding_rows("zh")
    assert chinese.cadre_rows() == english.cadre_rows()


def test_english_workbook_gives_the_same_findings_as_the_csv(tmp_path):
    folder = _varied_roster(tmp_path / "csv")
    write_workbook(folder, tmp_path / "roster.xlsx", chinese=False)

    english = check(load_roster(folder), AS_OF)
    workbook = check(load_roster(tmp_path / "roster.xlsx"), AS_OF)

    assert workbook.finding_rows() == english.finding_rows()
