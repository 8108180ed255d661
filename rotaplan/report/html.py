"""The deliberation packet as ONE self-contained HTML file: styles inline, charts as base64
PNG, the move-chain graph as inline SVG; nothing is fetched when it is opened or printed."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from markupsafe import Markup

from rotaplan.models.roster import Roster
from rotaplan.report.chains import draw_chain
from rotaplan.report.charts import data_uri, reasons_chart, structure_chart
from rotaplan.report.data import gather
from rotaplan.report.fonts import CSS_FAMILY
from rotaplan.report.labels import label, labeller

ZH_NUMERALS = "一二三四五六七八九十"


@cache
def _env():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("rotaplan.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _globals(lang: str, running_head: str) -> dict:
    zh = lang == "zh"
    return {
        "lang": lang,
        "L": labeller(lang),
        # section numbers the Chinese way: 一、 and (一)
        "num": lambda i: f"{ZH_NUMERALS[i - 1]}、" if zh else f"{i}. ",
        "sub": lambda i: f"({ZH_NUMERALS[i - 1]})" if zh else f"({i}) ",
        "font_family": Markup(CSS_FAMILY),
        "running_head": _css_string(running_head),
    }


def _css_string(text: str) -> Markup:
    """Text for a CSS string literal inside the stylesheet."""
    safe = "".join(ch if ch.isalnum() or ch in " ·-:()/" else " " for ch in text)
    return Markup(safe)


def build_report(
    roster: Roster, plan_dir: str | Path, lang: str = "zh", redact: bool = False
) -> str:
    """The packet of the plan in ``plan_dir`` (SPEC §5 files) as one HTML string."""
    data = gather(roster, plan_dir, lang, redact)
    reasons = [(row["title"], row["count"]) for row in data["by_reason"]]
    charts = {
        "structure": data_uri(structure_chart(data["structure"], lang)),
        "reasons": data_uri(reasons_chart(reasons, lang)) if reasons else "",
        "chains": [Markup(draw_chain(chain, lang)) for chain in data["chain_objects"]],
    }
    head = f"{label('doc_title', lang)} · {data['meta']['as_of']}"
    template = _env().get_template("report.html.j2")
    return template.render(d=data, charts=charts, **_globals(lang, head))


def write_report(
    roster: Roster,
    plan_dir: str | Path,
    out: str | Path | None = None,
    lang: str = "zh",
    redact: bool = False,
) -> Path:
    """Write the packet (default ``PLAN_DIR/report.html``) at once: a reader never sees half."""
    target = Path(out) if out is not None else Path(plan_dir) / "report.html"
    write_text_atomic(target, build_report(roster, plan_dir, lang, redact))
    return target


def write_text_atomic(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_compare(rows: list[dict], lang: str = "zh") -> str:
    """A comparison page in the packet's style: ``rows`` are dicts whose first key names the
    metric and whose other keys are the scenarios (one column each); rows whose values
    differ between scenarios are shaded."""
    columns: list[str] = []
    for row in rows:
        for key in list(row)[1:]:
            if key not in columns:
                columns.append(key)
    table = []
    for row in rows:
        keys = list(row)
        cells = ["" if row.get(c) is None else row.get(c, "") for c in columns]
        table.append(
            {
                "head": row[keys[0]] if keys else "",
                "cells": cells,
                "differs": len({str(c) for c in cells}) > 1,
            }
        )
    template = _env().get_template("compare.html.j2")
    return template.render(
        columns=columns, rows=table, **_globals(lang, label("compare_title", lang))
    )
