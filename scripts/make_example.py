#!/usr/bin/env python3
"""Write the bundled example roster: a fictional 株洲-style 经信委 at as_of 2016-01-01.

    python scripts/make_example.py [OUT_DIR]      (default: rotaplan/data/example/)

Deterministic and stdlib only: one ``random.Random(2015)`` drawn in a fixed order, UTF-8
CSV without BOM, ``\\n`` line endings, rows in a stable order.

How it is built
- ``UNITS`` fixes the 23 units, their 145 posts, key posts, establishments and portfolios.
- ``SPECIALS`` are hand-made cadres: each one is there to make a rule of SPEC §4 fire (or to
  be a near miss of one); the comments say which. They hold 67 posts; 3 more are unplaced.
- Every other occupied post gets a random *filler* cadre that is kept clear of every rule
  (recent posts, no flags, no bad appraisals, no recommendation except two expired ones in
  FILLER_REC, not exempt, no promotion in the last year, no leader run in its unit before
  2011), so the rule findings are exactly the designed ones. ``self_check`` recomputes every
  rule from the rows about to be written (strings, as in the CSVs) and asserts exactly that.
- Post occupancy is tracked over time, so no post ever holds two cadres at once, neither
  now nor in the history.

Rule clocks at as_of 2016-01-01 (n full years: start + n years <= as_of):
5 years -> since <= 2011-01-01; 8 years -> <= 2008-01-01; exempt men born <= 1958-01-01,
exempt women born <= 1963-01-01; recommendation valid if on/after 2015-01-02.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

AS_OF = dt.date(2016, 1, 1)
FOREVER = dt.date(9999, 12, 31)
SEED = 2015
YEARS = (2013, 2014, 2015)
LEVELS = ("staff", "deputy", "chief")
RANK = {level: i for i, level in enumerate(LEVELS)}
TAGS = ("finance", "law", "economics", "engineering", "it", "writing", "energy", "management")


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def add_years(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # Feb 29 counts as Feb 28
        return day.replace(year=day.year + n, day=28)


def add_months(day: dt.date, n: int) -> dt.date:
    month = day.month - 1 + n
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


def full_years(start: dt.date, end: dt.date = AS_OF) -> int:
    n = end.year - start.year
    return n - 1 if add_years(start, n) > end else n


# --------------------------------------------------------------------------------------
# Leaders (委领导). L2 and L3 have a portfolio cap that the current portfolios respect.
# --------------------------------------------------------------------------------------
LEADERS = [  # leader_id, role (comment only), max_units
    ("L1", "主任、党组书记", None),
    ("L2", "常务副主任", 4),  # supervises exactly 4 units: at its cap
    ("L3", "副主任", 5),  # supervises 4 of at most 5
    ("L4", "副主任", None),
    ("L5", "副主任", None),
    ("L6", "副主任", None),
    ("L7", "党组成员、纪检组长", None),
]

# --------------------------------------------------------------------------------------
# Units and posts. Staff posts: (title, key, specialty). Deputy posts listed as (key, specialty)
# per deputy. establishment: None = empty (defaults to the number of posts).
# --------------------------------------------------------------------------------------
K, N = True, False
# fmt: off
UNITS = [
    # 机关科室 (18)
    dict(id="U01", name="办公室", kind="comprehensive", chief=("主任", N, "management"),
         deputy="副主任", deputies=[(N, "writing"), (N, "")],
         staff=[("文秘", N, "writing"), ("科员", N, ""), ("资产管理员", K, "finance"),
                ("档案管理员", N, "writing"), ("科员", N, "")],
         est=8, sup="L1", since="2008-01-01"),
    dict(id="U02", name="人事教育科", kind="comprehensive", chief=("科长", K, "management"),
         deputy="副科长", deputies=[(K, "management")],
         staff=[("人事干部", K, "management"), ("干部档案管理员", K, ""), ("教育培训干事", N, "")],
         est=None, sup="L1", since="2008-01-01"),  # SUPERVISOR_PAIRING (exempt chief)
    dict(id="U03", name="计划财务科", kind="comprehensive", chief=("科长", K, "finance"),
         deputy="副科长", deputies=[(K, "finance")],
         staff=[("会计", K, "finance"), ("出纳", K, "finance"), ("资产管理员", K, "finance"),
                ("预算管理员", N, "finance")],
         est=6, sup="L2", since="2012-03-01"),
    dict(id="U04", name="政策法规科", kind="comprehensive", chief=("科长", N, "law"),
         deputy="副科长", deputies=[(N, "law"), (N, "")],
         staff=[("法制审核员", N, "law"), ("科员", N, "law"), ("科员", N, "writing")],
         est=None, sup="L2", since="2012-03-01"),
    dict(id="U05", name="运行监测协调科", kind="business", chief=("科长", N, "economics"),
         deputy="副科长", deputies=[(N, "economics"), (N, "")],
         staff=[("经济运行分析员", N, "economics"), ("统计员", N, "economics"), ("科员", N, ""),
                ("科员", N, "")],
         est=None, sup="L3", since="2013-09-01"),
    dict(id="U06", name="投资与规划科", kind="business", chief=("科长", K, "economics;management"),
         deputy="副科长", deputies=[(K, "economics"), (K, "")],
         staff=[("项目管理员", K, "economics;management"), ("项目申报审核员", K, "economics"),
                ("规划编制员", N, "economics;writing")],
         est=None, sup="L2", since="2009-03-01"),  # SUPERVISOR_PAIRING
    dict(id="U07", name="技术进步科", kind="business", chief=("科长", K, "engineering"),
         deputy="副科长", deputies=[(N, "engineering"), (N, "")],
         staff=[("科员", N, "engineering"), ("技改项目管理员", K, "engineering"), ("科员", N, ""),
                ("科员", N, "")],
         est=None, sup="L4", since="2012-03-01"),
    dict(id="U08", name="中小企业科", kind="business", chief=("科长", K, "management"),
         deputy="副科长", deputies=[(K, "finance")],
         staff=[("专项资金管理员", K, "finance"), ("科员", N, ""), ("科员", N, "economics"),
                ("科员", N, "")],
         est=None, sup="L5", since="2013-09-01"),
    dict(id="U09", name="信息化推进科", kind="business", chief=("科长", N, "it"),
         deputy="副科长", deputies=[(N, "it"), (N, "")],
         staff=[("科员", N, "it"), ("信息化项目管理员", K, "it"), ("科员", N, "it"), ("科员", N, "")],
         est=None, sup="L6", since="2014-05-01"),
    dict(id="U10", name="电力科", kind="business", chief=("科长", N, "energy"),
         deputy="副科长", deputies=[(N, "energy")],
         staff=[("电力运行调度员", N, "energy"), ("科员", N, ""), ("科员", N, "energy"),
                ("科员", N, "")],
         est=None, sup="L3", since="2011-06-01"),
    dict(id="U11", name="节能与综合利用科", kind="business", chief=("科长", N, "energy"),
         deputy="副科长", deputies=[(N, "energy;engineering")],
         staff=[("节能专项资金管理员", K, "energy;finance"), ("科员", N, "energy"), ("科员", N, "")],
         est=None, sup="L3", since="2013-09-01"),
    dict(id="U12", name="原材料工业科", kind="business", chief=("科长", N, "engineering"),
         deputy="副科长", deputies=[(N, "engineering"), (N, "")],
         staff=[("项目申报管理员", K, "engineering"), ("科员", N, ""), ("科员", N, ""),
                ("科员", N, "engineering")],
         est=None, sup="L4", since="2010-01-01"),  # SUPERVISOR_PAIRING
    dict(id="U13", name="装备工业科", kind="business", chief=("科长", N, "engineering"),
         deputy="副科长", deputies=[(N, "engineering"), (N, "")],
         staff=[("科员", N, "engineering"), ("科员", N, ""), ("项目管理员", K, "engineering"),
                ("科员", N, "")],
         est=None, sup="L4", since="2012-03-01"),
    dict(id="U14", name="消费品工业科", kind="business", chief=("科长", N, "economics"),
         deputy="副科长", deputies=[(N, "")],
         staff=[("科员", N, ""), ("科员", N, "economics"), ("科员", N, ""), ("科员", N, "")],
         est=None, sup="L4", since="2011-06-01"),
    dict(id="U15", name="非公有制经济科", kind="business", chief=("科长", N, "economics"),
         deputy="副科长", deputies=[(N, "")],
         staff=[("项目申报管理员", K, "economics"), ("科员", N, ""), ("科员", N, "")],
         est=4, sup="L5", since="2013-09-01"),  # ESTABLISHMENT: 5 posts, 5 filled, 4 allowed
    dict(id="U16", name="安全生产科", kind="business", chief=("科长", N, "engineering"),
         deputy="副科长", deputies=[(N, "engineering"), (N, "")],
         staff=[("安全监管员", N, "engineering"), ("科员", N, ""), ("科员", N, "")],
         est=None, sup="L6", since="2014-05-01"),
    dict(id="U17", name="机关党委", kind="comprehensive", chief=("专职副书记", N, "writing"),
         deputy="副主任", deputies=[(N, "writing")],
         staff=[("组织干事", N, "management"), ("宣传干事", N, "writing"), ("科员", N, "")],
         est=None, sup="L7", since="2015-02-01"),
    dict(id="U18", name="纪检监察室", kind="comprehensive", chief=("主任", N, "law"),
         deputy="副主任", deputies=[(N, "law")],
         staff=[("纪检干事", N, "law"), ("科员", N, "")],
         est=None, sup="L7", since="2015-02-01"),
    # 下属事业单位 (5)
    dict(id="U19", name="中小企业服务中心", kind="business", chief=("主任", N, "management"),
         deputy="副主任", deputies=[(N, "finance"), (N, "")],
         staff=[("融资服务专员", N, "finance"), ("担保项目管理员", K, "finance"), ("科员", N, ""),
                ("科员", N, ""), ("科员", N, "")],
         est=7, sup="L5", since="2011-06-01"),  # 8 posts, 7 allowed, 7 filled: at its cap
    dict(id="U20", name="信息中心", kind="comprehensive", chief=("主任", N, "it"),
         deputy="副主任", deputies=[(N, "it"), (N, "it")],
         staff=[("网络管理员", N, "it"), ("系统工程师", N, "it;engineering"), ("科员", N, "it"),
                ("科员", N, ""), ("科员", N, "")],
         est=8, sup="L6", since="2012-03-01"),
    dict(id="U21", name="节能监察支队", kind="business", chief=("支队长", N, "energy"),
         deputy="副支队长", deputies=[(N, "energy;law"), (N, "energy")],
         staff=[("监察员", N, "energy"), ("监察员", N, "energy"), ("监察员", N, "energy;law"),
                ("监察员", N, ""), ("监察员", N, "")],
         est=None, sup="L3", since="2014-05-01"),
    dict(id="U22", name="经济研究所", kind="business", chief=("所长", N, "economics"),
         deputy="副所长", deputies=[(N, "economics;writing")],
         staff=[("研究人员", N, "economics"), ("研究人员", N, "economics;writing"), ("科员", N, ""),
                ("科员", N, "")],
         est=None, sup="L2", since="2013-09-01"),
    dict(id="U23", name="墙体材料革新办公室", kind="business", chief=("主任", K, "engineering"),
         deputy="副主任", deputies=[(N, "")],
         staff=[("专项基金征管员", K, "finance"), ("科员", N, ""), ("科员", N, ""),
                ("科员", N, "engineering")],
         est=None, sup="L7", since="2015-02-01"),
]

# fmt: on

# About 10% of the posts are vacant: 2 chief, 3 deputy, 9 staff posts.
VACANT = {
    "U18-C",
    "U23-C",
    "U07-D2",
    "U13-D2",
    "U20-D2",
    "U01-S5",
    "U05-S4",
    "U07-S4",
    "U09-S4",
    "U11-S3",
    "U13-S4",
    "U19-S5",
    "U21-S5",
    "U22-S4",
}

# --------------------------------------------------------------------------------------
# Hand-made cadres, keyed by their current post (X1..X3: not placed).
#   g gender, born, edu, since = post_since, spec specialty, rec recommended_on, flags,
#   hist = earlier entries [(post_id, start), ...] (each ends at the next start; the last
#   at `since`, or at `left` for an unplaced cadre), ap = appraisal overrides {year: result}.
# --------------------------------------------------------------------------------------
# fmt: off
SPECIALS: dict[str, dict] = {
    # ---- KEY_POST_TENURE: key post with post_since <= 2011-01-01 ----------------------
    # Exempt chief (58): KEY_POST_TENURE and LEADER_UNIT_TENURE waived (EXEMPTION rows);
    # SUPERVISOR_PAIRING in U02 (L1 since 2008) must be met by changing U02's supervisor;
    # CHIEF_DEPUTY_PAIRING with U02-D1 must be met by the deputy moving.
    "U02-C": dict(g="M", born="1957-06-12", edu="bachelor", since="2009-03-01", spec="management",
                  hist=[("U04-S1", "1981-08-01"), ("U02-D1", "1994-06-01"),
                        ("U01-D1", "2004-05-01")]),
    # Chief of 计划财务科 since 2010-11: KEY_POST_TENURE + LEADER_UNIT_TENURE (must move).
    "U03-C": dict(g="M", born="1966-08-03", edu="bachelor", since="2010-11-01", spec="finance",
                  hist=[("U08-S2", "1988-07-01"), ("U08-D1", "2005-03-01")]),
    # 会计 since 2007-05: KEY_POST_TENURE (must move) + STAFF_POST_TENURE.
    "U03-S1": dict(g="F", born="1972-01-15", edu="bachelor", since="2007-05-01", spec="finance",
                   hist=[("U19-S1", "1994-07-01")]),
    # Chief of 投资与规划科 since 2010-05: KEY_POST_TENURE + LEADER_UNIT_TENURE
    # + SUPERVISOR_PAIRING (L2 supervises U06 since 2009-03).
    "U06-C": dict(g="M", born="1968-02-10", edu="master", since="2010-05-01",
                  spec="economics;management",
                  hist=[("U07-S1", "1993-07-01"), ("U07-D1", "2006-01-01")]),
    # 项目管理员 since 2010-02: KEY_POST_TENURE (a staff member).
    "U06-S1": dict(g="M", born="1978-09-05", edu="bachelor", since="2010-02-01", spec="economics",
                   hist=[("U12-S2", "2001-07-01")]),

    # ---- LEADER_UNIT_TENURE: chief/deputy with leader_since <= 2011-01-01 -------------
    # Deputy of U05 from 2009-06, chief of U05 since 2013-03: leader_since 2009-06 -> due.
    # Also CHIEF_DEPUTY_PAIRING with U05-D2 (unit_since 2002 / 2009).
    "U05-C": dict(g="M", born="1970-04-22", edu="bachelor", since="2013-03-01", spec="economics",
                  hist=[("U12-S3", "1992-07-01"), ("U05-S1", "2002-07-01"),
                        ("U05-D1", "2009-06-01")]),
    # Staff of U05 from 2009-09, deputy since 2012-06: leader_since 2012 (not due), but
    # unit_since 2009 -> CHIEF_DEPUTY_PAIRING with U05-C.
    "U05-D2": dict(g="M", born="1980-05-06", edu="bachelor", since="2012-06-01",
                   hist=[("U14-S3", "2003-07-01"), ("U05-S2", "2009-09-01")]),
    # Chief of U12 since 2010-03, aged 57 (one year short of the exemption): LEADER_UNIT_TENURE
    # + SUPERVISOR_PAIRING (L4 since 2010-01) + CHIEF_DEPUTY_PAIRING with U12-D1.
    "U12-C": dict(g="M", born="1958-08-15", edu="bachelor", since="2010-03-01",
                  spec="engineering",
                  hist=[("U14-S1", "1981-07-01"), ("U13-S3", "1992-09-01"),
                        ("U13-D1", "2002-03-01")]),
    # Deputy of U12 since 2010-08: LEADER_UNIT_TENURE; recommendation of 2014-03 expired.
    "U12-D1": dict(g="F", born="1969-11-30", edu="bachelor", since="2010-08-01",
                   rec="2014-03-01",
                   hist=[("U14-S4", "1992-07-01"), ("U12-S3", "2003-05-01")]),
    # Deputy of U12 since 2010-10: LEADER_UNIT_TENURE + CHIEF_DEPUTY_PAIRING with U12-C.
    # With U12-C and U12-D1 every leader of U12 is due -> UNIT_CONTINUITY (the only unit).
    "U12-D2": dict(g="M", born="1971-09-23", edu="bachelor", since="2010-10-01",
                   hist=[("U18-S1", "1994-07-01"), ("U14-S2", "2002-03-01")]),
    # Deputy of U09 since 2010-04: LEADER_UNIT_TENURE, and also promotion-eligible (a due
    # deputy the planner may promote to a chief post in another unit).
    "U09-D1": dict(g="M", born="1975-05-18", edu="bachelor", since="2010-04-01", spec="it",
                   rec="2015-10-15", hist=[("U20-S3", "1997-07-01")]),
    # Deputy of U16 in post D1 from 2009-01, in post D2 since 2012-05: post_since is recent
    # but leader_since 2009-01 -> LEADER_UNIT_TENURE.
    "U16-D2": dict(g="M", born="1973-12-02", edu="college", since="2012-05-01",
                   spec="engineering",
                   hist=[("U10-S4", "1995-07-01"), ("U16-D1", "2009-01-01")]),
    # Exempt woman deputy (53), deputy of U14 since 2010-06: LEADER_UNIT_TENURE waived.
    "U14-D1": dict(g="F", born="1962-04-08", edu="bachelor", since="2010-06-01", spec="economics",
                   hist=[("U15-S2", "1984-07-01"), ("U14-S1", "1998-09-01")]),

    # ---- STAFF_POST_TENURE: staff in the same post since <= 2008-01-01 (+ U03-S1) -------
    "U01-S4": dict(g="F", born="1968-03-27", edu="college", since="2006-03-01", spec="writing",
                   hist=[("U17-S3", "1989-07-01")]),
    "U21-S1": dict(g="M", born="1970-10-12", edu="secondary", since="2005-09-01", spec="energy",
                   hist=[("U10-S3", "1989-07-01")]),
    "U10-S3": dict(g="F", born="1976-02-14", edu="bachelor", since="2007-10-01", spec="energy",
                   hist=[("U11-S2", "1998-07-01")]),

    # ---- CHIEF_DEPUTY_PAIRING with an exempt chief: the deputy must move -------------
    # U02-D1: staff of U02 since 2007-07, deputy since 2013-04 (unit_since 2007 with U02-C's
    # 2009). She is also promotion-eligible, aged 39 (deputy -> chief).
    "U02-D1": dict(g="F", born="1976-03-20", edu="master", since="2013-04-01", spec="management",
                   rec="2015-10-15",
                   hist=[("U22-S2", "2002-07-01"), ("U02-S1", "2007-07-01")]),

    # ---- exempt, not otherwise due ----------------------------------------------------
    "U22-C": dict(g="M", born="1957-09-25", edu="master", since="2012-09-01", spec="economics",
                  hist=[("U22-S1", "1984-07-01"), ("U19-D1", "2003-03-01")]),
    "U17-C": dict(g="F", born="1962-10-10", edu="bachelor", since="2013-01-01", spec="writing",
                  hist=[("U01-S1", "1985-07-01"), ("U01-D2", "2006-05-01")]),

    # ---- APPRAISAL_ADJUSTMENT ---------------------------------------------------------
    # Chief flagged unfit (四(二): disunity, strong complaints); basic in 2015.
    "U13-C": dict(g="M", born="1965-03-14", edu="bachelor", since="2012-07-01",
                  spec="engineering", flags="unfit", ap={2015: "basic"},
                  hist=[("U10-S2", "1987-07-01"), ("U10-D1", "2005-09-01")]),
    # Deputy whose latest (2015) appraisal is incompetent (basic in 2014).
    "U10-D1": dict(g="M", born="1971-07-07", edu="bachelor", since="2012-11-01", spec="energy",
                   ap={2014: "basic", 2015: "incompetent"},
                   hist=[("U21-S3", "1993-07-01"), ("U16-S2", "2002-03-01")]),

    # ---- PROBATION: staff until 2015-03-01, deputy since (stay put; also too few years) ---
    "U19-D2": dict(g="F", born="1985-06-21", edu="master", since="2015-03-01", spec="finance",
                   rec="2015-01-20", hist=[("U08-S2", "2009-07-01")]),
    "U09-D2": dict(g="M", born="1984-02-14", edu="bachelor", since="2015-03-01", spec="it",
                   rec="2015-01-20", hist=[("U09-S1", "2007-07-01")]),

    # ---- under_investigation: may not move at all; due under no hard rule ---------------
    "U04-S2": dict(g="M", born="1980-11-11", edu="bachelor", since="2013-05-01", spec="law",
                   flags="under_investigation", hist=[("U08-S4", "2003-07-01")]),

    # ---- PROMOTION_ELIGIBILITY: eligible (besides U02-D1 and U09-D1) -------------------
    # young staff (28-32) -> deputy
    "U05-S1": dict(g="F", born="1986-05-12", edu="master", since="2013-09-01", spec="economics",
                   rec="2015-11-20", ap={2015: "excellent"}, hist=[("U22-S1", "2011-07-01")]),
    "U13-S1": dict(g="M", born="1984-10-03", edu="bachelor", since="2009-07-01",
                   spec="engineering", rec="2015-11-20", ap={2014: "excellent"},
                   hist=[("U12-S4", "2006-07-01")]),
    "U20-S2": dict(g="F", born="1983-01-25", edu="bachelor", since="2012-03-01", spec="it",
                   rec="2015-11-20", hist=[("U09-S3", "2006-07-01")]),
    # older staff -> deputy
    "U01-S1": dict(g="M", born="1981-04-17", edu="bachelor", since="2008-03-01", spec="writing",
                   rec="2015-11-20", ap={2013: "excellent", 2015: "excellent"},
                   hist=[("U04-S3", "2003-07-01")]),
    "U19-S1": dict(g="F", born="1979-12-09", edu="master", since="2010-09-01", spec="finance",
                   rec="2015-06-18", hist=[("U03-S4", "2005-07-01")]),
    "U14-S2": dict(g="M", born="1982-08-30", edu="bachelor", since="2011-03-01",
                   spec="economics", rec="2015-11-20", hist=[("U15-S1", "2007-07-01")]),
    "U21-S2": dict(g="M", born="1980-02-02", edu="college", since="2009-05-01", spec="energy",
                   rec="2015-06-18", hist=[("U11-S3", "2001-07-01")]),
    # deputies (33-39) -> chief
    "U07-D1": dict(g="M", born="1979-07-11", edu="master", since="2012-01-01",
                   spec="engineering", rec="2015-10-15", ap={2015: "excellent"},
                   hist=[("U13-S2", "2004-07-01")]),
    "U19-D1": dict(g="M", born="1981-11-05", edu="bachelor", since="2013-10-01",
                   spec="management", rec="2015-10-15",
                   hist=[("U15-S3", "2003-07-01"), ("U08-D1", "2011-06-01")]),
    # deputy aged 40 -> chief
    "U11-D1": dict(g="F", born="1975-03-03", edu="bachelor", since="2012-02-01", spec="energy",
                   rec="2015-10-15", hist=[("U11-S1", "1997-07-01")]),

    # ---- PROMOTION_ELIGIBILITY near misses ------------------------------------------------
    # recommendation older than a year (also U12-D1 above, fillers U01-D2 and U13-D1)
    "U10-S1": dict(g="F", born="1982-06-06", edu="bachelor", since="2008-08-01", spec="energy",
                   rec="2014-06-01", hist=[("U16-S1", "2004-07-01")]),
    "U15-D1": dict(g="M", born="1976-01-22", edu="bachelor", since="2011-09-01",
                   rec="2014-06-01", hist=[("U04-S2", "1998-07-01")]),
    "U21-S3": dict(g="M", born="1985-04-04", edu="bachelor", since="2009-07-01", spec="energy",
                   rec="2014-11-15", hist=[("U23-S4", "2007-07-01")]),
    "U23-D1": dict(g="M", born="1973-10-10", edu="bachelor", since="2012-05-01",
                   rec="2014-09-20", hist=[("U22-S3", "1996-07-01")]),
    "U04-S1": dict(g="F", born="1984-12-12", edu="master", since="2012-09-01", spec="law",
                   rec="2014-06-01", hist=[("U04-S3", "2010-07-01")]),
    "U12-S2": dict(g="M", born="1987-02-17", edu="bachelor", since="2011-07-01",
                   rec="2014-12-10"),
    "U16-S1": dict(g="M", born="1986-03-08", edu="bachelor", since="2010-07-01",
                   spec="engineering", rec="2014-11-30"),
    # a flag
    "U07-S1": dict(g="M", born="1983-06-15", edu="bachelor", since="2010-07-01",
                   spec="engineering", flags="vote_buying", rec="2015-06-10",
                   hist=[("U23-S1", "2006-07-01")]),
    "U20-D1": dict(g="F", born="1977-08-08", edu="master", since="2012-04-01", spec="it",
                   flags="spouse_abroad", rec="2015-05-20", hist=[("U20-S5", "2000-07-01")]),
    "U11-S2": dict(g="M", born="1979-01-19", edu="bachelor", since="2009-08-01", spec="energy",
                   flags="discipline", rec="2015-04-01", hist=[("U23-S2", "2002-07-01")]),
    "U21-D1": dict(g="M", born="1974-06-18", edu="bachelor", since="2011-10-01", spec="energy",
                   flags="low_recognition", rec="2015-09-01", hist=[("U19-S4", "1997-07-01")]),
    "U13-S2": dict(g="F", born="1986-04-22", edu="bachelor", since="2013-08-01",
                   flags="report_concealed", rec="2015-11-01", hist=[("U19-S3", "2010-07-01")]),
    # a basic / incompetent appraisal in 2013-2015
    "U08-S3": dict(g="M", born="1983-03-03", edu="bachelor", since="2010-03-01",
                   spec="economics", rec="2015-11-20", ap={2014: "basic"},
                   hist=[("U07-S3", "2005-07-01")]),
    "U22-D1": dict(g="F", born="1978-05-05", edu="bachelor", since="2012-08-01",
                   spec="economics", rec="2015-10-15", ap={2013: "basic"},
                   hist=[("U22-S4", "2000-07-01")]),
    "U23-S2": dict(g="M", born="1981-12-21", edu="bachelor", since="2011-09-01",
                   rec="2015-11-20", ap={2013: "incompetent"}, hist=[("U12-S3", "2010-09-01")]),
    # too few years at the level
    "U06-S3": dict(g="F", born="1990-04-09", edu="bachelor", since="2014-07-01",
                   spec="economics", rec="2015-11-20"),
    "U18-D1": dict(g="M", born="1980-03-15", edu="bachelor", since="2014-05-01", spec="law",
                   rec="2015-10-15", hist=[("U17-S2", "2005-07-01")]),
    "U01-S2": dict(g="M", born="1989-10-10", edu="master", since="2013-09-01", spec="writing",
                   rec="2015-11-20"),
    "U07-S3": dict(g="F", born="1988-12-01", edu="bachelor", since="2013-03-01",
                   rec="2015-11-20"),
    "U20-S3": dict(g="M", born="1987-07-07", edu="bachelor", since="2013-02-01", spec="it",
                   rec="2015-11-20"),
    # secondary education
    "U21-S4": dict(g="M", born="1975-02-02", edu="secondary", since="2009-03-01", spec="energy",
                   rec="2015-06-18", hist=[("U23-S3", "1994-07-01")]),
    "U23-S3": dict(g="M", born="1972-05-30", edu="secondary", since="2011-05-01",
                   hist=[("U05-S3", "1991-07-01")]),

    # ---- the one step down in the history: deputy of U11 until 2012, staff since ---------
    "U18-S1": dict(g="M", born="1966-02-20", edu="bachelor", since="2012-02-01", spec="law",
                   hist=[("U17-S1", "1988-07-01"), ("U11-D1", "2006-03-01")]),

    # ---- KIN_AVOIDANCE (relations) ------------------------------------------------------
    # spouses, both staff of 信息中心 U20 -> fires (one must leave U20)
    "U20-S1": dict(g="M", born="1984-09-09", edu="bachelor", since="2012-05-01", spec="it",
                   hist=[("U09-S4", "2007-07-01")]),
    "U20-S4": dict(g="F", born="1986-11-02", edu="bachelor", since="2012-10-01",
                   hist=[("U14-S3", "2010-07-01")]),
    # child of leader L5, in the key post 专项资金管理员 of U08, which L5 supervises -> fires
    "U08-S1": dict(g="M", born="1986-07-16", edu="bachelor", since="2012-09-01", spec="finance",
                   hist=[("U14-S4", "2009-07-01")]),
    # harmless: siblings in U05 and U16
    "U05-S3": dict(g="F", born="1985-09-09", edu="bachelor", since="2012-07-01",
                   spec="economics", hist=[("U10-S4", "2009-07-01")]),
    "U16-S3": dict(g="M", born="1982-01-30", edu="bachelor", since="2011-04-01",
                   spec="engineering", hist=[("U13-S4", "2005-07-01")]),
    # harmless: in-laws, deputy of U04 and staff of U10
    "U04-D1": dict(g="M", born="1972-12-05", edu="bachelor", since="2013-07-01", spec="law",
                   hist=[("U06-S3", "1995-07-01")]),
    "U10-S2": dict(g="F", born="1980-08-18", edu="bachelor", since="2010-05-01",
                   hist=[("U15-S2", "2003-07-01")]),
    # harmless: spouse of leader L6 (U09, U16, U20), staff of 机关党委 (L7)
    "U17-S2": dict(g="F", born="1967-03-03", edu="college", since="2014-06-01", spec="writing",
                   hist=[("U01-S2", "1990-07-01"), ("U18-S2", "2008-03-01")]),

    # ---- STRUCTURE_TARGETS: the only two chiefs under 40 (36 and 39) --------------------
    "U20-C": dict(g="M", born="1979-04-20", edu="master", since="2014-03-01", spec="it",
                  hist=[("U20-S1", "2004-07-01"), ("U09-D2", "2010-07-01")]),
    "U09-C": dict(g="F", born="1976-06-30", edu="bachelor", since="2013-06-01", spec="it",
                  hist=[("U20-S4", "2000-07-01"), ("U20-D2", "2009-09-01")]),

    # ---- not placed: two new recruits and a deputy back from a county secondment -------
    "X1": dict(g="F", born="1991-09-14", edu="bachelor", level="staff", spec="law"),
    "X2": dict(g="M", born="1991-05-02", edu="master", level="staff", spec="it"),
    "X3": dict(g="M", born="1977-09-19", edu="bachelor", level="deputy", spec="economics",
               hist=[("U07-S4", "2001-07-01"), ("U21-D2", "2010-03-01")], left="2013-09-01"),
}

# fmt: on

# Fillers whose only special trait is an expired recommendation (near misses).
FILLER_REC = {"U01-D2": "2013-11-20", "U13-D1": "2014-06-01"}

RELATIONS = [  # (tag, relative tag or leader id, relation)
    ("U20-S1", "U20-S4", "spouse"),  # same unit U20 -> KIN_AVOIDANCE fires
    ("U08-S1", "L5", "parent"),  # L5 supervises U08, U08-S1 is key -> KIN_AVOIDANCE fires
    ("U05-S3", "U16-S3", "sibling"),  # different units: harmless
    ("U04-D1", "U10-S2", "in_law"),  # different units: harmless
    ("U17-S2", "L6", "spouse"),  # L6 does not supervise U17: harmless
]
SAME_SURNAME = [("U08-S1", "L5"), ("U16-S3", "U05-S3")]  # (take surname of the second)

BORROWINGS = [  # from_org, unit, start, end, approved_by
    # fine: one month, all three approvals
    ("攸县经济和信息化局", "U05", "2015-09-01", "2015-09-30", "principal;supervisor;filed"),
    # BORROWING_LIMIT: six months
    ("醴陵市经济和信息化局", "U07", "2015-03-02", "2015-08-31", "principal;supervisor;filed"),
    # BORROWING_LIMIT: ongoing since 2015-06-01 (seven months at as_of)
    ("株洲高新区经济发展局", "U06", "2015-06-01", "", "principal;supervisor;filed"),
    # BORROWING_LIMIT: not filed with 人事教育科
    ("炎陵县经济和信息化局", "U09", "2015-10-08", "2015-11-30", "principal;supervisor"),
]

# What each rule must find (tags as in SPECIALS; asserted by self_check).
EXPECTED = {
    "KEY_POST_TENURE": ["U03-C", "U03-S1", "U06-C", "U06-S1"],
    "LEADER_UNIT_TENURE": [
        "U03-C",
        "U05-C",
        "U06-C",
        "U09-D1",
        "U12-C",
        "U12-D1",
        "U12-D2",
        "U16-D2",
    ],
    "STAFF_POST_TENURE": ["U01-S4", "U03-S1", "U10-S3", "U21-S1"],
    "SUPERVISOR_PAIRING": ["U02", "U06", "U12"],
    "CHIEF_DEPUTY_PAIRING": ["U02-C+U02-D1", "U05-C+U05-D2", "U12-C+U12-D1", "U12-C+U12-D2"],
    "ESTABLISHMENT": ["U15"],
    "PROMOTION_ELIGIBILITY": [
        "U01-S1",
        "U02-D1",
        "U05-S1",
        "U07-D1",
        "U09-D1",
        "U11-D1",
        "U13-S1",
        "U14-S2",
        "U19-D1",
        "U19-S1",
        "U20-S2",
        "U21-S2",
    ],
    "PROBATION": ["U09-D2", "U19-D2"],
    "APPRAISAL_ADJUSTMENT": ["U10-D1", "U13-C"],
    "KIN_AVOIDANCE": ["U08-S1+L5", "U20-S1+U20-S4"],
    "UNIT_CONTINUITY": ["U12"],
    "BORROWING_LIMIT": ["row 3", "row 4", "row 5"],
    "EXEMPT": ["U02-C", "U14-D1", "U17-C", "U22-C"],
    "EXEMPTION (waived)": [
        "KEY_POST_TENURE:U02-C",
        "LEADER_UNIT_TENURE:U02-C",
        "LEADER_UNIT_TENURE:U14-D1",
    ],
}

# --------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------
SURNAMES = (
    "刘" * 8
    + "李" * 7
    + "王" * 6
    + "张" * 6
    + "陈" * 7
    + "谭" * 4
    + "彭" * 4
    + "周" * 5
    + "唐" * 4
    + "罗" * 4
    + "易" * 3
    + "龙" * 2
    + "文" * 3
    + "贺" * 3
    + "曾" * 3
    + "邓" * 3
    + "黄" * 4
    + "杨" * 4
    + "胡" * 3
    + "肖" * 3
    + "赵" * 2
    + "何" * 2
    + "吴" * 3
    + "袁" * 2
    + "蒋" * 2
    + "钟" * 2
    + "廖" * 2
    + "朱" * 2
    + "丁"
    + "孙"
    + "夏"
    + "颜"
    + "左"
    + "向"
    + "雷" * 2
    + "谢" * 2
    + "汤"
    + "聂"
    + "段"
    + "尹"
    + "匡"
    + "阳"
    + "石"
    + "邹" * 2
)
MALE_CHARS = (
    "伟强军勇斌涛明华建国平辉杰鹏波峰磊刚志文俊浩宇晨亮林海东振兵立新德宏永松安湘武胜超翔凯毅坚"
)
FEMALE_CHARS = "芳娟敏静丽艳红玲霞燕萍婷慧琳雪颖洁莉倩兰梅琴薇蓉欣佳璐丹晶露娜秀英茜琼虹瑶"


class Names:
    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def new(self, gender: str) -> str:
        chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
        while True:
            surname = self.rng.choice(SURNAMES)
            if self.rng.random() < 0.03:
                surname = "欧阳"  # a compound surname common in Hunan
            given = self.rng.choice(chars)
            if self.rng.random() < 0.7:
                given += self.rng.choice(chars + "春秋")
            if given[0] != given[-1] or len(given) == 1 or self.rng.random() < 0.3:
                name = surname + given
                if name not in self.used:
                    self.used.add(name)
                    return name


# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------
def build_posts() -> list[dict]:
    posts = []
    for u in UNITS:
        title, key, spec = u["chief"]
        posts.append(
            dict(
                post_id=f"{u['id']}-C",
                unit_id=u["id"],
                title=title,
                level="chief",
                key=key,
                specialty=spec,
            )
        )
        for i, (key, spec) in enumerate(u["deputies"], 1):
            posts.append(
                dict(
                    post_id=f"{u['id']}-D{i}",
                    unit_id=u["id"],
                    title=u["deputy"],
                    level="deputy",
                    key=key,
                    specialty=spec,
                )
            )
        for i, (title, key, spec) in enumerate(u["staff"], 1):
            posts.append(
                dict(
                    post_id=f"{u['id']}-S{i}",
                    unit_id=u["id"],
                    title=title,
                    level="staff",
                    key=key,
                    specialty=spec,
                )
            )
    return posts


class Occupancy:
    """Who held which post when: no post ever holds two cadres at once."""

    def __init__(self):
        self.spans: dict[str, list[tuple[dt.date, dt.date, str]]] = {}

    def free(self, post_id: str, start: dt.date, end: dt.date) -> bool:
        return all(end <= s or e <= start for s, e, _ in self.spans.get(post_id, []))

    def take(self, post_id: str, start: dt.date, end: dt.date, who: str) -> None:
        assert start < end, (who, post_id, start, end)
        clash = [w for s, e, w in self.spans.get(post_id, []) if not (end <= s or e <= start)]
        assert not clash, f"{who} and {clash} both in {post_id} around {start}..{end}"
        self.spans.setdefault(post_id, []).append((start, end, who))

    def last_end(self, post_id: str) -> dt.date | None:
        ends = [e for _, e, _ in self.spans.get(post_id, [])]
        return max(ends) if ends else None


START_AGE = {"secondary": 19, "college": 21, "bachelor": 22, "master": 25, "doctorate": 28}
EDU_WEIGHTS = {  # fillers only
    "staff": {"master": 3, "bachelor": 75, "college": 22},
    "deputy": {"master": 3, "bachelor": 79, "college": 18},
    "chief": {"doctorate": 4, "master": 4, "bachelor": 80, "college": 12},
}
FEMALE_SHARE = {"staff": 0.36, "deputy": 0.28, "chief": 0.18}  # fillers only
AGE_RANGE = {  # fillers only: (min, mode, max) by level and gender; leaders never exempt
    ("staff", "M"): (24, 31, 50),
    ("staff", "F"): (24, 30, 50),
    ("deputy", "M"): (33, 43, 55),
    ("deputy", "F"): (33, 42, 52),
    ("chief", "M"): (41, 49, 56),
    ("chief", "F"): (41, 47, 52),
}


def rand_date(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def rand_month(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A first of a month in [lo, hi]."""
    first = dt.date(lo.year, lo.month, 1)
    if first < lo:
        first = add_months(first, 1)
    months = (hi.year - first.year) * 12 + hi.month - first.month
    assert months >= 0, (lo, hi)
    return add_months(first, rng.randint(0, months))


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def make_filler(rng: random.Random, post: dict, occ: Occupancy) -> dict:
    level = post["level"]
    gender = "F" if rng.random() < FEMALE_SHARE[level] else "M"
    lo_age, mode, hi_age = AGE_RANGE[(level, gender)]
    age = round(rng.triangular(lo_age, hi_age + 0.99, mode) - 0.5)
    age = min(max(age, lo_age), hi_age)
    born = rand_date(
        rng,
        add_years(AS_OF, -age - 1) + dt.timedelta(days=2),
        add_years(AS_OF, -age) - dt.timedelta(days=1),
    )
    edu = weighted(rng, EDU_WEIGHTS[level])
    career = dt.date(born.year + START_AGE[edu] + rng.choice((0, 0, 1)), 7, 1)
    # rule floors: leaders' runs and key posts after 2011-01-01, staff posts after 2008
    floor = d("2011-02-01") if (level != "staff" or post["key"]) else d("2008-02-01")
    lo = max(career, floor, occ.last_end(post["post_id"]) or floor)
    hi = d("2015-09-01") if level == "staff" else d("2015-06-01")
    if lo > hi:  # too young for a late floor: start right at the floor
        lo = hi
    since = rand_month(rng, lo, hi)
    return dict(g=gender, born=born.isoformat(), edu=edu, since=since.isoformat(), career=career)


