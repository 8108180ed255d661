"""Charts are PNGs drawn with the CJK font; without the font the report fails clearly."""

from __future__ import annotations

import io

import pytest
from matplotlib import image

from rotaplan.report import charts, fonts


def pixels(png: bytes):
    return image.imread(io.BytesIO(png), format="png")


def test_the_cjk_font_is_found():
    assert "CJK" in fonts.cjk_family() or fonts.cjk_family().startswith("Noto Sans")


def test_structure_chart_is_a_png_with_ink():
    rows = [
        {
            "label": "正科职40岁以下",
            "before": 9.5,
            "after": 17.4,
            "target": 20.0,
            "target_text": "≥ 20%",
            "share": True,
        },
        {
            "label": "正科职33–37岁",
            "before": 1,
            "after": 3,
            "target": 3,
            "target_text": "≥ 3",
            "share": False,
        },
    ]
    png = charts.structure_chart(rows, "zh")
    assert png.startswith(b"\x89PNG")
    assert pixels(png).var() > 0


def test_reasons_chart():
    png = charts.reasons_chart([("关键岗位任职满5年", 4), ("亲属回避", 2)], "zh")
    assert pixels(png).var() > 0


def test_missing_font_fails_with_the_package_to_install(monkeypatch):
    from matplotlib import font_manager

    monkeypatch.setattr(fonts, "PREFERRED", ("No Such Font CJK",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    fonts.cjk_family.cache_clear()
    try:
        with pytest.raises(fonts.FontMissingError, match="fonts-noto-cjk"):
            fonts.cjk_family()
    finally:
        fonts.cjk_family.cache_clear()
