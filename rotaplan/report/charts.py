"""Charts of the packet as PNG bytes (matplotlib, no pyplot state), Chinese labels drawn with
the CJK font of :mod:`rotaplan.report.fonts`."""

from __future__ import annotations

import base64
import io
from contextlib import contextmanager

from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from rotaplan.report.labels import label

BEFORE = "#a9b4c2"
AFTER = "#2f5d9a"
TARGET = "#b42318"
INK = "#1f2933"
DPI = 150


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


@contextmanager
def _style():
    """matplotlib settings of every chart, the CJK font first."""
    import matplotlib

    from rotaplan.report.fonts import cjk_family

    with matplotlib.rc_context(
        {
            "font.family": cjk_family(),
            "font.size": 8,
            "axes.edgecolor": "#98a2b3",
            "axes.linewidth": 0.6,
            "axes.titlesize": 9,
            "xtick.color": INK,
            "ytick.color": INK,
            "axes.unicode_minus": False,
        }
    ):
        yield


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def structure_chart(rows: list[dict], lang: str) -> bytes:
    """One small panel per 二(一) indicator: before and after bars against the target line.

    ``rows``: dicts with ``label``, ``before``, ``after``, ``target`` (numbers: percent for
    shares, persons for absolute targets), ``target_text`` and ``share`` (bool).
    """
    columns = 3
    lines = max(1, -(-len(rows) // columns))
    with _style():
        figure = Figure(figsize=(7.2, 2.3 * lines + 0.2), dpi=DPI)
        _structure_panels(figure, rows, lang, columns, lines)
        return _png(figure)


def _structure_panels(figure, rows: list[dict], lang: str, columns: int, lines: int) -> None:
    axes = figure.subplots(lines, columns, squeeze=False)
    names = (label("before", lang), label("after", lang))
    for index, ax in enumerate(axes.flat):
        if index >= len(rows):
            ax.axis("off")
            continue
        row = rows[index]
        values = (row["before"], row["after"])
        unit = "%" if row["share"] else ("人" if lang == "zh" else "")
        top = max(*values, row["target"], 1) * 1.3
        ax.bar(names, values, color=(BEFORE, AFTER), width=0.55)
        ax.axhline(row["target"], color=TARGET, linestyle=(0, (4, 2)), linewidth=1)
        for x, value in enumerate(values):
            ax.text(
                x,
                value + top * 0.02,
                f"{value:.1f}{unit}" if row["share"] else f"{value:g}{unit}",
                ha="center",
                va="bottom",
                fontsize=7.5,
                color=INK,
            )
        ax.set_ylim(0, top)
        ax.set_xlim(-0.6, 1.6)
        ax.set_title(
            f"{row['label']}\n{label('target', lang)} {row['target_text']}", color=INK, pad=4
        )
        if row["share"]:
            ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.tick_params(axis="y", labelsize=6.5, length=2)
        ax.tick_params(axis="x", labelsize=7.5, length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    figure.subplots_adjust(left=0.07, right=0.99, top=0.9, bottom=0.07, wspace=0.32, hspace=0.7)


def reasons_chart(counts: list[tuple[str, int]], lang: str) -> bytes:
    """Horizontal bars: how many changes each rule caused or rewarded (as main reason)."""
    with _style():
        figure = Figure(figsize=(7.2, 0.3 + 0.24 * max(1, len(counts))), dpi=DPI)
        _reason_bars(figure.add_subplot(1, 1, 1), counts)
        figure.tight_layout(pad=0.3)
        return _png(figure)


def _reason_bars(ax, counts: list[tuple[str, int]]) -> None:
    names = [name for name, _ in counts][::-1]
    values = [value for _, value in counts][::-1]
    ax.barh(names, values, color=AFTER, height=0.6)
    for y, value in enumerate(values):
        ax.text(value + 0.1, y, str(value), va="center", fontsize=7.5, color=INK)
    ax.set_xlim(0, max(values, default=1) * 1.15 + 0.5)
    ax.tick_params(axis="y", labelsize=7.5, length=0)
    ax.tick_params(axis="x", labelsize=6.5, length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