MIN_AGE = {"staff": 18, "deputy": 28, "chief": 33}  # earliest age at which a level is held
MAX_MONTHS = {"staff": 240, "deputy": 96, "chief": 84}  # longest earlier entry at a level


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def filler_history(
    rng: random.Random, c: dict, post_of: dict, occ: Occupancy, posts_by: dict
) -> list[tuple[str, dt.date]]:
    """Earlier entries of a filler, generated backwards from its current post.

    Leaders (chief/deputy) get entries back down to a staff post; their entry just before
    the current post is in another unit, so leader_since = unit_since = post_since (> 2011),
    and it is a promotion only when the current post started over a year ago (no probation).
    Each entry is at most one level below the next; a level is never held before MIN_AGE.
    """
    born, career, end, level = d(c["born"]), c["career"], c["since"], c["level"]
    unit = post_of[c["post_id"]]["unit_id"]
    target = rng.choices((0, 1, 2, 3, 4), weights=(8, 38, 34, 16, 4))[0]
    target = min(target, max(1, full_years(career, end) // 3))
    entries: list[tuple[str, dt.date]] = []
    while len(entries) < 4:
        done = len(entries) >= target and level == "staff"
        if done or months_between(career, end) < 12:
            break
        first = not entries
        lower = LEVELS[max(0, RANK[level] - 1)]
        if level == "staff":
            options = ["staff"]
        elif first:
            can_promote = end <= d("2014-12-01")
            options = [lower, level] if can_promote and rng.random() < 0.75 else [level]
            if can_promote and options == [level]:
                options.append(lower)
        elif RANK[level] >= 4 - len(entries):
            options = [lower]  # the entries left must reach down to staff
        else:
            options = [level, lower] if rng.random() < 0.4 else [lower, level]
        choice = None
        for prev_level in options:
            earliest = max(career, add_years(born, MIN_AGE[prev_level]))
            avail = months_between(earliest, end)
            if avail < 12:
                continue
            last = prev_level == "staff" and len(entries) + 1 >= target
            longest = min(MAX_MONTHS[prev_level], avail)
            for months in (
                [longest] if last or longest < 36 else [rng.randint(24, min(96, longest)), 18]
            ):
                start = add_months(end, -months)
                start = max(dt.date(start.year, start.month, 1), earliest)
                units = [u["id"] for u in UNITS]
                rng.shuffle(units)
                if prev_level == "staff" and level == "staff" and rng.random() < 0.25:
                    units.insert(0, unit)  # a change of post inside the unit
                for u in units:
                    if first and c["level"] != "staff" and u == unit:
                        continue
                    free = [
                        p
                        for p in posts_by[(u, prev_level)]
                        if p != c["post_id"] and occ.free(p, start, end)
                    ]
                    if free:
                        choice = (rng.choice(free), start, prev_level)
                        break
                if choice:
                    break
            if choice:
                break
        if choice is None:
            break
        post_id, start, prev_level = choice
        occ.take(post_id, start, end, c["tag"])
        entries.append((post_id, start))
        end, level = start, prev_level
    return list(reversed(entries))


def cadre_specialty(rng: random.Random, post_spec: str) -> str:
    tags = [t for t in post_spec.split(";") if t]
    if tags and rng.random() < 0.65:
        chosen = {rng.choice(tags)}
    elif rng.random() < 0.55:
        chosen = {rng.choice(TAGS)}
    else:
        return ""
    if rng.random() < 0.2:
        chosen.add(rng.choice(TAGS))
    return ";".join(t for t in TAGS if t in chosen)


def generate() -> dict[str, list[dict]]:
    rng = random.Random(SEED)
    names = Names(rng)
    posts = build_posts()
    post_of = {p["post_id"]: p for p in posts}
    posts_by: dict[tuple[str, str], list[str]] = {}
    for p in posts:
        posts_by.setdefault((p["unit_id"], p["level"]), []).append(p["post_id"])
    assert set(SPECIALS) - set(post_of) == {"X1", "X2", "X3"}
    assert not set(SPECIALS) & VACANT

    occ = Occupancy()
    # 1. hand-made cadres: current posts and history
    cadres: list[dict] = []
    for tag, s in SPECIALS.items():
        c = dict(tag=tag, special=True, **s)
        c["post_id"] = "" if tag.startswith("X") else tag
        c["level"] = s.get("level") or post_of[tag]["level"]
        since = d(s["since"]) if "since" in s else None
        hist = [(p, d(start)) for p, start in s.get("hist", [])]
        if hist:
            ends = [start for _, start in hist[1:]] + [since or d(s["left"])]
            for (p, start), end in zip(hist, ends, strict=True):
                occ.take(p, start, end, tag)
        if since:
            occ.take(tag, since, FOREVER, tag)
        c["hist"] = hist
        c["career"] = hist[0][1] if hist else since or AS_OF
        cadres.append(c)

    # 2. fillers in the remaining occupied posts (current post first, history later)
    for p in posts:
        pid = p["post_id"]
        if pid in SPECIALS or pid in VACANT:
            continue
        f = make_filler(rng, p, occ)
        c = dict(tag=pid, special=False, post_id=pid, level=p["level"], **f)
        occ.take(pid, d(c["since"]), FOREVER, pid)
        if pid in FILLER_REC:
            c["rec"] = FILLER_REC[pid]
        cadres.append(c)
    # leaders first: their earlier entries have the tighter constraints
    for c in sorted(cadres, key=lambda c: -RANK[c["level"]]):
        if not c["special"]:
            c["since"] = d(c["since"])
            c["hist"] = filler_history(rng, c, post_of, occ, posts_by)
            c["since"] = c["since"].isoformat()

    # 3. ids in post order (unplaced last), names, specialties
    order = {p["post_id"]: i for i, p in enumerate(posts)}
    cadres.sort(key=lambda c: (c["post_id"] == "", order.get(c["post_id"], 0), c["tag"]))
    for i, c in enumerate(cadres, 1):
        c["id"] = f"C{i:03d}"
        c["name"] = names.new(c["g"])
        if "spec" not in c:
            c["spec"] = cadre_specialty(
                rng, post_of[c["post_id"]]["specialty"] if c["post_id"] else ""
            )
    leaders = []
    for lid, _role, cap in LEADERS:
        gender = "F" if lid == "L4" else "M"  # one woman in the leading group
        leaders.append(dict(leader_id=lid, name=names.new(gender), max_units=cap))
    by_tag = {c["tag"]: c for c in cadres}

    def surname(name: str) -> str:
        return name[:2] if name.startswith("欧阳") else name[0]

    leader_names = {row["leader_id"]: row["name"] for row in leaders}
    for tag, other in SAME_SURNAME:
        old = by_tag[tag]["name"]
        new = surname(leader_names.get(other) or by_tag[other]["name"]) + old[len(surname(old)) :]
        assert new not in names.used, new
        names.used.add(new)
        by_tag[tag]["name"] = new

    # 4. appraisals: 2013-2015 for every cadre working here (or seconded) that year
    appraisals = []
    for c in cadres:
        if not c["post_id"] and not c["hist"]:
            continue  # new recruits
        for year in YEARS:
            if c["career"] > dt.date(year, 9, 30):
                continue
            result = "excellent" if rng.random() < 0.2 else "competent"
            result = c.get("ap", {}).get(year, result)
            appraisals.append(dict(cadre_id=c["id"], year=year, result=result))

    # 5. the tables
    units = [
        dict(
            unit_id=u["id"],
            name=u["name"],
            kind=u["kind"],
            establishment="" if u["est"] is None else u["est"],
            supervisor_id=u["sup"],
            supervisor_since=u["since"],
        )
        for u in UNITS
    ]
    post_rows = [
        dict(
            post_id=p["post_id"],
            unit_id=p["unit_id"],
            title=p["title"],
            level=p["level"],
            key="true" if p["key"] else "false",
            specialty=p["specialty"],
        )
        for p in posts
    ]
    cadre_rows = [
        dict(
            cadre_id=c["id"],
            name=c["name"],
            gender=c["g"],
            birth_date=c["born"],
            education=c["edu"],
            level=c["level"],
            post_id=c["post_id"],
            post_since=c.get("since", ""),
            specialty=c["spec"],
            recommended_on=c.get("rec", ""),
            flags=c.get("flags", ""),
        )
        for c in cadres
    ]
    leader_rows = [
        dict(
            leader_id=x["leader_id"],
            name=x["name"],
            max_units="" if x["max_units"] is None else x["max_units"],
        )
        for x in leaders
    ]
    history = []
    for c in cadres:
        hist = c["hist"]
        if not hist:
            continue
        ends = [start for _, start in hist[1:]] + [d(c["since"]) if c["post_id"] else d(c["left"])]
        for (pid, start), end in zip(hist, ends, strict=True):
            p = post_of[pid]
            history.append(
                dict(
                    cadre_id=c["id"],
                    unit_id=p["unit_id"],
                    post_id=pid,
                    level=p["level"],
                    start=start.isoformat(),
                    end=end.isoformat(),
                )
            )
    relations = [
        dict(
            cadre_id=by_tag[a]["id"],
            relative_id=by_tag[b]["id"] if b in by_tag else b,
            relation=rel,
        )
        for a, b, rel in RELATIONS
    ]
    borrowings = []
    for org, unit, start, end, approved in BORROWINGS:
        borrowings.append(
            dict(
                person=names.new(rng.choice("MF")),
                from_org=org,
                unit_id=unit,
                start=start,
                end=end,
                approved_by=approved,
            )
        )
    return dict(
        units=units,
        posts=post_rows,
        cadres=cadre_rows,
        leaders=leader_rows,
        appraisals=appraisals,
        history=history,
        relations=relations,
        borrowings=borrowings,
        settings=[dict(key="as_of", value=AS_OF.isoformat())],
        _tags=[dict(tag=c["tag"], cadre_id=c["id"]) for c in cadres],
    )


COLUMNS = {
    "units": "unit_id,name,kind,establishment,supervisor_id,supervisor_since",
    "posts": "post_id,unit_id,title,level,key,specialty",
    "cadres": "cadre_id,name,gender,birth_date,education,level,post_id,post_since,specialty,"
    "recommended_on,flags",
    "leaders": "leader_id,name,max_units",
    "appraisals": "cadre_id,year,result",
    "history": "cadre_id,unit_id,post_id,level,start,end",
    "relations": "cadre_id,relative_id,relation",
    "borrowings": "person,from_org,unit_id,start,end,approved_by",
    "settings": "key,value",
}


def write(rows: dict[str, list[dict]], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for table, header in COLUMNS.items():
        columns = header.split(",")
        with open(out / f"{table}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows[table]:
                writer.writerow(["" if row[col] is None else row[col] for col in columns])


# --------------------------------------------------------------------------------------
# Self-check: recompute everything from the rows as written (strings), independently of
# the generator above.
# --------------------------------------------------------------------------------------
def self_check(rows: dict[str, list[dict]]) -> dict[str, list[str]]:
    def unique(table: str, key: str) -> dict[str, dict]:
        ids = [str(r[key]) for r in rows[table]]
        assert len(ids) == len(set(ids)), f"duplicate {key} in {table}"
        return {str(r[key]): r for r in rows[table]}

    units, posts = unique("units", "unit_id"), unique("posts", "post_id")
    cadres, leaders = unique("cadres", "cadre_id"), unique("leaders", "leader_id")
    tag_of = {r["cadre_id"]: r["tag"] for r in rows["_tags"]}
    names = [r["name"] for r in rows["cadres"]] + [r["name"] for r in rows["leaders"]]
    assert len(names) == len(set(names)), "duplicate names"

    def date(text: str) -> dt.date:
        return d(str(text))

    # references, structure of units
    for p in posts.values():
        assert p["unit_id"] in units and p["level"] in LEVELS and p["key"] in ("true", "false")
        assert all(t in TAGS for t in p["specialty"].split(";") if t)
    for u in units.values():
        assert u["kind"] in ("business", "comprehensive") and u["supervisor_id"] in leaders
        levels = [p["level"] for p in posts.values() if p["unit_id"] == u["unit_id"]]
        assert levels.count("chief") == 1 and 1 <= levels.count("deputy") <= 2
        assert 2 <= levels.count("staff") <= 5, u["unit_id"]
    portfolio = {lid: [u for u in units.values() if u["supervisor_id"] == lid] for lid in leaders}
    for lid, mine in portfolio.items():
        cap = leaders[lid]["max_units"]
        assert 2 <= len(mine) <= 5 and (cap in ("", None) or len(mine) <= int(cap)), lid

    holder: dict[str, str] = {}
    for c in cadres.values():
        assert c["gender"] in "MF" and c["level"] in LEVELS
        assert all(
            f
            in (
                "vote_buying",
                "spouse_abroad",
                "discipline",
                "report_concealed",
                "low_recognition",
                "under_investigation",
                "unfit",
            )
            for f in c["flags"].split(";")
            if f
        )
        assert all(t in TAGS for t in c["specialty"].split(";") if t)
        if c["post_id"]:
            p = posts[c["post_id"]]
            assert p["level"] == c["level"], c["cadre_id"]
            assert c["post_id"] not in holder, f"two cadres in {c['post_id']}"
            holder[c["post_id"]] = c["cadre_id"]
            since = date(c["post_since"])
            assert add_years(date(c["birth_date"]), 18) < since <= AS_OF
        else:
            assert c["post_since"] == ""
    for r in rows["appraisals"]:
        assert r["cadre_id"] in cadres and r["result"] in (
            "excellent",
            "competent",
            "basic",
            "incompetent",
        )

    # timelines: chronological, contiguous, one step at most, one step down in all
    hist: dict[str, list[dict]] = {}
    for h in rows["history"]:
        assert h["cadre_id"] in cadres and h["unit_id"] in units
        assert posts[h["post_id"]]["unit_id"] == h["unit_id"]
        assert posts[h["post_id"]]["level"] == h["level"]
        hist.setdefault(h["cadre_id"], []).append(h)
    downs = 0
    spans: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    timeline: dict[str, list[tuple[str, str, str, dt.date]]] = {}
    for cid, c in cadres.items():
        entries = hist.get(cid, [])
        assert entries == sorted(entries, key=lambda h: h["start"])
        tl = [(h["unit_id"], h["post_id"], h["level"], date(h["start"])) for h in entries]
        for a, b in zip(entries, entries[1:], strict=False):
            assert a["end"] == b["start"], cid
        if entries:
            assert date(entries[0]["start"]) >= add_years(date(c["birth_date"]), 18), cid
        if c["post_id"]:
            if entries:
                assert entries[-1]["end"] == c["post_since"], cid
            tl.append(
                (posts[c["post_id"]]["unit_id"], c["post_id"], c["level"], date(c["post_since"]))
            )
        for a, b in zip(tl, tl[1:], strict=False):
            step = RANK[b[2]] - RANK[a[2]]
            assert step <= 1, cid
            downs += step < 0
        if not c["post_id"] and entries:
            assert RANK[entries[-1]["level"]] == RANK[c["level"]]
        for h in entries:
            spans.setdefault(h["post_id"], []).append((date(h["start"]), date(h["end"]), cid))
        if c["post_id"]:
            spans.setdefault(c["post_id"], []).append((date(c["post_since"]), FOREVER, cid))
        timeline[cid] = tl
    assert downs == 1, downs
    for pid, ss in spans.items():
        ss.sort()
        for a, b in zip(ss, ss[1:], strict=False):
            assert a[1] <= b[0], f"{pid} held by {a[2]} and {b[2]} at once"

    # capacity per level: clearly more posts than cadres
    for level in LEVELS:
        n_posts = sum(p["level"] == level for p in posts.values())
        n_cadres = sum(c["level"] == level for c in cadres.values())
        assert n_cadres < n_posts, level

    # derived facts
    def age(c):
        return full_years(date(c["birth_date"]))

    def run_start(tl, keep):
        start = None
        for entry in reversed(tl):
            if not keep(entry):
                break
            start = entry[3]
        return start

    fact = {}
    for cid, c in cadres.items():
        tl = timeline[cid]
        unit = posts[c["post_id"]]["unit_id"] if c["post_id"] else None
        leader = c["level"] != "staff"
        exempt = bool(unit) and leader and age(c) >= (58 if c["gender"] == "M" else 53)
        promoted = None
        for a, b in zip(tl, tl[1:], strict=False):
            if RANK[b[2]] > RANK[a[2]]:
                promoted = b[3]
        fact[cid] = dict(
            unit=unit,
            exempt=exempt,
            age=age(c),
            unit_since=run_start(tl, lambda e: e[0] == unit) if unit else None,
            leader_since=run_start(tl, lambda e: e[0] == unit and e[2] != "staff")
            if unit and leader
            else None,
            level_since=run_start(tl, lambda e: e[2] == c["level"]) if tl else None,
            probation=bool(unit) and promoted is not None and full_years(promoted) < 1,
        )
    # ages by level (placed cadres)
    for cid, c in cadres.items():
        lo, hi = {"staff": (24, 50), "deputy": (30, 55), "chief": (35, 59)}[c["level"]]
        assert lo <= fact[cid]["age"] <= hi, (cid, c["level"], fact[cid]["age"])

    found: dict[str, list[str]] = {k: [] for k in EXPECTED}
    asked: set[str] = set()  # cadres some move rule asks to move (exempt sides excluded)

    def fire(rule: str, cid: str, subject: str | None = None) -> None:
        if rule in ("KEY_POST_TENURE", "LEADER_UNIT_TENURE") and fact[cid]["exempt"]:
            found["EXEMPTION (waived)"].append(f"{rule}:{tag_of[cid]}")
        else:
            found[rule].append(subject or tag_of[cid])
            asked.add(cid)

    chief_of = {
        posts[c["post_id"]]["unit_id"]: cid
        for cid, c in cadres.items()
        if c["post_id"] and c["level"] == "chief"
    }
    for cid, c in cadres.items():
        f = fact[cid]
        if f["exempt"]:
            found["EXEMPT"].append(tag_of[cid])
        if not c["post_id"]:
            continue
        post, since = posts[c["post_id"]], date(c["post_since"])
        if post["key"] == "true" and full_years(since) >= 5:
            fire("KEY_POST_TENURE", cid)
        if f["leader_since"] and full_years(f["leader_since"]) >= 5:
            fire("LEADER_UNIT_TENURE", cid)
        if c["level"] == "staff" and full_years(since) >= 8:
            fire("STAFF_POST_TENURE", cid)
        if f["probation"]:
            found["PROBATION"].append(tag_of[cid])
        latest = [r for r in rows["appraisals"] if r["cadre_id"] == cid]
        latest = max(latest, key=lambda r: r["year"])["result"] if latest else None
        if c["level"] != "staff" and (latest == "incompetent" or "unfit" in c["flags"]):
            found["APPRAISAL_ADJUSTMENT"].append(tag_of[cid])
            asked.add(cid)
        # promotion eligibility
        results = {r["year"]: r["result"] for r in rows["appraisals"] if r["cadre_id"] == cid}
        need = {"staff": 3, "deputy": 2}.get(c["level"])
        if (
            need
            and not c["flags"]
            and c["education"] != "secondary"
            and not any(results.get(y) in ("basic", "incompetent") for y in YEARS)
            and c["recommended_on"]
            and full_years(date(c["recommended_on"])) < 1
            and f["level_since"]
            and full_years(f["level_since"]) >= need
            and not f["probation"]
        ):
            found["PROMOTION_ELIGIBILITY"].append(tag_of[cid])
    for uid, u in units.items():
        cid = chief_of.get(uid)
        if cid:
            start = max(date(cadres[cid]["post_since"]), date(u["supervisor_since"]))
            if full_years(start) >= 5:
                found["SUPERVISOR_PAIRING"].append(uid)
                if not fact[cid]["exempt"]:
                    asked.add(cid)
            for did, dc in cadres.items():
                if dc["level"] == "deputy" and fact[did]["unit"] == uid:
                    start = max(fact[cid]["unit_since"], fact[did]["unit_since"])
                    if full_years(start) >= 5:
                        found["CHIEF_DEPUTY_PAIRING"].append(f"{tag_of[cid]}+{tag_of[did]}")
                        asked.update(x for x in (cid, did) if not fact[x]["exempt"])
        occupied = sum(1 for p in holder if posts[p]["unit_id"] == uid)
        cap = int(u["establishment"]) if u["establishment"] not in ("", None) else None
        if cap is not None and occupied > cap:
            found["ESTABLISHMENT"].append(uid)
    for r in rows["relations"]:
        a, b = r["cadre_id"], r["relative_id"]
        assert a in cadres and (b in cadres or b in leaders)
        assert r["relation"] in ("spouse", "parent", "child", "sibling", "in_law")
        if b in cadres:
            same = fact[a]["unit"] and fact[a]["unit"] == fact[b]["unit"]
            pair = sorted((tag_of[a], tag_of[b]))
        else:
            post = posts.get(cadres[a]["post_id"])
            same = post and post["key"] == "true" and units[post["unit_id"]]["supervisor_id"] == b
            pair = [tag_of[a], b]
        if same:
            found["KIN_AVOIDANCE"].append("+".join(pair))
            asked.update((a, b) if b in cadres else (a,))
    for row_no, b in enumerate(rows["borrowings"], 2):
        assert b["unit_id"] in units
        tokens = set(b["approved_by"].split(";"))
        end = date(b["end"]) if b["end"] else AS_OF
        if add_months(date(b["start"]), 2) < end or tokens != {"principal", "supervisor", "filed"}:
            found["BORROWING_LIMIT"].append(f"row {row_no}")
    # UNIT_CONTINUITY: a unit with a chief and a deputy, every one of them asked to move
    for uid in units:
        lead = [
            cid for cid, c in cadres.items() if fact[cid]["unit"] == uid and c["level"] != "staff"
        ]
        if uid in chief_of and len(lead) >= 2 and all(cid in asked for cid in lead):
            found["UNIT_CONTINUITY"].append(uid)

    # hard-due cadres must not be frozen (probation, under_investigation)
    frozen = {
        tag_of[cid]
        for cid, c in cadres.items()
        if fact[cid]["probation"] or "under_investigation" in c["flags"]
    }
    hard_due = set(
        found["KEY_POST_TENURE"] + found["LEADER_UNIT_TENURE"] + found["APPRAISAL_ADJUSTMENT"]
    )
    assert not frozen & hard_due, frozen & hard_due
    kin = {t for pair in found["KIN_AVOIDANCE"] for t in pair.split("+")}
    assert not frozen & kin

    for rule, want in EXPECTED.items():
        got = sorted(found[rule])
        assert got == sorted(want), f"{rule}: expected {sorted(want)}, got {got}"

    # summary
    placed = [c for c in cadres.values() if c["post_id"]]
    print(
        f"units {len(units)}  posts {len(posts)}  cadres {len(cadres)} "
        f"(placed {len(placed)}, unplaced {len(cadres) - len(placed)})  "
        f"leaders {len(leaders)}  vacancies {len(posts) - len(holder)}"
    )
    for level in reversed(LEVELS):
        print(
            f"  {level:7s} posts {sum(p['level'] == level for p in posts.values()):3d}  "
            f"cadres {sum(c['level'] == level for c in cadres.values()):3d}"
        )
    n = len(cadres)
    women = sum(c["gender"] == "F" for c in cadres.values())
    grads = sum(c["education"] in ("master", "doctorate") for c in cadres.values())
    bach = sum(c["education"] in ("master", "doctorate", "bachelor") for c in cadres.values())
    chiefs = [fact[cid]["age"] for cid, c in cadres.items() if c["level"] == "chief"]
    deputies = [fact[cid]["age"] for cid, c in cadres.items() if c["level"] == "deputy"]
    key_posts = sum(p["key"] == "true" for p in posts.values())
    results = [r["result"] for r in rows["appraisals"]]
    print(
        f"  women {women / n:.0%}  graduates {grads / n:.0%}  bachelor+ {bach / n:.0%}  "
        f"key posts {key_posts} ({key_posts / len(posts):.0%})"
    )
    print(
        f"  chiefs <40: {sum(a < 40 for a in chiefs)}/{len(chiefs)}  chiefs 33-37: "
        f"{sum(33 <= a <= 37 for a in chiefs)}  deputies 28-32: "
        f"{sum(28 <= a <= 32 for a in deputies)}/{len(deputies)}"
    )
    print(
        "  appraisals "
        + "  ".join(
            f"{r} {results.count(r)}" for r in ("excellent", "competent", "basic", "incompetent")
        )
        + f"  recommended {sum(bool(c['recommended_on']) for c in cadres.values())}"
        + f"  history rows {len(rows['history'])}"
        + f" (cadres with history {len(hist)})"
    )
    id_of = {t: cid for cid, t in tag_of.items()}

    def show(item: str) -> str:
        rule, _, tag = item.rpartition(":")
        parts = [id_of.get(t, t) + (f"({t})" if t in id_of else "") for t in tag.split("+")]
        return (rule + ":" if rule else "") + "+".join(parts)

    for rule in EXPECTED:
        print(f"  {rule}: {len(found[rule])}  " + " ".join(show(x) for x in sorted(found[rule])))
    return found


def main(argv: list[str]) -> int:
    default = Path(__file__).resolve().parent.parent / "rotaplan" / "data" / "example"
    out = Path(argv[1]) if len(argv) > 1 else default
    rows = generate()
    self_check(rows)
    write(rows, out)
    print(f"wrote {len(COLUMNS)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
