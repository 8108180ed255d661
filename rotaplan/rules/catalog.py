"""The rule catalog of SPEC §4: one entry per stable rule id, in catalog order."""

from __future__ import annotations

from rotaplan.rules.base import Rule, rule

_ROTATE = "凡担任各科室(单位)正、副科长(主任)和科室(单位)非领导职务,在同一职位工作达到一定年限的,应当进行交流轮岗。"

GENERAL = {
    "exempt_age_men": 58,
    "exempt_age_women": 53,
    "retire_age_men": 60,
    "retire_age_women": 55,
}

_RULES: list[Rule] = [
    rule(
        "KEY_POST_TENURE",
        "三(二) 必须",
        "hard",
        1000,
        ("Key post held 5 years", "关键岗位任职满5年"),
        (
            "in a key post ≥ {years} years since post_since → moves to a post in another unit",
            "在关键岗位任职满{years}年 → 必须交流到其他单位的岗位",
        ),
        "涉及人、财、物、项目申报等关键岗位任职满5年,必须轮岗交流",
        years=5,
    ),
    rule(
        "LEADER_UNIT_TENURE",
        "三(二) 应当",
        "hard",
        1000,
        ("Chief/deputy 5 years in one unit", "同一科室任正(副)科职满5年"),
        (
            "chief/deputy with leader_since ≥ {years} years → moves to another unit",
            "在同一科室(单位)担任正(副)科职满{years}年 → 交流到其他单位",
        ),
        "在同一科室(单位)担任正(副)科职满5年的应当轮岗交流",
        years=5,
    ),
    rule(
        "STAFF_POST_TENURE",
        "三(二) 一定年限",
        "soft",
        100,
        ("Staff 8 years in one post", "一般干部同一岗位满8年"),
        (
            "staff in the same post ≥ {years} years → moves to another post",
            "一般干部在同一岗位满{years}年 → 交流到其他岗位",
        ),
        _ROTATE,
        years=8,
    ),
    rule(
        "SUPERVISOR_PAIRING",
        "三(二) 原则上",
        "soft",
        500,
        ("Same supervising leader 5 years", "同一分管领导分管同一科长满5年"),
        (
            "chief supervised by the same leader for {years} years → chief moves to another unit, "
            "or the unit gets another supervising leader",
            "同一分管领导分管同一科长满{years}年 → 科长轮岗或调整领导分工",
        ),
        "同一分管领导分管同一科长5年的,原则上科长进行轮岗或调整领导分工",
        years=5,
    ),
    rule(
        "CHIEF_DEPUTY_PAIRING",
        "三(二) 原则上",
        "soft",
        500,
        ("Chief and deputy together 5 years", "正、副科长同一科室共事满5年"),
        (
            "chief and deputy of one unit together ≥ {years} years → at least one moves to another unit",
            "正、副科长在同一科室共事满{years}年 → 至少一人交流到其他单位",
        ),
        "正、副科长(主任)在同一科室(单位)共事5年的,原则上进行轮岗交流",
        years=5,
    ),
    rule(
        "ESTABLISHMENT",
        "三(一) 不得超编超职数",
        "hard",
        1000,
        ("Establishment and leadership quota", "不得超编超职数"),
        (
            "no unit above its establishment; at most one cadre per post; every cadre placed",
            "任何单位不得超过编制数;每个岗位至多一人;每名干部都有岗位",
        ),
        "不得超编超职数配备干部",
    ),
    rule(
        "PROMOTION_ELIGIBILITY",
        "一(四), 二(一)",
        "hard",
        1000,
        ("Promotion screening", "提拔任职资格"),
        (
            "one level up only for cadres who pass the screening: appraisals, flags, education, "
            "recommendation within {recommendation_years} year, years at level",
            "只有通过资格审查者可晋升一级:年度考核、负面情形、学历、一年内民主推荐、任职年限",
        ),
        "近三年年度考核结果中有被确定为基本称职及以下等次的……不得列为考察对象;新提拔的干部应当具有大专以上学历",
        appraisal_years=3,
        recommendation_years=1,
        staff_years=3,
        deputy_years=2,
    ),
    rule(
        "PROBATION",
        "选拔任用条例 试用期",
        "hard",
        1000,
        ("Probation after promotion", "新提拔试用期"),
        (
            "promoted less than {years} year ago → neither moved nor promoted unless a hard rule requires it",
            "提拔不满{years}年 → 除硬性规定要求外不交流、不再晋升",
        ),
        "",
        years=1,
    ),
    rule(
        "MIN_TENURE",
        "公务员转任规定 不得频繁转任",
        "soft",
        50,
        ("No frequent transfers", "不得频繁转任"),
        (
            "moving a cadre with < {years} years in the current post when no rule asks for it is penalised",
            "任现岗不满{years}年且无规定要求时调动,予以惩罚",
        ),
        "",
        years=3,
    ),
    rule(
        "UNIT_CONTINUITY",
        "交流工作规定 (local practice)",
        "soft",
        100,
        ("Unit continuity", "科室领导班子连续性"),
        (
            "a unit whose chief and deputies all leave in the same cycle is penalised",
            "同一科室正、副职在同一轮全部调离,予以惩罚",
        ),
        "",
    ),
    rule(
        "APPRAISAL_ADJUSTMENT",
        "四(二)",
        "hard",
        1000,
        ("Adjust the incompetent or unfit", "不称职、不胜任者及时调整"),
        (
            "chief/deputy whose latest appraisal is incompetent, or flagged unfit → moves to another "
            "unit or steps down to a staff post",
            "最近一次考核不称职或不胜任现职的正、副职 → 交流到其他单位或改任非领导职务",
        ),
        "对考评结果为不称职或不合格等次的,不胜任现任职务的……及时进行交流调整或改任非领导职务",
    ),
    rule(
        "BORROWING_LIMIT",
        "三(三)",
        "audit",
        0,
        ("Borrowed staff", "规范人员借用"),
        (
            "a borrowing longer than {months} months, or lacking the principal and supervising leaders' "
            "approval and the personnel office's filing → finding",
            "借用超过{months}个月,或未经主要领导、分管领导同意并报人事教育科备案 → 提示",
        ),
        "须经委主要领导、分管领导同意,报人事教育科备案,原则上借用时间不得超过2个月",
        months=2,
    ),
    rule(
        "KIN_AVOIDANCE",
        "公务员回避规定",
        "hard",
        1000,
        ("Kinship avoidance", "亲属回避"),
        (
            "relatives may not be in the same unit, nor one in a key post of a unit the other leads "
            "or supervises",
            "有亲属关系者不得在同一单位任职,也不得在对方领导或分管的单位担任关键岗位",
        ),
        "",
    ),
    rule(
        "CROSS_ROTATION",
        "三(二) 加大",
        "objective",
        3,
        ("Business ↔ comprehensive rotation", "业务科室与综合科室交流"),
        (
            "each move between a business and a comprehensive unit is rewarded",
            "每一次业务科室与综合科室之间的交流予以奖励",
        ),
        "加大业务科室与综合科室的轮岗交流力度",
    ),
    rule(
        "YOUNG_MULTI_POST",
        "二(三)",
        "objective",
        3,
        ("Young cadres' multi-post experience", "年轻干部多岗位交流"),
        (
            "moving a cadre aged ≤ {max_age} to a unit absent from its timeline is rewarded",
            "{max_age}岁及以下干部交流到未曾任职的单位予以奖励",
        ),
        "面向全委开展年轻干部多科室、多岗位交流培养",
        max_age=35,
    ),
    rule(
        "POST_FIT",
        "一(四) 人岗相适",
        "objective",
        2,
        ("Person-post fit", "人岗相适"),
        (
            "each specialty tag shared by cadre and post is rewarded",
            "干部专业与岗位专业要求每吻合一项予以奖励",
        ),
        "将民主推荐与平时考核、年度考核、一贯表现和人岗相适等情况综合考虑",
    ),
    rule(
        "STRUCTURE_TARGETS",
        "二(一)",
        "objective",
        10,
        ("Age, education and gender structure", "年龄、知识、性别结构"),
        (
            "chiefs < 40 ≥ 20%, ≥ 3 chiefs aged 33–37, deputies 28–32 ≥ 30%, graduates ≥ 18%, "
            "bachelor+ ≥ 85%, women in leadership: shortfall in persons is penalised",
            "正科职40岁以下≥20%、35岁左右≥3名、副科职30岁左右≥30%、研究生≥18%、本科以上≥85%、"
            "女干部:按差额人数惩罚",
        ),
        "正科职干部40周岁以下人员要达到20%,其中35周岁左右人员不少于3名;副科职干部中30周岁左右人员达到30%",
        young_chief_age=40,
        young_chief_share=0.20,
        mid_chief_min=3,
        mid_chief_low=33,
        mid_chief_high=37,
        young_deputy_low=28,
        young_deputy_high=32,
        young_deputy_share=0.30,
        graduate_share=0.18,
        bachelor_share=0.85,
        women_leader_share=None,  # None: the share of women among all cadres
    ),
    rule(
        "PROMOTION_MERIT",
        "四(二) 优先提拔",
        "objective",
        4,
        ("Promote the excellent first", "考核优秀者优先提拔"),
        (
            "among eligible candidates, each promotion is rewarded, more for recent excellent appraisals",
            "在符合条件者中,每次提拔予以奖励,近年考核优秀者奖励更多",
        ),
        "对考核优秀的干部优先提拔使用",
    ),
    rule(
        "STABILITY",
        "—",
        "objective",
        10,
        ("Stability", "队伍稳定"),
        (
            "each move no rule asks for, and each portfolio change, is penalised",
            "无规定要求的调动和分管调整予以惩罚",
        ),
        "",
        portfolio_weight=10,
    ),
]

CATALOG: dict[str, Rule] = {r.id: r for r in _RULES}

HARD_OR_SOFT = [r.id for r in _RULES if r.default.value in ("hard", "soft")]
OBJECTIVES = [r.id for r in _RULES if r.is_objective]
