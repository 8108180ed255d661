"""Finding and violation texts, English and Chinese, keyed by detail key."""

from __future__ import annotations

DETAILS: dict[str, tuple[str, str]] = {
    "key_post": (
        "{name} has held key post {post} ({title}) in {unit} for {years} years since {since}: must move to another unit",
        "{name}在{unit}关键岗位{title}({post})任职已满{years}年(自{since}起),必须交流到其他单位",
    ),
    "leader_unit": (
        "{name} has led in {unit} as {level} for {years} years since {since}: should move to another unit",
        "{name}在{unit}担任{level_zh}已满{years}年(自{since}起),应当交流到其他单位",
    ),
    "staff_post": (
        "{name} has held post {post} ({title}) for {years} years since {since}: should move to another post",
        "{name}在岗位{title}({post})已满{years}年(自{since}起),应当交流到其他岗位",
    ),
    "supervisor_pairing": (
        "{leader} has supervised chief {name} of {unit} for {years} years since {since}: the chief moves or the portfolio changes",
        "{leader}分管{unit}科长{name}已满{years}年(自{since}起):科长轮岗或调整领导分工",
    ),
    "supervisor_pairing_exempt": (
        "{leader} has supervised chief {name} of {unit} for {years} years since {since}; the chief is exempt, so the portfolio must change",
        "{leader}分管{unit}科长{name}已满{years}年(自{since}起);科长可不交流,应调整领导分工",
    ),
    "chief_deputy": (
        "chief {chief} and deputy {deputy} have worked together in {unit} for {years} years since {since}: one of them should move",
        "正职{chief}与副职{deputy}在{unit}共事已满{years}年(自{since}起),应有一人交流",
    ),
    "chief_deputy_one_exempt": (
        "chief {chief} and deputy {deputy} have worked together in {unit} for {years} years since {since}; {exempt} is exempt, so {mover} should move",
        "正职{chief}与副职{deputy}在{unit}共事已满{years}年(自{since}起);{exempt}可不交流,应由{mover}交流",
    ),
    "exempt": (
        "{name} (age {age}) is exempt from rotation; waived: {rule}",
        "{name}({age}岁)可不进行交流轮岗;免于:{rule}",
    ),
    "over_establishment": (
        "{unit} has {headcount} cadres for an establishment of {cap}",
        "{unit}现有{headcount}人,编制数{cap}人,超编",
    ),
    "within_establishment": (
        "{unit}: at most {cap} cadres",
        "{unit}:不超过{cap}人",
    ),
    "unplaced": (
        "{name} ({level}) holds no post and must be placed",
        "{name}({level_zh})目前无岗位,须安排",
    ),
    "portfolio_cap": (
        "{leader} may supervise at most {cap} units (now {count})",
        "{leader}至多分管{cap}个单位(现为{count}个)",
    ),
    "eligible": (
        "{name} may be promoted {level} → {up}",
        "{name}可由{level_zh}晋升为{up_zh}",
    ),
    "ineligible": (
        "{name} may not be promoted: {reasons}",
        "{name}不得晋升:{reasons}",
    ),
    "probation": (
        "{name} was promoted on {since} and is on probation: not moved or promoted",
        "{name}于{since}提拔,处于试用期:不交流、不再晋升",
    ),
    "under_investigation": (
        "{name} is under investigation: may not be moved",
        "{name}正在接受调查:不得调动",
    ),
    "min_tenure": (
        "{name} has held the post for {years} years only: moving without cause is penalised",
        "{name}任现岗仅{years}年:无因调动予以惩罚",
    ),
    "continuity": (
        "{unit}: chief and deputies ({names}) are all due to leave",
        "{unit}:正、副职({names})均需调离",
    ),
    "continuity_plain": (
        "{unit}: chief and deputies ({names}) should not all leave at once",
        "{unit}:正、副职({names})不宜同时全部调离",
    ),
    "appraisal_incompetent": (
        "{name} ({level}) was rated incompetent in {year}: move to another unit or step down to a staff post",
        "{name}({level_zh}){year}年度考核不称职:交流到其他单位或改任非领导职务",
    ),
    "appraisal_unfit": (
        "{name} ({level}) is flagged unfit for the post: move to another unit or step down to a staff post",
        "{name}({level_zh})不胜任现职:交流到其他单位或改任非领导职务",
    ),
    "kin_same_unit": (
        "{a} and {b} ({relation}) are both in {unit}",
        "{a}与{b}({relation_zh})同在{unit}",
    ),
    "kin_pair": (
        "{a} and {b} ({relation}) may not serve in the same unit",
        "{a}与{b}({relation_zh})不得在同一单位任职",
    ),
    "kin_leader_key": (
        "{a} holds key post {post} in {unit}, supervised by relative {b} ({relation})",
        "{a}在其亲属{b}({relation_zh})分管的{unit}担任关键岗位{post}",
    ),
    "kin_leader": (
        "{a} may not hold a key post in a unit supervised by relative {b} ({relation})",
        "{a}不得在其亲属{b}({relation_zh})分管的单位担任关键岗位",
    ),
    "borrow_long": (
        "{person} from {org} borrowed by {unit} since {start}{until}: {months} months, over the {limit}-month limit",
        "{unit}自{start}起借用{org}的{person}{until_zh},已{months}个月,超过{limit}个月",
    ),
    "borrow_unapproved": (
        "{person} from {org} borrowed by {unit} without: {missing}",
        "{unit}借用{org}的{person}缺少:{missing_zh}",
    ),
}

LEVEL_ZH = {"chief": "正职", "deputy": "副职", "staff": "一般干部"}
RELATION_ZH = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "sibling": "兄弟姐妹",
    "in_law": "姻亲",
}
APPROVAL_ZH = {"principal": "主要领导同意", "supervisor": "分管领导同意", "filed": "人事教育科备案"}


def detail(key: str, lang: str = "en", **args: object) -> str:
    en, zh = DETAILS[key]
    values = dict(args)
    for name in ("level", "up"):
        if name in values:
            values.setdefault(f"{name}_zh", LEVEL_ZH.get(str(values[name]), values[name]))
    if "relation" in values:
        values.setdefault(
            "relation_zh", RELATION_ZH.get(str(values["relation"]), values["relation"])
        )
    if "missing" in values:
        values.setdefault(
            "missing_zh",
            "、".join(APPROVAL_ZH.get(m, m) for m in str(values["missing"]).split(", ")),
        )
    if "until" in values:
        values.setdefault(
            "until_zh", f"至{values['until'].removeprefix(' until ')}" if values["until"] else ""
        )
    if key == "ineligible":
        from rotaplan.models.facts import render_reason

        values["reasons"] = "; ".join(render_reason(c, lang) for c in values["reasons"])
    return (zh if lang == "zh" else en).format(**values)
