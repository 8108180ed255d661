"""The CJK font of the charts: Noto Sans CJK (Debian's ``fonts-noto-cjk``), found through
matplotlib's font manager. Without it Chinese labels would print as empty boxes, so its
absence is an error, never a silent fallback."""

from __future__ import annotations

from functools import cache

from rotaplan.errors import RotaplanError

# Simplified Chinese first: the other faces of the collection draw some characters the
# Japanese or traditional way.
PREFERRED = ("Noto Sans CJK SC", "Noto Sans SC", "Noto Sans CJK TC", "Noto Sans CJK JP")

# The stack of the HTML: the same font when installed, else what Chinese desktops have.
CSS_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "SimHei", "WenQuanYi Micro Hei", sans-serif'
)


class FontMissingError(RotaplanError):
    """No CJK font for the charts (exit code 1: the installation, not the input, is wrong)."""


def _find(names) -> str | None:
    from matplotlib import font_manager

    available = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in names if name in available), None)


@cache
def cjk_family() -> str:
    """The family name matplotlib knows the CJK font by, e.g. ``Noto Sans CJK SC``."""
    from matplotlib import font_manager

    found = _find(PREFERRED)
    if found is None:
        # matplotlib caches its font list: a font installed after the cache was built
        # is only seen once its files are added.
        for path in font_manager.findSystemFonts():
            if "notosanscjk" in path.lower().replace("-", "").replace("_", ""):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = _find(PREFERRED)
    if found is None:
        raise FontMissingError(
            "no Chinese font for the charts: Noto Sans CJK was not found. "
            "Install it (Debian/Ubuntu: apt-get install fonts-noto-cjk) and run again."
        )
    return found
