"""Every fixed text of the deliberation packet, English and Chinese, in one place."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # --- document ------------------------------------------------------------------------
    "doc_title": ("Cadre rotation plan", "干部交流轮岗调整方案"),
    "doc_subtitle": ("Draft for the party group's deliberation", "提交党组会议研究(讨论稿)"),
    "doc_mark": ("For deliberation only", "党组会议材料 · 注意保管"),
    "redacted_mark": ("names replaced by pseudonyms", "姓名已替换为化名"),
    "as_of": ("Plan date", "计划日期"),
    "scenario": ("Scenario", "方案情景"),
    "status": ("Solver status", "求解状态"),
    "scenario_not_reloaded": (
        "scenario {source} could not be reloaded unchanged: default rule parameters used",
        "无法按原样重新读取方案情景 {source}:按默认规则参数核对",
    ),
    "gap": ("Optimality gap", "最优性差距"),
    "objective": ("Objective / bound", "目标值 / 界"),
    "seconds": ("Solve time", "求解用时"),
    "roster": ("Roster", "花名册"),
    "verified": ("Independent check", "独立核验"),
    "verified_ok": ("every hard rule holds", "所有硬性规则均满足"),
    "verified_bad": ("{n} hard-rule violation(s)", "{n} 处违反硬性规则"),
    "status_OPTIMAL": ("optimal", "最优解"),
    "status_FEASIBLE": ("feasible (not proven optimal)", "可行解(未证明最优)"),
    "status_INFEASIBLE": ("infeasible", "无可行方案"),
    "contents": ("Contents", "目录"),
    "page_of": ("page", "页"),
    # --- sections ------------------------------------------------------------------------
    "sec_summary": ("Summary", "方案概要"),
    "sec_moves": ("Proposed moves", "拟调整人员名单"),
    "sec_due": ("Who is due, who is exempt, who may be promoted", "应交流、免交流与提拔人选情况"),
    "sec_supervision": ("Supervising leaders' portfolios", "委领导分管调整"),
    "sec_structure": ("Structure of the cadre team (二(一))", "干部队伍结构指标(二(一))"),
    "sec_chains": ("Move chains: who fills whose post", "岗位接替链"),
    "sec_appendix": ("Appendix: units before and after", "附件:各科室(单位)调整前后人员"),
    "sec_notes": ("Policy clauses cited", "所引政策条款"),
    "roster_size": (
        "{units} units, {posts} posts, {cadres} cadres",
        "{units}个科室(单位)、{posts}个岗位、{cadres}名干部",
    ),
    # --- summary -------------------------------------------------------------------------
    "counts": ("The plan in numbers", "调整数量"),
    "n_moves": ("cadres change post", "人调整岗位"),
    "n_promotions": ("promotions", "人提拔"),
    "n_step_downs": ("step down to a staff post", "人改任非领导职务"),
    "n_placements": ("placements of unplaced cadres", "人新安排岗位"),
    "n_cross": ("business ↔ comprehensive rotations", "人业务科室与综合科室交流"),
    "n_supervision": ("units change supervising leader", "个单位调整分管领导"),
    "count_moves": ("Cadres who change post", "调整岗位人数"),
    "count_promotions": ("Promotions", "提拔人数"),
    "count_step_downs": ("Step-downs to a staff post", "改任非领导职务人数"),
    "count_placements": ("Placements", "新安排岗位人数"),
    "count_cross": ("Business ↔ comprehensive rotations", "业务/综合科室交流人数"),
    "count_supervision": ("Units changing supervising leader", "调整分管领导的单位数"),
    "by_reason": ("Changes by main reason", "按首要原因统计调整人数"),
    "unmet": ("Soft rules left unmet", "未满足的软性规则"),
    "unmet_none": ("every soft rule is met", "所有软性规则均已满足"),
    "shortfalls": ("Structure targets still short", "仍未达标的结构指标"),
    # --- moves ---------------------------------------------------------------------------
    "no": ("No.", "序号"),
    "name": ("Name", "姓名"),
    "gender": ("Sex", "性别"),
    "age": ("Age", "年龄"),
    "education": ("Education", "学历"),
    "from": ("Current post", "现任职务"),
    "to": ("Proposed post", "拟任职务"),
    "change": ("Change", "调整类型"),
    "reasons": ("Reasons (policy clause)", "调整理由(政策依据)"),
    "decision": ("Decision", "党组意见"),
    "decision_boxes": ("□ agree □ adjust □ defer", "□同意 □调整 □暂缓"),
    "years_post": ("{n} y in post", "任现岗{n}年"),
    "years_unit": ("{n} y in unit", "在本单位{n}年"),
    "not_placed": ("not placed", "未安排岗位"),
    "chain_move": ("makes room in a move chain", "岗位接替连锁调整"),
    "chain_move_note": (
        "no rule asks this cadre to move; the move fills or frees a post of the chain shown "
        "in the move chains section",
        "本人无规则要求调整,因接替或腾出岗位而调整,见“岗位接替链”",
    ),
    "see_chain": ("see chain {n}", "见接替链{n}"),
    "moves_none": ("The plan moves nobody.", "本方案无人员调整。"),
    "notes_intro": (
        "Each reason cites its clause; hover over a reason to read the clause.",
        "每条调整理由均注明政策依据;悬停可查看条款原文。",
    ),
    "policy_text": ("Policy text", "政策原文"),
    "rule_meaning": ("Rule", "规则含义"),
    # --- change kinds --------------------------------------------------------------------
    "change_move": ("move", "交流"),
    "change_promote": ("promotion", "提拔"),
    "change_step_down": ("step down", "改任非领导职务"),
    "change_place": ("placement", "安排岗位"),
    "change_stay": ("stays", "留任"),
    # --- due -----------------------------------------------------------------------------
    "exempt": ("Due but exempt by age (三(二))", "年龄原因可不交流(三(二))"),
    "exempt_none": ("Nobody is exempt.", "无。"),
    "waived": ("Waived rule", "免于的规则"),
    "outcome": ("In this plan", "本方案中"),
    "moved_anyway": ("moved anyway", "仍作调整"),
    "stays": ("stays", "留任"),
    "not_moved": ("Due but not moved", "应交流但本轮未调整"),
    "not_moved_none": ("Every cadre due to move is moved.", "应交流人员均已调整。"),
    "rule": ("Rule", "规则"),
    "why": ("Why", "原因"),
    "detail": ("Finding", "情形"),
    "why_other_moved": ("met by the move of {names}", "已由{names}交流满足"),
    "why_portfolio": ("met by the change of supervising leader", "已通过调整分管领导满足"),
    "why_met": ("met by another change of the plan", "已由方案中其他调整满足"),
    "why_soft_unmet": ("soft rule left unmet in this cycle", "软性规则,本轮未满足"),
    "why_hard_unmet": ("hard rule NOT met", "硬性规则未满足"),
    "eligible": ("Promotion candidates (eligible)", "符合提拔条件人选"),
    "eligible_none": ("Nobody is eligible.", "无符合条件人选。"),
    "promoted_to": ("promoted to {post}", "拟提拔为{post}"),
    "not_promoted": ("not promoted this cycle", "本轮未提拔"),
    "merit": ("Excellent in", "近三年考核优秀年度"),
    "ineligible": ("Not eligible for promotion, and why", "不符合提拔条件人员及原因"),
    "level": ("Level", "职级"),
    "unit": ("Unit", "单位"),
    "post": ("Post", "岗位"),
    # --- supervision ---------------------------------------------------------------------
    "leader": ("Leader", "委领导"),
    "units_before": ("Units before", "调整前分管"),
    "units_after": ("Units after", "调整后分管"),
    "supervision_none": ("No portfolio changes.", "分管无调整。"),
    "unit_changes": ("Units that change supervising leader", "调整分管领导的单位"),
    "from_leader": ("From", "原分管"),
    "to_leader": ("To", "拟分管"),
    "supervising_since": ("since {since}", "自{since}起分管"),
    "portfolios": ("Portfolios before and after", "各委领导分管单位调整前后"),
    # --- structure -----------------------------------------------------------------------
    "indicator": ("Indicator", "指标"),
    "before": ("Before", "调整前"),
    "after": ("After", "调整后"),
    "target": ("Target", "目标"),
    "short": ("Short by", "差额"),
    "persons": ("{n}", "{n}人"),
    "met": ("met", "达标"),
    "structure_note": (
        "Shares of chiefs and deputies are counted after the plan's promotions and step-downs; "
        "education shares over all cadres.",
        "正、副科职比例按本方案提拔、改任后的人员计算;学历比例按全体干部计算。",
    ),
    "chart_alt": ("Structure indicators before and after", "结构指标调整前后对比"),
    # --- chains --------------------------------------------------------------------------
    "chains_intro": (
        "An arrow A → B reads: A takes the post B leaves. A chain ends in a post that was "
        "vacant; a ring (red) is a swap in which everyone takes the next one's post.",
        "箭头 A → B 表示 A 接任 B 原岗位;链条止于原空缺岗位;红色为环形互换,每人接任下一人的岗位。",
    ),
    "chain": ("Chain", "链"),
    "kind_col": ("Kind", "类型"),
    "ring": ("ring (swap)", "环形互换"),
    "path": ("chain", "接替链"),
    "steps": ("Who takes which post", "接替关系"),
    "vacant_post": ("vacant post", "空缺岗位"),
    "vacated_note": ("post left vacant", "原岗位空出"),
    "new_placement": ("newly placed", "新安排"),
    "takes": ("takes", "接任"),
    "chains_none": ("No move chains.", "无岗位接替。"),
    "graph_alt": ("Move chains", "岗位接替关系图"),
    # --- appendix ------------------------------------------------------------------------
    "kind_business": ("business", "业务科室"),
    "kind_comprehensive": ("comprehensive", "综合科室"),
    "key_mark": ("key", "关键"),
    "holder_before": ("Before", "调整前"),
    "holder_after": ("After", "调整后"),
    "establishment": ("establishment {n}", "编制{n}人"),
    "supervised_by": ("supervised by", "分管领导"),
    "vacant": ("(vacant)", "(空缺)"),
    "appendix_note": (
        "Shaded rows change; “key” marks posts involving personnel, finance, assets or project "
        "applications.",
        "底色标出的为有调整的岗位;“关键”指涉及人、财、物、项目申报的关键岗位。",
    ),
    # --- compare -------------------------------------------------------------------------
    "compare_title": ("Scenario comparison", "方案情景比较"),
    "metric": ("Metric", "指标"),
    "compare_note": (
        "Shaded rows differ between the scenarios.",
        "底色标出的行在各方案情景之间有差异。",
    ),
}


def label(key: str, lang: str, **kwargs: object) -> str:
    en, zh = LABELS[key]
    text = zh if lang == "zh" else en
    return text.format(**kwargs) if kwargs else text


def labeller(lang: str):
    """``L("key", n=3)`` in ``lang``; handed to the templates."""

    def L(key: str, **kwargs: object) -> str:  # noqa: N802
        return label(key, lang, **kwargs)

    return L
