"""The HTML packet: parses, names every moved cadre and every reason's rule, explains each
reason with its clause, and fetches nothing from anywhere."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from rotaplan.report import build_report, write_report
from rotaplan.report.data import PLAN_FILES
from rotaplan.rules.catalog import CATALOG
from tests.report.page import external_requests, parse

SECTIONS = ["summary", "moves", "due", "supervision", "structure", "chains", "appendix"]


def plan_rows(plan_dir: Path) -> list[dict]:
    with open(plan_dir / "plan.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_parses_with_every_section_in_order(report_html):
    page = parse(report_html)
    assert page.open_sections == 0  # every <section> closed
    ids = [attrs["id"] for attrs in page.all("section")]
    assert ids == SECTIONS
    assert parse(report_html).all("html")[0]["lang"] == "zh-CN"


def test_every_moved_cadre_and_every_reason_rule_is_in_it(report_html, plan_dir):
    moved = [row for row in plan_rows(plan_dir) if row["change"] != "stay"]
    assert moved, "the example plan moves somebody"
    text = parse(report_html).visible
    for row in moved:
        assert row["name"] in text, row
        for rule_id in filter(None, row["reasons"].split(";")):
            assert rule_id in report_html, (row["cadre_id"], rule_id)


def test_each_reason_cites_its_clause_on_hover_and_in_a_footnote(report_html):
    page = parse(report_html)
    reasons = [attrs for name, attrs in page.tags if name == "span" and "data-rule" in attrs]
    cited = [r for r in reasons if "title" in r]  # the moves table's reasons
    assert cited
    notes = {attrs["id"] for attrs in page.all("li") if attrs.get("id", "").startswith("note-")}
    for reason in cited:
        rule = CATALOG.get(reason["data-rule"])
        assert reason["title"], reason
        if rule is not None and rule.clause_zh:
            # the hover text is the clause's own Chinese words
            assert rule.clause_zh in reason["title"], reason
    links = {a["href"] for a in page.all("a") if a.get("href", "").startswith("#note-")}
    assert {f"#{n}" for n in notes} == links
    # the footnote quotes the policy
    assert CATALOG["KEY_POST_TENURE"].clause_zh in page.visible


def test_no_external_request(report_html):
    assert external_requests(report_html) == []
    page = parse(report_html)
    assert page.all("link") == []
    assert all("src" not in attrs for attrs in page.all("script"))
    # the charts are inline images
    images = page.all("img")
    assert images and all(attrs["src"].startswith("data:image/png;base64,") for attrs in images)


def test_the_checker_would_catch_an_external_request():
    bad = '<img src="https://x/y.png"><link rel=stylesheet href="a.css"><script src="//c/d.js"></script>'
    assert len(external_requests(bad)) == 4
    assert external_requests("<style>p { background: url(http://x/y.png) }</style>")


def test_print_stylesheet_breaks_pages_and_repeats_table_headers(report_html):
    assert "@page" in report_html and "size: A4" in report_html
    assert "break-before: page" in report_html
    assert "display: table-header-group" in report_html


def test_decision_column_is_left_blank_for_the_meeting(report_html):
    assert report_html.count("□同意 □调整 □暂缓") >= len(
        [r for r in parse(report_html).all("tr") if "data-cadre" in r]
    )


def test_english_packet(roster, plan_dir):
    html = build_report(roster, plan_dir, "en")
    page = parse(html)
    assert page.all("html")[0]["lang"] == "en"
    assert "Proposed moves" in page.visible and "拟调整人员名单" not in page.visible
    assert external_requests(html) == []


def test_write_report_defaults_to_the_plan_folder(roster, plan_dir, tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(plan_dir, folder)
    out = write_report(roster, folder)
    assert out == folder / "report.html"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*PLAN_FILES, "report.html"])


def test_ids_are_unique_and_every_internal_link_resolves(report_html):
    # several inline SVG graphs share the page: their ids must not collide
    page = parse(report_html)
    ids = [attrs["id"] for _, attrs in page.with_attr("id")]
    assert len(ids) == len(set(ids))
    refs = [
        value[1:]
        for _, attrs in page.tags
        for key, value in attrs.items()
        if key in ("href", "xlink:href") and value.startswith("#")
    ]
    assert refs and set(refs) <= set(ids)


def test_a_hostile_name_stays_text(roster, plan_dir):
    from dataclasses import replace

    moved = next(row["cadre_id"] for row in plan_rows(plan_dir) if row["change"] != "stay")
    name = '<script src="https://x/y.js"></script>=HYPERLINK("http://x","y")'
    cadres = {**roster.cadres, moved: replace(roster.cadres[moved], name=name)}
    html = build_report(replace(roster, cadres=cadres), plan_dir, "zh")
    assert "<script" not in html
    assert external_requests(html) == []
    assert name in parse(html).visible
