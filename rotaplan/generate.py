"""Synthetic rosters of any size: bureaus (局/委) of about 150 cadres each, at as_of 2016-01-01.

    generate_roster(cadres, seed, out) -> stats

writes a roster folder in exactly the SPEC §2 format (the files and columns of the bundled
example) and returns a small stats dict. Deterministic per ``(cadres, seed)``: one
``random.Random(seed)`` drawn in a fixed order, UTF-8 CSV without BOM, ``\\n`` line endings.
Bureaus are generated one after another and streamed to the CSV writers, so time and memory
grow linearly with the size (memory is bounded by one bureau).

How a bureau is built
- Units: the core comprehensive sections (办公室, 人事教育科, 计划财务科, ...), some business
  sections of the bureau's line of work and some subordinate institutions (下属事业单位), added
  until the posts exceed the cadres by about 11 %. Each unit has one chief post, one or two
  deputy posts and 3-7 staff posts. Chiefs of personnel/finance/project units, most of their
  deputies and some staff posts are key posts (about 20 % of all posts).
- Vacancies (about 10 %) at every level: at least 2 chief, 3 deputy and 5 staff vacancies per
  bureau. One or two units have ``establishment = posts - 1`` and a staff vacancy; bureaus 1,
  6, 11, ... have one fully staffed unit over its establishment by exactly one.
- Every cadre gets a *category* that fixes the rule clocks at as_of (all dates are firsts of
  months, so "n full years" is a month comparison):
  * ``normal``: the current run in the unit (and as a leader) started after 2011-01-01; key
    posts after 2011-01-01; other staff posts after 2008-01-01. Due under no rule.
  * ``due``: a leader whose leader run started on or before 2011-01-01 (LEADER_UNIT_TENURE,
    also KEY_POST_TENURE in a key post), or a staff member in a key post since then
    (KEY_POST_TENURE). Some due chiefs were deputies of the same unit before (leader run
    from history). Per bureau at most as many due chiefs (deputies) as chief (deputy)
    vacancies, and the due key staff fit in the staff vacancies with room to spare.
  * ``tenure``: staff in the same post since 2008-01-01 or earlier (STAFF_POST_TENURE, soft);
    the quota tops the due share up to about 20 %.
  * ``exempt``: a chief or deputy aged 58-59 (men) or 53-54 (women): never required to move.
  * ``cdp``: a deputy promoted inside the unit after 2011 who was a staff member of that unit
    before 2011, under a chief whose unit run also started by 2011 (CHIEF_DEPUTY_PAIRING).
- Rare cases on a fixed schedule of bureaus (so that even a one-bureau roster has each):
  a normal leader flagged ``unfit`` or rated ``incompetent`` in 2015 (APPRAISAL_ADJUSTMENT,
  never on probation, counted against the vacancies of its level) in bureaus 1, 3, 5, ...;
  two staff relatives in one unit (KIN_AVOIDANCE) and one cadre ``under_investigation``
  (a normal cadre: due under no rule, not on probation, in no other special case) in
  bureaus 1, 4, 7, ...; a staff member in a key post of a unit supervised by a relative in
  bureaus 1, 7, 13, ... Besides: 1-3 harmless relations per bureau (different units), a
  harmless relation to a leader now and then, ~1.5 % other flags, 0-3 borrowings, ~1 %
  unplaced new recruits at staff level.
- Histories are built backwards from the current post: 0-3 earlier entries for staff, 1-3
  for deputies, 2-3 for chiefs, chronological and contiguous, a level never more than one
  above the previous one. A post never holds two cadres at once (current holders and
  history entries share one occupancy table per bureau); when no post of the level is free
  for an entry, the timeline starts after it (the cadre joined the bureau then, from a
  township or another agency), so some cadres have fewer entries than drawn. Leaders
  promoted into their post after 2015-01-01 are on PROBATION; they are always ``normal``
  (never due under a hard rule).

The result is feasible under the default rules: every hard-due cadre can leave its unit into
a vacancy of its level in the same bureau, no frozen cadre (probation, under_investigation)
is asked to move by a hard rule, relatives can be separated, and the only unit over its
establishment can shed a staff member into a staff vacancy.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import random
from pathlib import Path

from rotaplan.models.load import TABLES

AS_OF = dt.date(2016, 1, 1)
LEVELS = ("staff", "deputy", "chief")
YEARS = (2013, 2014, 2015)


def _m(year: int, month: int = 1) -> int:
    """A month as an integer (first of that month)."""
    return year * 12 + month - 1


NOW = _m(2016, 1)
T5 = _m(2011, 1)  # since <= 2011-01-01: 5 full years at as_of
T8 = _m(2008, 1)  # since <= 2008-01-01: 8 full years
PROB = _m(2015, 1)  # promoted after 2015-01-01: still on probation at as_of
FOREVER = 10**9

_ISO: dict[int, str] = {}


def _iso(month: int) -> str:
    text = _ISO.get(month)
    if text is None:
        text = _ISO[month] = f"{month // 12:04d}-{month % 12 + 1:02d}-01"
    return text


# the SPEC §2 columns, in the loader's canonical order
COLUMNS = {name: tuple(c.name for c in spec.columns) for name, spec in TABLES.items()}

# --------------------------------------------------------------------------------------
# Realistic content. Units are written "name:tags"; a leading "*" marks a key unit (its chief
# post is key: personnel, finance, assets or project applications), "~" a comprehensive one.
# --------------------------------------------------------------------------------------
LOCALITIES = (
    "株洲市 长沙市 湘潭市 衡阳市 岳阳市 常德市 益阳市 郴州市 永州市 怀化市 娄底市 邵阳市 "
    "张家界市 醴陵市 浏阳市 宁乡县 攸县 茶陵县 炎陵县 湘乡市 韶山市 耒阳市 常宁市 汨罗市 "
    "临湘市 津市市 沅江市 资兴市 冷水江市 涟源市 武冈市 洪江市"
).split()

BUREAUS: dict[str, tuple[str, str]] = {
    # bureau: (business sections, subordinate institutions)
    "经济和信息化委员会": (
        "运行监测协调科:economics *投资与规划科:economics;management *技术进步科:engineering "
        "*中小企业科:finance;management 信息化推进科:it 电力科:energy 节能与综合利用科:energy "
        "原材料工业科:engineering 装备工业科:engineering 消费品工业科:economics "
        "非公有制经济科:economics 安全生产科:engineering",
        "中小企业服务中心:finance ~信息中心:it 节能监察支队:energy;law 经济研究所:economics "
        "*墙体材料革新办公室:engineering;finance",
    ),
    "发展和改革委员会": (
        "国民经济综合科:economics 发展规划科:planning;economics *固定资产投资科:economics;finance "
        "*重点项目办公室:engineering;management 价格管理科:economics 农村经济科:agriculture "
        "社会发展科:economics 工业发展科:engineering 服务业发展科:economics 能源科:energy "
        "资源节约和环境保护科:environment 经济贸易科:economics",
        "价格监测中心:economics 价格认证中心:economics;law *重点项目服务中心:engineering "
        "经济研究所:economics ~信息中心:it",
    ),
    "财政局": (
        "*预算科:finance *国库科:finance 税政科:finance;law 行政政法科:finance 教科文科:finance "
        "*经济建设科:finance;engineering 农业科:finance;agriculture 社会保障科:finance "
        "企业科:finance 会计科:finance *政府采购管理科:finance;law 金融科:finance;economics",
        "*国库集中支付中心:finance *财政投资评审中心:finance;engineering *政府采购中心:finance "
        "非税收入征收管理所:finance ~会计核算中心:finance",
    ),
    "人力资源和社会保障局": (
        "就业促进科:management 职业能力建设科:education 专业技术人员管理科:management "
        "*事业单位人事管理科:management *公务员管理科:management *工资福利科:finance "
        "养老保险科:finance 医疗保险科:finance;medicine 工伤保险科:finance 劳动关系科:law "
        "调解仲裁管理科:law 农村社会保险科:finance",
        "劳动保障监察支队:law 就业服务中心:management *社会保险经办中心:finance "
        "人才交流服务中心:management 人事考试院:management",
    ),
    "住房和城乡建设局": (
        "建筑业管理科:construction *城市建设科:construction;engineering 村镇建设科:construction "
        "房地产市场监管科:economics;law *住房保障科:finance;construction "
        "建筑节能与科技科:energy;construction 工程质量安全监督科:engineering "
        "*招标投标管理科:law;construction 勘察设计科:engineering 城建档案科:writing",
        "建筑工程质量监督站:engineering 建设工程安全监督站:engineering "
        "住房保障服务中心:construction ~城建档案馆:writing *建设工程招投标中心:law;construction",
    ),
    "交通运输局": (
        "*综合规划科:planning;transport *建设管理科:engineering;transport 运输管理科:transport "
        "公路管理科:transport;engineering 安全监督科:transport 港航管理科:transport "
        "科技信息科:it 法制科:law",
        "公路管理所:transport;engineering 运输管理所:transport *交通建设质量安全监督站:engineering "
        "港航管理所:transport 交通运输综合执法支队:law;transport",
    ),
    "农业委员会": (
        "种植业管理科:agriculture 畜牧水产科:agriculture *农业产业化科:agriculture;economics "
        "农村经营管理科:agriculture;finance 科技教育科:agriculture;education "
        "农产品质量安全监管科:agriculture 农业机械化科:agriculture;engineering "
        "*农业项目办公室:agriculture;finance 植保植检科:agriculture 农田建设科:agriculture",
        "农业技术推广中心:agriculture 农业综合执法支队:law;agriculture "
        "动物疫病预防控制中心:agriculture;medicine 农产品质量检测中心:agriculture 农机监理站:agriculture",
    ),
    "水务局": (
        "水资源管理科:engineering *规划计划科:planning;finance *建设管理科:engineering "
        "河道管理科:engineering 农村水利科:agriculture;engineering 水土保持科:environment "
        "防汛抗旱办公室:engineering 水政监察科:law",
        "水文水资源勘测站:engineering 水利水电勘测设计院:engineering 水政监察支队:law "
        "河道管理所:engineering *水库管理所:engineering;finance",
    ),
    "商务局": (
        "对外贸易科:economics *外资管理科:economics;finance 市场体系建设科:economics "
        "商贸服务科:economics 电子商务科:it;economics 口岸科:economics 市场秩序科:law "
        "对外经济合作科:economics *商务项目科:economics;finance",
        "商务综合执法支队:law *投资促进中心:economics 口岸服务中心:economics 电子商务服务中心:it",
    ),
    "教育局": (
        "基础教育科:education 职业教育与成人教育科:education *发展规划科:planning;finance "
        "*教师工作科:management;education 体育卫生艺术科:education "
        "*学生资助管理科:finance;education 安全稳定科:law 招生考试科:education 督导室:education",
        "教育科学研究院:education 电化教育馆:it;education 招生考试院:education "
        "*学生资助管理中心:finance *教育装备中心:engineering;finance",
    ),
    "卫生和计划生育委员会": (
        "医政医管科:medicine 疾病预防控制科:medicine 基层卫生科:medicine 妇幼健康服务科:medicine "
        "卫生应急办公室:medicine 综合监督科:law;medicine 中医科:medicine "
        "计划生育基层指导科:medicine *规划信息科:planning;it *药政科:medicine;finance",
        "卫生计生监督执法支队:law;medicine 疾病预防控制中心:medicine 医学会:medicine "
        "~卫生计生信息中心:it 急救中心:medicine",
    ),
    "国土资源局": (
        "耕地保护科:agriculture 地籍管理科:law *土地利用科:planning;economics "
        "*矿产资源管理科:engineering;finance 地质环境科:environment 执法监察科:law "
        "测绘管理科:engineering *土地整理科:agriculture;finance",
        "*土地储备中心:finance;economics 国土资源执法支队:law 不动产登记中心:law "
        "土地整理中心:agriculture 测绘院:engineering",
    ),
    "环境保护局": (
        "污染防治科:environment 自然生态保护科:environment *环境影响评价科:environment;law "
        "总量控制科:environment 核与辐射安全科:environment;engineering 环境监测科:environment "
        "科技标准科:environment 宣传教育科:writing",
        "环境监察支队:law;environment 环境监测站:environment ~环境信息中心:it "
        "固体废物管理中心:environment",
    ),
    "民政局": (
        "*社会救助科:finance *优抚安置科:finance;management 基层政权和社区建设科:management "
        "社会组织管理科:law 社会事务科:management 区划地名科:writing "
        "社会福利和慈善事业促进科:finance 老龄工作科:management",
        "社会福利院:medicine 救助管理站:management 殡葬管理所:management 婚姻登记中心:law "
        "军队离退休干部休养所:management",
    ),
    "文化广电新闻出版局": (
        "艺术科:culture 公共文化科:culture *文化产业科:culture;finance 文化市场管理科:law;culture "
        "文物科:culture 广播电视科:culture;it 新闻出版科:writing 对外文化交流科:culture",
        "文化市场综合执法支队:law;culture 群众艺术馆:culture 图书馆:culture 博物馆:culture "
        "文物管理所:culture",
    ),
    "科学技术局": (
        "*科技计划科:management;finance 高新技术科:engineering 农村科技科:agriculture "
        "社会发展科技科:medicine 科技成果科:engineering 知识产权科:law 科技合作科:economics "
        "政策法规与体制改革科:law",
        "科技情报研究所:it 生产力促进中心:economics *科技创新服务中心:finance 知识产权服务中心:law",
    ),
    "市场监督管理局": (
        "登记注册科:law 食品生产监管科:medicine 食品流通监管科:medicine 餐饮服务监管科:medicine "
        "药品化妆品监管科:medicine 医疗器械监管科:medicine;engineering "
        "特种设备安全监察科:engineering 计量科:engineering 标准化科:engineering "
        "质量监督科:engineering 消费者权益保护科:law 广告监管科:law",
        "市场监管综合执法支队:law 食品药品检验所:medicine 计量测试检定所:engineering "
        "特种设备检验所:engineering 消费者投诉举报中心:law",
    ),
    "统计局": (
        "综合统计科:statistics 国民经济核算科:statistics;economics 工业交通统计科:statistics "
        "农村统计科:statistics;agriculture 贸易外经统计科:statistics 人口和社会科技统计科:statistics "
        "*投资统计科:statistics;economics 统计执法监督科:law;statistics",
        "~统计信息中心:it;statistics 经济普查中心:statistics 统计调查中心:statistics",
    ),
    "城市管理和行政执法局": (
        "市容环境卫生科:environment *市政设施管理科:engineering;finance 园林绿化科:environment "
        "规划执法科:law;planning 渣土管理科:law 数字城管科:it 户外广告管理科:law",
        "城管执法支队:law 环境卫生管理所:environment *市政设施维护中心:engineering 园林管理所:environment "
        "数字化城市管理监督指挥中心:it",
    ),
    "安全生产监督管理局": (
        "安全生产综合监督管理科:management 安全生产监督管理一科:engineering "
        "安全生产监督管理二科:engineering 职业安全健康监督管理科:medicine "
        "危险化学品安全监督管理科:engineering 应急救援指挥科:management 执法监察科:law "
        "烟花爆竹安全监管科:engineering",
        "安全生产执法支队:law 安全生产应急救援指挥中心:management *安全技术服务中心:engineering",
    ),
}

# Extra sections for unusually large bureaus (never a key unit).
EXTRA_SECTIONS = (
    "综合协调科:management 督查考评科:management 行业发展科:economics 宣传信息科:writing "
    "应急管理科:management 对外联络科:writing 调查研究科:economics 行政审批服务科:law "
    "项目推进科:engineering 质量管理科:engineering"
)

# Core comprehensive units (every bureau) and optional ones: name, kind, tags, key unit,
# staff titles (title, tags, key).
F, T = False, True
CORE = (
    (
        "办公室",
        "comprehensive",
        "writing;management",
        F,
        (
            ("文秘", "writing", F),
            ("资产管理员", "finance", T),
            ("档案管理员", "writing", F),
            ("机要员", "", F),
            ("综合文字员", "writing", F),
        ),
    ),
    (
        "人事教育科",
        "comprehensive",
        "management",
        T,
        (
            ("人事干部", "management", T),
            ("干部档案管理员", "", T),
            ("工资福利专管员", "finance", T),
            ("教育培训干事", "", F),
        ),
    ),
    (
        "计划财务科",
        "comprehensive",
        "finance",
        T,
        (
            ("会计", "finance", T),
            ("出纳", "finance", T),
            ("资产管理员", "finance", T),
            ("预算管理员", "finance", F),
        ),
    ),
    (
        "政策法规科",
        "comprehensive",
        "law",
        F,
        (
            ("法制审核员", "law", F),
            ("行政复议专员", "law", F),
            ("规范性文件审查员", "law;writing", F),
        ),
    ),
    (
        "机关党委",
        "comprehensive",
        "writing",
        F,
        (("组织干事", "management", F), ("宣传干事", "writing", F), ("工会干事", "", F)),
    ),
    (
        "纪检监察室",
        "comprehensive",
        "law",
        F,
        (("纪检干事", "law", F), ("案件审理员", "law", F)),
    ),
)
OPTIONAL = (
    ("审计科", "comprehensive", "finance", T, (("内审员", "finance", T),)),
    ("信访科", "comprehensive", "law;writing", F, (("信访接待员", "", F),)),
    ("离退休人员管理科", "comprehensive", "management", F, (("老干干事", "", F),)),
    ("安全保卫科", "comprehensive", "", F, (("安全保卫员", "", F),)),
    ("宣传科", "comprehensive", "writing", F, (("宣传干事", "writing", F),)),
    ("行政审批科", "business", "law", T, (("审批审核员", "law", T), ("窗口受理员", "", F))),
)

KEY_TITLES = {
    "finance": ("专项资金管理员", "会计", "资产管理员"),
    "economics": ("项目申报审核员", "项目管理员"),
    "engineering": ("工程项目管理员", "项目管理员"),
    "construction": ("工程项目管理员", "招投标管理员"),
    "management": ("人事干部", "项目管理员"),
    "law": ("行政审批审核员",),
    "it": ("信息化项目管理员",),
    "agriculture": ("农业项目管理员", "补贴资金管理员"),
    "planning": ("项目申报管理员",),
}
KEY_DEFAULT = ("项目申报管理员", "专项资金管理员", "资产管理员")
NORMAL_TITLES = {
    "finance": ("预算管理员", "财务分析员"),
    "law": ("法制审核员", "执法人员"),
    "writing": ("文秘", "综合文字员"),
    "it": ("网络管理员", "系统工程师", "数据管理员"),
    "economics": ("经济运行分析员", "统计员"),
    "engineering": ("技术员", "工程师"),
    "energy": ("节能监察员", "能源统计员"),
    "management": ("综合管理员",),
    "statistics": ("统计员", "数据审核员"),
    "agriculture": ("农技员", "农经员"),
    "medicine": ("医政管理员", "公共卫生管理员"),
    "education": ("教研员", "教育督导员"),
    "environment": ("环境监察员", "监测员"),
    "construction": ("质量监督员", "安全监督员"),
    "transport": ("运输管理员", "路政员"),
    "culture": ("文化市场管理员", "文博馆员"),
    "planning": ("规划编制员",),
}
ALL_TAGS = tuple(NORMAL_TITLES)

# (suffix, chief title, deputy title, generic staff titles)
TITLES_BY_SUFFIX = (
    ("机关党委", "专职副书记", "副书记", ("干事",)),
    ("支队", "支队长", "副支队长", ("执法队员", "监察员")),
    ("大队", "大队长", "副大队长", ("执法队员",)),
    ("中心", "主任", "副主任", ("专员", "工作人员")),
    ("办公室", "主任", "副主任", ("科员",)),
    ("室", "主任", "副主任", ("科员",)),
    ("研究所", "所长", "副所长", ("研究人员", "研究人员")),
    ("休养所", "所长", "副所长", ("工作人员",)),
    ("所", "所长", "副所长", ("技术人员", "工作人员")),
    ("站", "站长", "副站长", ("技术员", "监督员")),
    ("院", "院长", "副院长", ("技术人员", "专业技术人员")),
    ("馆", "馆长", "副馆长", ("馆员", "工作人员")),
    ("会", "秘书长", "副秘书长", ("干事",)),
    ("科", "科长", "副科长", ("科员",)),
)

# Surnames weighted roughly as in Hunan (weight after each; 1 when absent).
SURNAMES = "".join(
    item[0] * int(item[1:] or 1)
    for item in (
        "刘8 李7 王6 张6 陈7 谭4 彭4 周5 唐4 罗4 易3 龙2 文3 贺3 曾3 邓3 黄4 杨4 胡3 肖3 "
        "赵2 何2 吴3 袁2 蒋2 钟2 廖2 朱2 谢2 雷2 邹2 丁 孙 夏 颜 左 向 汤 聂 段 尹 匡 阳 石 "
        "郭 马 梁 宋 许 韩 冯 邱 蔡 戴 方 田 姚 卢 傅 熊 任 苏"
    ).split()
)
MALE_CHARS = (
    "伟强军勇斌涛明华建国平辉杰鹏波峰磊刚志文俊浩宇晨亮林海东振兵立新德宏永松安湘武胜超翔凯毅坚"
    "春雄飞锋清泉晓正光中军"
)
FEMALE_CHARS = (
    "芳娟敏静丽艳红玲霞燕萍婷慧琳雪颖洁莉倩兰梅琴薇蓉欣佳璐丹晶露娜秀英茜琼虹瑶艳群娥菊凤珍莹"
)

START_AGE = {"secondary": 19, "college": 21, "bachelor": 22, "master": 25, "doctorate": 28}
EDUCATION = (
    ("doctorate", 1.0),
    ("master", 11.0),
    ("bachelor", 70.0),
    ("college", 16.0),
    ("secondary", 2.0),
)
FEMALE_SHARE = (0.40, 0.30, 0.20)  # staff, deputy, chief
MIN_PRE = (0, 48, 84)  # months of career needed before holding a level
K_WEIGHTS = {
    0: ((0, 1, 2, 3), (5, 45, 35, 15)),
    1: ((1, 2, 3), (35, 45, 20)),
    2: ((2, 3), (65, 35)),
}
FLAG_WEIGHTS = (
    ("vote_buying", 10),
    ("spouse_abroad", 15),
    ("discipline", 30),
    ("report_concealed", 15),
    ("low_recognition", 30),
)


def _units_of(spec: str, institution: bool) -> list[tuple]:
    out = []
    for item in spec.split():
        name, _, tags = item.partition(":")
        key = name.startswith("*")
        name = name.lstrip("*")
        kind = "comprehensive" if name.startswith("~") else "business"
        name = name.lstrip("~")
        out.append((name, kind, tags, key, None, institution))
    return out


# --------------------------------------------------------------------------------------
# Small records
# --------------------------------------------------------------------------------------
class _Unit:
    __slots__ = ("uid", "name", "kind", "tags", "key", "inst", "posts", "est", "sup", "since")

    def __init__(self, name, kind, tags, key, inst):
        self.name, self.kind, self.tags, self.key, self.inst = name, kind, tags, key, inst
        self.posts: list[_Post] = []
        self.est = ""
        self.uid = self.sup = ""
        self.since = 0


class _Post:
    __slots__ = ("pid", "unit", "level", "key", "title", "spec", "cadre", "occ")

    def __init__(self, unit, level, key, title, spec):
        self.unit, self.level, self.key, self.title, self.spec = unit, level, key, title, spec
        self.pid = ""
        self.cadre: _Cadre | None = None
        self.occ: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        for s, e in self.occ:
            if start < e and s < end:
                return False
        return True


class _Cadre:
    __slots__ = (
        "post",
        "level",
        "cat",
        "gender",
        "age",
        "birth",
        "edu",
        "c0",
        "since",
        "hist",
        "flags",
        "rec",
        "spec",
        "name",
        "cid",
        "special",
        "results",
    )

    def __init__(self, post, level, cat):
        self.post: _Post | None = post
        self.level, self.cat = level, cat
        self.hist: list[tuple[_Post, _Unit, int, int]] = []  # (post, unit, level, start)
        self.flags = ""
        self.rec = ""
        self.special = ""  # adj, kin, investigation, ...
        self.results: dict[int, str] = {}
        self.since = 0

    @property
    def unit(self) -> _Unit | None:
        return self.post.unit if self.post else None

    @property
    def probation(self) -> bool:
        """Promoted into the current post after 2015-01-01 (always the latest promotion)."""
        return bool(self.post and self.hist and self.hist[-1][2] < self.level and self.since > PROB)

    @property
    def exempt(self) -> bool:
        return bool(self.post) and self.level > 0 and self.age >= (58 if self.gender == "M" else 53)


class _Names:
    def __init__(self, rng: random.Random):
        self.rng, self.used = rng, set()

    def new(self, gender: str) -> str:
        rng = self.rng
        chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
        while True:
            surname = "欧阳" if rng.random() < 0.02 else rng.choice(SURNAMES)
            given = rng.choice(chars)
            if rng.random() < 0.7:
                given += rng.choice(chars)
            if len(given) == 2 and given[0] == given[1] and rng.random() < 0.7:
                continue
            name = surname + given
            if name not in self.used:
                self.used.add(name)
                return name

    def same_surname(self, name: str, like: str) -> str:
        """``name`` with the surname of ``like`` (siblings, parent and child), if still unique."""
        surname = like[:2] if like.startswith("欧阳") else like[0]
        given = name[2:] if name.startswith("欧阳") else name[1:]
        new = surname + given
        if new == name or new in self.used:
            return name
        self.used.discard(name)
        self.used.add(new)
        return new


def _titles(unit_name: str) -> tuple[str, str, tuple[str, ...]]:
    for suffix, chief, deputy, staff in TITLES_BY_SUFFIX:
        if unit_name.endswith(suffix):
            return chief, deputy, staff
    return "主任", "副主任", ("工作人员",)


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------
class _Generator:
    def __init__(self, cadres: int, seed: int, out: Path):
        self.rng = random.Random(seed)
        self.n = cadres
        self.out = out
        self.next_cadre = 1
        self.stats = {
            "cadres": 0,
            "bureaus": 0,
            "units": 0,
            "posts": 0,
            "leaders": 0,
            "placed": 0,
            "unplaced": 0,
            "vacancies": 0,
            "key_posts": 0,
            "levels": {lv: {"posts": 0, "cadres": 0, "vacancies": 0} for lv in LEVELS},
            "women": 0,
            "graduates": 0,
            "exempt": 0,
            "probation": 0,
            "under_investigation": 0,
            "due": {
                r: 0
                for r in (
                    "KEY_POST_TENURE",
                    "LEADER_UNIT_TENURE",
                    "STAFF_POST_TENURE",
                    "SUPERVISOR_PAIRING",
                    "CHIEF_DEPUTY_PAIRING",
                    "APPRAISAL_ADJUSTMENT",
                    "KIN_AVOIDANCE",
                )
            },
            "due_cadres": 0,
            "hard_due": 0,
            "over_establishment_units": 0,
            "history_rows": 0,
            "history_truncated": 0,
            "appraisal_rows": 0,
            "relations": 0,
            "borrowings": 0,
        }

    # ---- driver --------------------------------------------------------------------------
    def run(self) -> dict:
        rng = self.rng
        n_bureaus = max(1, round(self.n / 150))
        if self.n / n_bureaus > 190:
            n_bureaus += 1
        sizes = [self.n // n_bureaus] * n_bureaus
        for i in range(self.n % n_bureaus):
            sizes[i] += 1
        combos = [(loc, kind) for loc in LOCALITIES for kind in BUREAUS]
        rng.shuffle(combos)
        self.out.mkdir(parents=True, exist_ok=True)
        handles = {
            table: open(self.out / f"{table}.csv", "w", encoding="utf-8", newline="")
            for table in COLUMNS
        }
        try:
            self.w = {table: csv.writer(h, lineterminator="\n") for table, h in handles.items()}
            for table, header in COLUMNS.items():
                self.w[table].writerow(header)
            for b, size in enumerate(sizes, 1):
                loc, kind = combos[(b - 1) % len(combos)]
                cycle = (b - 1) // len(combos)
                name = loc + kind + (f"(第{cycle + 1}组)" if cycle else "")
                self.bureau(b, name, loc, kind, size)
            self.w["settings"].writerow(("as_of", AS_OF.isoformat()))
        finally:
            for h in handles.values():
                h.close()
        s = self.stats
        s["bureaus"] = n_bureaus
        s["due_share"] = round(s["due_cadres"] / s["cadres"], 4) if s["cadres"] else 0.0
        return s

    # ---- one bureau ----------------------------------------------------------------------
    def bureau(self, b: int, bname: str, loc: str, kind: str, size: int) -> None:
        rng = self.rng
        code = f"B{b:03d}"
        unplaced = int(size * 0.01 + rng.random())
        unplaced = min(unplaced, max(0, size - 1))
        placed = size - unplaced
        units = self.build_units(rng, bname, kind, placed, unplaced)
        for ui, unit in enumerate(units, 1):
            unit.uid = f"{code}U{ui:02d}"
            counts = [0, 0, 0]
            for p in unit.posts:
                counts[p.level] += 1
                p.pid = unit.uid + ("-C" if p.level == 2 else f"-{'SD'[p.level]}{counts[p.level]}")
        posts = [p for u in units for p in u.posts]
        by_level = [[p for p in posts if p.level == lv] for lv in range(3)]

        # vacancies, establishment
        vac = self.vacancy_counts(by_level, placed, unplaced)
        over_unit = None
        if b % 5 == 1 and len(units) >= 6:  # bureaus 1, 6, 11, ...: one unit over by one
            full = [u for u in units if sum(p.level == 0 for p in u.posts) >= 4]
            over_unit = rng.choice(full) if full else None
            if over_unit is not None and any(
                len(by_level[lv]) - sum(p.level == lv for p in over_unit.posts) < vac[lv]
                for lv in range(3)
            ):
                over_unit = None
        vacant: set[int] = set()
        for lv in range(3):
            pool = [p for p in by_level[lv] if p.unit is not over_unit]
            vacant.update(id(p) for p in rng.sample(pool, vac[lv]))
        dead = 0
        if over_unit is not None:
            over_unit.est = str(len(over_unit.posts) - 1)
            self.stats["over_establishment_units"] += 1
        capped = [
            u
            for u in units
            if u is not over_unit
            and any(id(p) in vacant for p in u.posts)
            and all(p.level == 0 for p in u.posts if id(p) in vacant)
        ]
        for u in rng.sample(capped, min(len(capped), rng.choice((1, 1, 2)))):
            u.est = str(len(u.posts) - 1)
            dead += sum(id(p) in vacant for p in u.posts) == 1

        # leaders and portfolios
        leaders = self.leaders_for(rng, code, units)

        # rare cases on a fixed schedule, so that every roster (even one bureau) has them
        # bureaus 1, 3, 5, ...: a leader for APPRAISAL_ADJUSTMENT; 1, 4, 7, ...: staff
        # relatives in one unit and a cadre under investigation; 1, 7, 13, ...: a key post
        # in a unit its holder's relative supervises. None of them in a toy roster.
        small = size < 60
        adj = b % 2 == 1 and not small
        adj_level = rng.choice((1, 2)) if adj else 0
        kin_unit = b % 3 == 1 and not small
        kin_leader = b % 6 == 1 and not small

        # categories; per level, the leaders a hard rule sends away are no more than the
        # vacancies of that level in the bureau
        filled = [[p for p in by_level[lv] if id(p) not in vacant] for lv in range(3)]
        cadres: list[_Cadre] = []
        cat_of: dict[int, str] = {}
        q_lead = 0
        for lv, ex_share, due_share in ((2, 0.08, 0.16), (1, 0.06, 0.15)):
            mine = filled[lv][:]
            rng.shuffle(mine)
            n_ex = self.quota(rng, ex_share * len(mine))
            q = max(0, min(vac[lv] - (adj_level == lv), self.quota(rng, due_share * len(mine))))
            for i, p in enumerate(mine):
                cat_of[id(p)] = "exempt" if i < n_ex else "due" if i < n_ex + q else "normal"
            q_lead += q
        key_staff = [p for p in filled[0] if p.key]
        other_staff = [p for p in filled[0] if not p.key]
        room = vac[0] - 2 - unplaced - adj - dead - (over_unit is not None)
        q_k = max(0, min(room, self.quota(rng, 0.15 * len(key_staff))))
        for i, p in enumerate(rng.sample(key_staff, len(key_staff))):
            cat_of[id(p)] = "due" if i < q_k else "normal"
        target = round(0.20 * size)
        q_t = target - (q_lead + q_k + adj + 2 * kin_unit + kin_leader + 1)
        q_t = max(0, min(q_t, int(0.4 * len(other_staff))))
        for i, p in enumerate(rng.sample(other_staff, len(other_staff))):
            cat_of[id(p)] = "tenure" if i < q_t else "normal"

        # people: gender, age, education, career start, current post start
        for p in posts:
            if id(p) in vacant:
                continue
            c = _Cadre(p, p.level, cat_of[id(p)])
            self.person(rng, c)
            p.cadre = c
            cadres.append(c)
        for c in cadres:
            c.post.occ.append((c.since, FOREVER))
        self.specials(rng, units, cadres)
        for c in sorted(cadres, key=lambda c: -c.level):  # leaders first: tighter choices
            if c.cat not in ("hist_due", "cdp"):
                for _ in range(4 if c.level else 1):  # leaders: retry until some history
                    c.hist = self.path_entries(rng, c, c.level, c.since, units, adjacent=True)
                    if c.hist:
                        break

        recruits = []
        for _ in range(unplaced):
            c = _Cadre(None, 0, "recruit")
            c.gender = "F" if rng.random() < 0.45 else "M"
            c.edu = "master" if rng.random() < 0.25 else "bachelor"
            c.age = rng.randint(START_AGE[c.edu], START_AGE[c.edu] + 3)
            c.birth = self.birth(rng, c.age)
            c.c0 = NOW
            recruits.append(c)

        self.appraisal_adjustment(rng, cadres, adj_level)
        names = _Names(rng)
        for c in cadres + recruits:
            c.name = names.new(c.gender)
        for lid in leaders:
            leaders[lid][0] = names.new("F" if rng.random() < 0.15 else "M")
        relations = self.relations(rng, units, cadres, leaders, names, kin_unit, kin_leader)
        if kin_unit:
            self.investigate(rng, cadres)
        self.appraisals_and_more(rng, cadres, recruits)
        for c in cadres + recruits:
            c.cid = f"C{self.next_cadre:06d}"
            self.next_cadre += 1
        self.count_due(units, cadres, relations)
        self.write(rng, loc, kind, units, posts, cadres + recruits, leaders, relations, names)

    @staticmethod
    def quota(rng: random.Random, expected: float) -> int:
        return int(expected + rng.random())

    # ---- units and posts -------------------------------------------------------------------
    def build_units(self, rng, bname, kind, placed, unplaced) -> list[_Unit]:
        sections_spec, inst_spec = BUREAUS[kind]
        sections = _units_of(sections_spec, False)
        institutions = _units_of(inst_spec, True)
        rng.shuffle(sections)
        rng.shuffle(institutions)
        extra = _units_of(EXTRA_SECTIONS, False)
        rng.shuffle(extra)
        mixed = []
        while sections or institutions:
            if institutions and (not sections or rng.random() < 0.27):
                mixed.append(institutions.pop())
            else:
                mixed.append(sections.pop())
        specs = list(CORE) + rng.sample(OPTIONAL, rng.randint(0, 2))
        specs = [(n, k, t, key, staff, False) for n, k, t, key, staff in specs] + mixed + extra
        target_vac = max(10, round(placed * 0.115), unplaced + 8)
        units: list[_Unit] = []
        total = 0
        i = 0
        while True:
            if i < len(specs):
                name, ukind, tags, key, staff, inst = specs[i]
            else:  # more units than names: numbered sections
                name, ukind, tags, key, staff, inst = (
                    f"综合业务{i - len(specs) + 1}科",
                    "business",
                    "",
                    False,
                    None,
                    False,
                )
            i += 1
            unit = _Unit(bname + name, ukind, tags, key, inst)
            n_dep = 1 + (rng.random() < (0.6 if inst else 0.45))
            if staff is not None:
                n_staff = rng.choice((3, 3, 4, 4, 5))
            elif inst:
                n_staff = rng.choice((4, 5, 5, 6, 6, 7, 7))
            else:
                n_staff = rng.choice((3, 4, 4, 4, 5, 5, 6, 7))
            remaining = placed + target_vac - total
            if remaining <= 1 + n_dep + 7:
                n_staff = max(3, min(7, remaining - 1 - n_dep))
            self.make_posts(rng, unit, name, n_dep, n_staff, staff)
            units.append(unit)
            total += len(unit.posts)
            if total >= placed + target_vac:
                by = [sum(p.level == lv for u in units for p in u.posts) for lv in range(3)]
                vac = self.vacancy_counts(by, placed, unplaced, check=True)
                if vac is not None:
                    break
        # sections first, then the institutions
        ordered = [u for u in units if not u.inst] + [u for u in units if u.inst]
        return ordered

    @staticmethod
    def vacancy_counts(by_level, placed, unplaced, check=False):
        n = [len(x) if isinstance(x, list) else x for x in by_level]
        total = sum(n) - placed
        v2 = min(n[2], max(2, round(0.12 * n[2])))
        v1 = min(n[1], max(3, round(0.11 * n[1])))
        v0 = total - v1 - v2
        if v0 < max(5, unplaced + 4) or v0 > n[0]:
            if check:
                return None
            raise AssertionError("vacancies")
        return [v0, v1, v2]

    def make_posts(self, rng, unit: _Unit, short: str, n_dep: int, n_staff: int, staff) -> None:
        chief_t, dep_t, generic = _titles(short)
        tags = [t for t in unit.tags.split(";") if t]
        chief_spec = unit.tags
        if rng.random() < 0.3 and "management" not in tags:
            chief_spec = ";".join(tags + ["management"])
        unit.posts.append(_Post(unit, 2, unit.key, chief_t, chief_spec))
        for i in range(n_dep):
            key = unit.key and rng.random() < (0.9 if i == 0 else 0.4)
            spec = rng.choice(tags) if tags and rng.random() < 0.7 else ""
            unit.posts.append(_Post(unit, 1, key, dep_t, spec))
        titles: list[tuple[str, str, bool]] = []
        if staff is not None:
            pool = list(staff)
            rng.shuffle(pool)
            pool.sort(key=lambda t: not t[2])  # key titles first
            titles = pool[: n_staff - 1] if len(pool) >= n_staff else pool
        else:
            tag = rng.choice(tags) if tags else ""
            if unit.key:
                for _ in range(rng.choice((2, 2, 3))):
                    t = rng.choice(tags) if tags else ""
                    titles.append((rng.choice(KEY_TITLES.get(t, KEY_DEFAULT)), t, True))
            elif rng.random() < 0.6:  # e.g. the unit's project or special-fund officer
                titles.append((rng.choice(KEY_TITLES.get(tag, KEY_DEFAULT)), tag, True))
            if not unit.inst:
                for _ in range(rng.choice((0, 1, 1, 2))):
                    t = rng.choice(tags) if tags else ""
                    if t in NORMAL_TITLES:
                        titles.append((rng.choice(NORMAL_TITLES[t]), t, False))
        titles = titles[:n_staff]
        while len(titles) < n_staff:
            t = rng.choice(tags) if tags and rng.random() < 0.5 else ""
            titles.append((rng.choice(generic), t, False))
        for title, spec, key in titles:
            unit.posts.append(_Post(unit, 0, key, title, spec))

    def leaders_for(self, rng, code: str, units: list[_Unit]) -> dict[str, list]:
        n_units = len(units)
        lo, hi = max(5, math.ceil(n_units / 4)), min(8, n_units // 2)
        n = rng.randint(lo, hi) if lo <= hi else max(1, min(lo, n_units // 2))
        n = max(n, math.ceil(n_units / 4))
        counts = [min(2, n_units)] * n
        left = n_units - sum(counts)
        while left > 0:
            i = rng.randrange(n)
            if counts[i] < 4:
                counts[i] += 1
                left -= 1
        order = units[:]
        rng.shuffle(order)
        leaders: dict[str, list] = {}
        pos = 0
        for i, count in enumerate(counts, 1):
            lid = f"{code}L{i}"
            base = min(NOW - 7, int(rng.triangular(_m(2006), NOW - 6, _m(2012, 6))))
            for u in order[pos : pos + count]:
                u.sup = lid
                u.since = base if rng.random() < 0.6 else rng.randint(base, NOW - 4)
            pos += count
            cap = count + rng.choice((0, 1)) if rng.random() < 0.35 else ""
            leaders[lid] = ["", cap, count]
        return leaders

    # ---- people ----------------------------------------------------------------------------
    @staticmethod
    def birth(rng: random.Random, age: int) -> dt.date:
        return dt.date(AS_OF.year - age - 1, 1, 2) + dt.timedelta(days=rng.randrange(365))

    def person(self, rng: random.Random, c: _Cadre) -> None:
        lv, cat = c.level, c.cat
        c.gender = "F" if rng.random() < FEMALE_SHARE[lv] else "M"
        for attempt in range(40):
            c.age = self.age(rng, lv, c.gender, cat, attempt)
            c.birth = birth = self.birth(rng, c.age)
            c.edu = edu = "bachelor" if attempt > 20 else self.education(rng)
            c.c0 = _m(birth.year + START_AGE[edu] + rng.choice((0, 0, 1)), 7)
            lo, hi = self.window(c)
            if lo <= hi:
                break
        else:
            raise AssertionError(f"no post start for a {LEVELS[lv]} {cat}")
        if cat in ("due", "tenure"):  # mostly just past the threshold
            c.since = min(hi, int(rng.triangular(lo, hi + 1, hi + 1)))
        else:
            c.since = rng.randint(lo, hi)
        if lv == 2 and cat == "due" and rng.random() < 0.3:
            c.cat = "hist_due_wish"  # resolved in specials(): a leader run begun in history

    @staticmethod
    def education(rng: random.Random) -> str:
        x = rng.random() * 100
        for edu, w in EDUCATION:
            if x < w:
                return edu
            x -= w
        return "bachelor"

    @staticmethod
    def age(rng, lv, gender, cat, attempt) -> int:
        male = gender == "M"
        if cat == "exempt":
            return (58 if male else 53) + rng.randint(0, 1)
        top = 57 if male else 52
        if lv == 0:
            lo, mode, hi = 23, 31, 57 if male else 54
            if cat == "tenure":
                lo, mode = 32, 45
            elif cat == "due":
                lo, mode = 29, 38
        elif lv == 1:
            lo, mode, hi = 28, 40, top
            if cat == "due":
                lo, mode = 35, 45
        else:
            lo, mode, hi = 32, 46, top
            if cat == "due":
                lo, mode = 39, 48
        lo = min(hi, lo + attempt // 4)
        return min(hi, max(lo, round(rng.triangular(lo, hi, max(lo, mode)))))

    @staticmethod
    def window(c: _Cadre) -> tuple[int, int]:
        lv, cat = c.level, c.cat
        earliest = c.c0 + MIN_PRE[lv]
        if cat == "normal":
            lo = T8 + 1 if lv == 0 and not c.post.key else T5 + 1
            hi = (NOW - 3, NOW - 4, NOW - 7)[lv]
        elif cat == "due":
            lo, hi = (_m(2001) if lv == 0 else _m(2003)), T5
        elif cat == "tenure":
            lo, hi = _m(1995), T8
        else:  # exempt
            lo, hi = _m(2004), NOW - 7
        return max(lo, earliest), hi

    # ---- histories ---------------------------------------------------------------------------
    def specials(self, rng, units: list[_Unit], cadres: list[_Cadre]) -> None:
        """Leader runs begun in history (due chiefs who were deputies of the unit before 2011)
        and CHIEF_DEPUTY_PAIRING deputies (staff of the unit before 2011, deputies since,
        under a chief whose run in the unit also began by 2011)."""
        for c in cadres:
            if c.cat != "hist_due_wish":
                continue
            c.cat = "due"  # unless the history below works out
            unit = c.unit
            options = []
            for p in unit.posts:
                if p.level == 1:
                    holder = p.cadre.since if p.cadre else FOREVER
                    lo, hi = max(T5 + 1, c.c0 + 84), min(holder, PROB)
                    if lo <= hi:
                        options.append((p, lo, hi))
            if not options:
                continue
            p, lo, hi = rng.choice(options)
            since = rng.randint(lo, hi)
            s_lo, s_hi = max(c.c0 + 48, since - 96), min(T5, since - 36)
            if s_lo > s_hi:
                continue
            start = rng.randint(s_lo, s_hi)
            if not p.free(start, since):
                continue
            self.move_start(c, since)
            p.occ.append((start, since))
            c.cat = "hist_due"
            c.hist = self.path_entries(rng, c, 1, start, units, most=2)
            c.hist.append((p, unit, 1, start))
        for unit in units:
            chief = unit.posts[0].cadre
            if chief is None or not (chief.cat == "hist_due" or chief.since <= T5):
                continue
            if rng.random() < 0.45:
                continue
            deputies = [
                p.cadre
                for p in unit.posts
                if p.level == 1 and p.cadre and p.cadre.cat == "normal" and p.cadre.c0 <= T5 - 48
            ]
            if not deputies:
                continue
            d = rng.choice(deputies)
            options = []
            for p in unit.posts:
                if p.level == 0:
                    holder = p.cadre.since if p.cadre else FOREVER
                    lo, hi = max(T5 + 1, d.c0 + 48), min(holder, PROB)
                    if lo <= hi:
                        options.append((p, lo, hi))
            rng.shuffle(options)
            for p, lo, hi in options:
                since = rng.randint(lo, hi)
                s_lo, s_hi = max(d.c0, since - 120), min(T5, since - 48)
                if s_lo > s_hi or any(
                    e > since for s, e in d.post.occ if (s, e) != (d.since, FOREVER)
                ):
                    continue  # an earlier holder of the deputy post was still in it
                start = rng.randint(s_lo, s_hi)
                if not p.free(start, since):
                    continue
                self.move_start(d, since)
                p.occ.append((start, since))
                d.cat = "cdp"
                d.hist = self.path_entries(rng, d, 0, start, units, force_start=True, most=2)
                d.hist.append((p, unit, 0, start))
                break

    @staticmethod
    def move_start(c: _Cadre, since: int) -> None:
        c.post.occ.remove((c.since, FOREVER))
        c.since = since
        c.post.occ.append((since, FOREVER))

    def path_entries(
        self, rng, c: _Cadre, top: int, end: int, units, force_start=False, adjacent=False, most=3
    ) -> list[tuple]:
        """Earlier entries ending at ``end``, followed by an entry at level ``top``."""
        seq, starts = self.path(rng, top, c.c0, end, force_start, most)
        if not seq:
            return []
        home = c.unit
        out: list[tuple] = []
        next_unit = home
        # backwards: the entry just before the current post decides the unit runs
        for i in range(len(seq) - 1, -1, -1):
            lv, start = seq[i], starts[i]
            stop = starts[i + 1] if i + 1 < len(seq) else end
            if adjacent and i == len(seq) - 1:
                if c.level == 0:
                    rule = "same" if rng.random() < 0.25 else "any"
                elif c.cat == "normal":
                    rule = "same" if start > T5 and rng.random() < 0.3 else "other"
                else:
                    rule = "same" if rng.random() < 0.15 else "any"
            elif adjacent and c.level > 0 and c.cat == "normal" and next_unit is home:
                rule = "other"  # the run in the unit must not reach back before 2011
            else:
                rule = "same_as_next" if rng.random() < 0.2 else "any"
            picked = self.pick(rng, lv, rule, home, next_unit, start, stop, c, units)
            if picked is None:
                # no post of that level was free all along: the cadre joined the bureau at
                # ``stop`` (from a township, another agency, the army)
                self.stats["history_truncated"] += 1
                break
            out.append((picked[0], picked[1], lv, start))
            next_unit = picked[1]
        out.reverse()
        return out

    @staticmethod
    def pick(rng, lv, rule, home, next_unit, start, stop, c, units):
        """A post of level ``lv`` free over [start, stop) under the unit rule, taken."""
        if rule == "same" or rule == "same_as_next":
            unit = home if rule == "same" else next_unit
            cands = [p for p in unit.posts if p.level == lv and p is not c.post]
            rng.shuffle(cands)
            for p in cands:
                if p.free(start, stop):
                    p.occ.append((start, stop))
                    return p, unit
            if rule == "same" and c.level > 0 and c.cat == "normal":
                rule = "other"  # the leader run must not reach back before 2011
        n = len(units)
        first = rng.randrange(n)
        for tries in range(n):
            unit = units[(first + tries) % n]
            if rule == "other" and unit is home:
                continue
            cands = [p for p in unit.posts if p.level == lv and p is not c.post]
            if not cands:
                continue
            i = rng.randrange(len(cands))
            for p in cands[i:] + cands[:i]:
                if p.free(start, stop):
                    p.occ.append((start, stop))
                    return p, unit
        return None

    @staticmethod
    def path(rng, top, c0, end, force_start, most) -> tuple[list[int], list[int]]:
        """Levels and starts of at most ``most`` entries between career start ``c0`` and
        ``end``, followed by an entry at level ``top``."""
        ks, ws = K_WEIGHTS[top]
        k = min(most, rng.choices(ks, ws)[0])
        base = list(range(top))
        while True:
            seq = base[:]
            while len(seq) < k:
                if top == 0:
                    seq.append(0)
                elif rng.random() < 0.5:
                    seq.append(top)
                else:
                    seq.append(rng.choice(base))
            seq.sort()
            mins = [12] * len(seq)
            if top >= 1:
                staff = [i for i, lv in enumerate(seq) if lv == 0]
                need = 48 - 12 * len(staff)
                if need > 0:
                    mins[staff[0]] += need
            if top == 2:
                deps = [i for i, lv in enumerate(seq) if lv == 1]
                need = 36 - 12 * len(deps)
                if need > 0:
                    mins[deps[0]] += need
            slack = end - c0 - sum(mins)
            if slack >= 0 or len(seq) <= len(base):
                break
            k = len(seq) - 1
        if not seq:
            return [], []
        if slack < 0:
            raise AssertionError("no room for a history")
        if not force_start and top == 0 and slack < 12:
            return [], []  # joined straight into the current post
        # many joined the bureau some years into their career (from a township, another
        # agency, the army): the timeline starts later than the career
        offset = 0 if force_start or rng.random() < 0.35 else rng.randint(0, slack * 4 // 5)
        slack -= offset
        weights = [rng.random() + 0.25 for _ in seq]
        total = sum(weights)
        extra = [int(slack * w / total) for w in weights]
        extra[0] += slack - sum(extra)
        starts = []
        t = c0 + offset
        for m, x in zip(mins, extra, strict=True):
            starts.append(t)
            t += m + x
        assert t == end
        return seq, starts

    # ---- flags, relations, appraisals ------------------------------------------------------
    @staticmethod
    def appraisal_adjustment(rng, cadres, level) -> None:
        """A normal leader (not on probation) flagged unfit or rated incompetent in 2015."""
        movable = [c for c in cadres if c.cat == "normal" and c.level == level and c.since <= PROB]
        if level and movable:
            c = rng.choice(movable)
            c.special = "adj"
            if rng.random() < 0.5:
                c.flags = "unfit"
            else:
                c.results[2015] = "incompetent"
                if rng.random() < 0.5:
                    c.results[2014] = "basic"

    def relations(self, rng, units, cadres, leaders, names, kin_unit, kin_leader) -> list:
        out: list[tuple[_Cadre, _Cadre | str, str]] = []

        def free(c: _Cadre) -> bool:
            return not c.special and c.cat == "normal" and not c.probation

        def add(a: _Cadre, b: _Cadre | str, rel: str) -> None:
            a.special = "kin"
            if isinstance(b, _Cadre):
                b.special = "kin"
                if rel in ("sibling", "parent", "child"):
                    a.name = names.same_surname(a.name, b.name)
            elif rel in ("sibling", "parent"):
                a.name = names.same_surname(a.name, leaders[b][0])
            out.append((a, b, rel))

        if kin_unit:  # relatives in one unit: KIN_AVOIDANCE, one of them must leave
            order = units[:]
            rng.shuffle(order)
            for unit in order:
                pool = [p.cadre for p in unit.posts if p.cadre and p.level == 0 and free(p.cadre)]
                if len(pool) >= 2:
                    a, b = rng.sample(pool, 2)
                    rel = "spouse" if a.gender != b.gender and rng.random() < 0.7 else "sibling"
                    add(a, b, rel)
                    break
        if kin_leader:  # a key post in a unit its relative supervises
            pool = [c for c in cadres if c.level == 0 and c.post.key and free(c)]
            if pool:
                c = rng.choice(pool)
                add(c, c.unit.sup, rng.choice(("parent", "spouse", "sibling")))
        for _ in range(rng.choice((1, 2, 2, 3))):  # harmless: different units
            pool = [c for c in cadres if not c.special]
            if len(pool) < 2:
                break
            a, b = rng.sample(pool, 2)
            if a.unit is b.unit:
                continue
            if abs(a.age - b.age) >= 22:
                rel = "parent" if a.age < b.age else "child"
            else:
                rel = rng.choice(("spouse", "sibling", "in_law", "in_law"))
                if rel == "spouse" and a.gender == b.gender:
                    rel = "sibling"
            add(a, b, rel)
        if rng.random() < 0.3:  # harmless: a leader who does not supervise the cadre's unit
            pool = [c for c in cadres if not c.special]
            if pool:
                c = rng.choice(pool)
                others = [lid for lid in leaders if lid != c.unit.sup]
                if others:
                    add(c, rng.choice(others), rng.choice(("spouse", "sibling", "in_law")))
        return out

    def investigate(self, rng, cadres) -> None:
        """A normal cadre (due under no rule), not on probation, in no other special case and
        in no unit with an establishment below its posts, is under investigation."""
        pool = [
            c
            for c in cadres
            if not c.special and c.cat == "normal" and not c.probation and c.unit.est == ""
        ]
        if pool:
            c = rng.choice(pool)
            c.special = "investigation"
            c.flags = "under_investigation"
            self.stats["under_investigation"] += 1

    def appraisals_and_more(self, rng, cadres, recruits) -> None:
        valid = sorted(_m(2015, rng.randint(1, 11)) + 1 for _ in range(2))  # after 2015-01
        batches = [dt.date(m // 12, m % 12 + 1, rng.randint(1, 28)) for m in valid]
        expired = dt.date(2014, rng.randint(3, 12), rng.randint(1, 28))
        for c in cadres:
            first = c.hist[0][3] if c.hist else c.since
            for year in YEARS:
                if first > _m(year, 9) or year in c.results:
                    continue
                x = rng.random()
                if x < 0.20:
                    result = "excellent"
                elif x < 0.22:
                    result = "basic"
                elif x < 0.224 and (c.level == 0 or year < 2015):
                    result = "incompetent"
                else:
                    result = "competent"
                c.results[year] = result
            if not c.flags and rng.random() < 0.015:
                c.flags = rng.choices([f for f, _ in FLAG_WEIGHTS], [w for _, w in FLAG_WEIGHTS])[0]
            if rng.random() < 0.25:
                day = rng.choice(batches) if rng.random() < 0.85 else expired
                c.rec = day.isoformat()
            c.spec = self.cadre_spec(rng, c.post.spec)
        for c in recruits:
            c.spec = self.cadre_spec(rng, "")

    @staticmethod
    def cadre_spec(rng: random.Random, post_spec: str) -> str:
        tags = [t for t in post_spec.split(";") if t]
        if tags and rng.random() < 0.65:
            chosen = {rng.choice(tags)}
        elif rng.random() < 0.55:
            chosen = {rng.choice(ALL_TAGS)}
        else:
            return ""
        if rng.random() < 0.2:
            chosen.add(rng.choice(ALL_TAGS))
        return ";".join(t for t in ALL_TAGS if t in chosen)

    # ---- the rules' view, for the stats --------------------------------------------------
    def count_due(self, units, cadres, relations) -> None:
        due: dict[int, set[str]] = {}
        s = self.stats

        def add(c: _Cadre, rule: str) -> None:
            due.setdefault(id(c), set()).add(rule)

        unit_since: dict[int, int] = {}
        for c in cadres:
            unit = c.unit
            run = c.since
            lead = c.since
            for _post, hunit, _lv, start in reversed(c.hist):
                if hunit is not unit:
                    break
                run = start
            for _post, hunit, lv, start in reversed(c.hist):
                if hunit is not unit or lv == 0:
                    break
                lead = start
            unit_since[id(c)] = run
            exempt = c.exempt
            s["exempt"] += exempt
            s["probation"] += c.probation
            if c.post.key and c.since <= T5 and not exempt:
                add(c, "KEY_POST_TENURE")
            if c.level > 0 and lead <= T5 and not exempt:
                add(c, "LEADER_UNIT_TENURE")
            if c.level == 0 and c.since <= T8:
                add(c, "STAFF_POST_TENURE")
            if c.level > 0 and (c.flags == "unfit" or c.results.get(2015) == "incompetent"):
                add(c, "APPRAISAL_ADJUSTMENT")
        for unit in units:
            chief = unit.posts[0].cadre
            if chief is None:
                continue
            if max(chief.since, unit.since) <= T5 and not chief.exempt:
                add(chief, "SUPERVISOR_PAIRING")
            for p in unit.posts:
                d = p.cadre
                if p.level != 1 or d is None:
                    continue
                if max(unit_since[id(chief)], unit_since[id(d)]) <= T5:
                    for m in (chief, d):
                        if not m.exempt:
                            add(m, "CHIEF_DEPUTY_PAIRING")
        for a, b, _ in relations:
            if isinstance(b, _Cadre):
                if a.unit is b.unit:
                    add(a, "KIN_AVOIDANCE")
                    add(b, "KIN_AVOIDANCE")
            elif a.post.key and a.unit.sup == b:
                add(a, "KIN_AVOIDANCE")
        hard = {"KEY_POST_TENURE", "LEADER_UNIT_TENURE", "APPRAISAL_ADJUSTMENT", "KIN_AVOIDANCE"}
        for rules in due.values():
            for r in rules:
                s["due"][r] += 1
            s["hard_due"] += bool(rules & hard)
        s["due_cadres"] += len(due)

    # ---- output ------------------------------------------------------------------------------
    def write(self, rng, loc, kind, units, posts, cadres, leaders, relations, names):
        s, w = self.stats, self.w
        for u in units:
            w["units"].writerow((u.uid, u.name, u.kind, u.est, u.sup, _iso(u.since)))
        for p in posts:
            w["posts"].writerow(
                (p.pid, p.unit.uid, p.title, LEVELS[p.level], "true" if p.key else "false", p.spec)
            )
            lv = s["levels"][LEVELS[p.level]]
            lv["posts"] += 1
            lv["vacancies"] += p.cadre is None
            s["key_posts"] += p.key
            s["vacancies"] += p.cadre is None
        s["posts"] += len(posts)
        s["units"] += len(units)
        for lid, (name, cap, _count) in leaders.items():
            w["leaders"].writerow((lid, name, cap))
        s["leaders"] += len(leaders)
        for c in cadres:
            placed = c.post is not None
            w["cadres"].writerow(
                (
                    c.cid,
                    c.name,
                    c.gender,
                    c.birth.isoformat(),
                    c.edu,
                    LEVELS[c.level],
                    c.post.pid if placed else "",
                    _iso(c.since) if placed else "",
                    c.spec,
                    c.rec,
                    c.flags,
                )
            )
            s["cadres"] += 1
            s["placed" if placed else "unplaced"] += 1
            s["levels"][LEVELS[c.level]]["cadres"] += 1
            s["women"] += c.gender == "F"
            s["graduates"] += c.edu in ("master", "doctorate")
        for c in cadres:
            for year in YEARS:
                if year in c.results:
                    w["appraisals"].writerow((c.cid, year, c.results[year]))
                    s["appraisal_rows"] += 1
        for c in cadres:
            hist = c.hist
            for i, (post, unit, lv, start) in enumerate(hist):
                end = hist[i + 1][3] if i + 1 < len(hist) else c.since
                w["history"].writerow(
                    (c.cid, unit.uid, post.pid, LEVELS[lv], _iso(start), _iso(end))
                )
            s["history_rows"] += len(hist)
        for a, b, rel in relations:
            w["relations"].writerow((a.cid, b.cid if isinstance(b, _Cadre) else b, rel))
        s["relations"] += len(relations)
        n_borrow = rng.choice((0, 1, 1, 2, 3))
        others = [x for x in LOCALITIES if x != loc]
        for _ in range(n_borrow):
            unit = rng.choice(units)
            start = dt.date(2015, rng.randint(1, 11), 1)
            ok = rng.random() < 0.5
            if ok:
                end = start + dt.timedelta(days=rng.randint(20, 58))
            elif rng.random() < 0.5:
                end = None
                start = dt.date(2015, rng.randint(3, 10), 1)
            else:
                end = start + dt.timedelta(days=rng.randint(75, 200))
            if end is not None and end > AS_OF:
                end = AS_OF
            approved = "principal;supervisor;filed"
            if not ok and rng.random() < 0.5:
                approved = rng.choice(("principal;supervisor", "supervisor;filed", "principal"))
            w["borrowings"].writerow(
                (
                    names.new("F" if rng.random() < 0.4 else "M"),
                    rng.choice(others) + kind,
                    unit.uid,
                    start.isoformat(),
                    end.isoformat() if end else "",
                    approved,
                )
            )
        s["borrowings"] += n_borrow


def generate_roster(cadres: int, seed: int, out: Path) -> dict:
    """Write a synthetic roster of ``cadres`` cadres to the folder ``out`` (created if needed;
    the nine CSV files in it are overwritten) and return its stats.

    Deterministic: the same ``(cadres, seed)`` gives byte-identical files."""
    if cadres < 1:
        raise ValueError("cadres must be at least 1")
    return _Generator(int(cadres), int(seed), Path(out)).run()


__all__ = ["generate_roster"]
