"""render_compare: a comparison table, one column per scenario, in the packet's style."""

from __future__ import annotations

from rotaplan.report import render_compare
from tests.report.page import external_requests, parse

ROWS = [
    {"metric": "调整人数", "default": 30, "strict": 32},
    {"metric": "提拔", "default": 9, "strict": 9},
    {"metric": "<b>未满足</b> UNIT_CONTINUITY", "default": 1, "strict": ""},
]


def test_one_column_per_scenario_and_differences_shaded():
    html = render_compare(ROWS, "zh")
    page = parse(html)
    assert [a.get("class") for a in page.all("section")] == ["sheet"]
    headers = [t for t in page.text if t.strip()]
    assert "方案情景比较" in headers and "default" in headers and "strict" in headers
    rows = page.all("tr")
    # the header row, then one per metric: 30/32 and 1/"" differ, 9/9 does not
    assert [r.get("class") for r in rows] == [None, "changed", None, "changed"]
    assert "<b>未满足</b>" not in html and "&lt;b&gt;未满足&lt;/b&gt;" in html
    assert external_requests(html) == []


def test_english_and_empty():
    html = render_compare([], "en")
    assert "Scenario comparison" in html and "<table>" not in html
