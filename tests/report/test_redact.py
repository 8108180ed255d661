"""--redact: every cadre's and leader's name becomes a stable pseudonym in every output."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from rotaplan.report import build_report, write_workbook
from rotaplan.report.data import pseudonym, pseudonyms

ALIAS = re.compile(r"(?:干部|领导)-[0-9A-F]{4,}")


def real_names(roster) -> list[str]:
    return [c.name for c in roster.cadres.values()] + [x.name for x in roster.leaders.values()]


def test_no_real_name_in_the_html(roster, redacted_html):
    left = [name for name in real_names(roster) if name in redacted_html]
    assert left == []
    # the chain graphs carry their labels too (as SVG comments of the glyph paths)
    assert "<svg" in redacted_html
    aliases = set(ALIAS.findall(redacted_html))
    assert len(aliases) >= 30


def test_no_real_name_in_the_workbook(roster, plan_dir, tmp_path):
    path = write_workbook(roster, plan_dir, tmp_path / "r.xlsx", "zh", redact=True)
    values = [
        str(cell.value)
        for sheet in load_workbook(path)
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    text = "\n".join(values)
    assert [name for name in real_names(roster) if name in text] == []
    assert ALIAS.search(text)
    assert "C001" not in text  # cadre ids are dropped too: they would undo the pseudonyms


def test_pseudonyms_are_stable_and_distinct(roster, plan_dir, redacted_html):
    again = build_report(roster, plan_dir, "zh", redact=True)
    assert set(ALIAS.findall(again)) == set(ALIAS.findall(redacted_html))
    names = pseudonyms(roster, "zh")
    assert len(set(names.values())) == len(names) == len(roster.cadres) + len(roster.leaders)
    assert names["C001"] == pseudonym("C001", "干部") and names["C001"].startswith("干部-")
    assert pseudonyms(roster, "en")["C001"].startswith("Cadre-")


def test_longer_hashes_when_four_digits_clash(monkeypatch):
    from rotaplan.report import data

    class Tiny:
        cadres = {"A": None, "B": None}
        leaders = {}

    monkeypatch.setattr(
        data,
        "pseudonym",
        lambda ident, prefix, length=4: f"{prefix}-{length}" + (ident if length > 4 else ""),
    )
    assert data.pseudonyms(Tiny, "zh") == {"A": "干部-5A", "B": "干部-5B"}
