"""English and Chinese message templates. One key, two texts; ``Text`` defers the choice."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("en", "zh")

MESSAGES: dict[str, tuple[str, str]] = {
    # --- loading and validation -------------------------------------------------------
    "missing_table": (
        "required sheet/file '{table}' is missing",
        "缺少必需的工作表/文件“{table}”",
    ),
    "missing_column": ("required column '{column}' is missing", "缺少必需的列“{column}”"),
    "empty_value": ("a value is required", "此项不能为空"),
    "bad_date": ("{reason}", "日期无法识别:{reason}"),
    "bad_enum": (
        "'{value}' is not one of: {allowed}",
        "“{value}”不是有效取值,应为:{allowed}",
    ),
    "bad_int": ("'{value}' is not a whole number", "“{value}”不是整数"),
    "negative": ("'{value}' must not be negative", "“{value}”不能为负数"),
    "duplicate_id": (
        "duplicate id '{value}' (first seen in row {first})",
        "编号“{value}”重复(首次出现在第 {first} 行)",
    ),
    "unknown_ref": ("unknown {what} '{value}'", "未知的{what_zh}“{value}”"),
    "two_in_post": (
        "post '{post}' is already held by {other} (row {first})",
        "岗位“{post}”已由 {other} 担任(第 {first} 行)",
    ),
    "level_mismatch": (
        "cadre level '{level}' differs from the level '{post_level}' of post '{post}'",
        "干部职级“{level}”与岗位“{post}”的层级“{post_level}”不一致",
    ),
    "birth_after_start": (
        "birth date {birth} is not before post start {start}",
        "出生日期 {birth} 不早于任现岗时间 {start}",
    ),
    "too_young_for_post": (
        "post start {start} is before the cadre's 16th birthday ({birth})",
        "任现岗时间 {start} 早于该干部 16 周岁({birth})",
    ),
    "end_before_start": (
        "end {end} is before start {start}",
        "结束时间 {end} 早于开始时间 {start}",
    ),
    "history_after_post": (
        "history entry starts {start}, after the current post (since {start_post}); "
        "history lists earlier assignments",
        "任职经历开始于 {start},晚于任现岗时间 {start_post};任职经历应为此前的任职",
    ),
    "post_since_missing": (
        "a placed cadre needs post_since",
        "已任职干部必须填写任现岗时间",
    ),
    "post_unit_mismatch": (
        "post '{post}' belongs to unit '{post_unit}', not '{unit}'",
        "岗位“{post}”属于单位“{post_unit}”,不是“{unit}”",
    ),
    "self_relation": ("a cadre cannot be its own relative", "干部不能与本人存在亲属关系"),
    "bad_year": ("'{value}' is not a plausible year", "“{value}”不是合理的年份"),
    "duplicate_appraisal": (
        "second appraisal for {cadre} in {year} (first in row {first})",
        "{cadre} 在 {year} 年有两条考核记录(首条在第 {first} 行)",
    ),
    "bad_encoding": (
        "the file is neither UTF-8 nor GBK/GB18030 text",
        "文件既不是 UTF-8 也不是 GBK/GB18030 编码的文本",
    ),
    "not_xlsx": ("not a readable .xlsx workbook: {reason}", "不是可读取的 .xlsx 工作簿:{reason}"),
    "no_roster": (
        "'{path}' is neither a folder of CSV files nor an .xlsx workbook",
        "“{path}”既不是 CSV 文件夹,也不是 .xlsx 工作簿",
    ),
    "bad_setting": ("setting as_of: {reason}", "设置项 as_of:{reason}"),
    "too_large": (
        "the file is larger than the {limit} MB limit",
        "文件超过 {limit} MB 的上限",
    ),
    "too_large_unpacked": (
        "the workbook would unpack to more than {limit} MB (or holds more than {members} "
        "parts); refused before reading it",
        "工作簿解压后超过 {limit} MB(或包含超过 {members} 个部件),拒绝读取",
    ),
    "too_many_rows": (
        "more than {limit} rows of data",
        "数据超过 {limit} 行",
    ),
    "control_char": (
        "the value holds a control character ({code}); retype it",
        "该项含有控制字符({code}),请重新输入",
    ),
    "bad_csv": ("not a readable CSV file: {reason}", "不是可读取的 CSV 文件:{reason}"),
    "too_big": ("'{value}' is larger than {limit}", "“{value}”超过上限 {limit}"),
    "values_hidden": (
        "(values of personal-data columns are shown as ***; --verbose shows them)",
        "(涉及个人信息的列的取值显示为 ***;加 --verbose 显示)",
    ),
    # --- cli -----------------------------------------------------------------------------
    "using_example": (
        "No roster given: using the bundled example commission.",
        "未指定花名册:使用内置示例委机关。",
    ),
    "roster_errors": (
        "{n} problem(s) in roster {path}:",
        "花名册 {path} 中有 {n} 处问题:",
    ),
}

WHAT_ZH = {
    "unit": "单位",
    "post": "岗位",
    "cadre": "干部",
    "leader": "委领导",
    "cadre or leader": "干部或委领导",
}


def t(key: str, lang: str = "en", **kwargs: object) -> str:
    en, zh = MESSAGES[key]
    template = zh if lang == "zh" else en
    if "what" in kwargs and "what_zh" not in kwargs:
        kwargs["what_zh"] = WHAT_ZH.get(str(kwargs["what"]), kwargs["what"])
    return template.format(**kwargs)


@dataclass(frozen=True)
class Text:
    """A message kept as key + arguments so it can be rendered in either language."""

    key: str
    args: dict[str, object] = field(default_factory=dict)

    def render(self, lang: str = "en") -> str:
        return t(self.key, lang, **self.args)

    def __str__(self) -> str:
        return self.render("en")
