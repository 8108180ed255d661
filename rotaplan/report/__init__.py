"""The deliberation packet: one self-contained HTML report, an Excel workbook, charts and
move chains, made from a roster and a plan folder (SPEC §5 files).

The public functions are imported on first use, so that importing :mod:`rotaplan.report.cli`
(as the main command line does) does not load matplotlib.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_PUBLIC = {
    "build_report": "rotaplan.report.html",
    "write_report": "rotaplan.report.html",
    "render_compare": "rotaplan.report.html",
    "write_workbook": "rotaplan.report.excel",
}
__all__ = ["build_report", "render_compare", "write_report", "write_workbook"]

if TYPE_CHECKING:
    from rotaplan.report.excel import write_workbook
    from rotaplan.report.html import build_report, render_compare, write_report


def __getattr__(name: str):
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
