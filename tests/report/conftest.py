"""One plan of the bundled example, solved once per test session, and the packet made from its
folder; plus headless Chromium, which the browser tests need (CI installs it)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from rotaplan.example import example_roster
from rotaplan.models import Roster, load_roster
from rotaplan.optimizer.solve import SolveOptions
from rotaplan.plan import make_plan
from rotaplan.report import build_report

# 8 workers prove optimality on the example in seconds; a slower machine still gets a
# feasible plan, and no test below depends on which one.
OPTIONS = SolveOptions(time_limit=60, workers=8, seed=0)


@pytest.fixture(scope="session")
def roster() -> Roster:
    with example_roster() as folder:
        return load_roster(folder)


@pytest.fixture(scope="session")
def plan_dir(roster: Roster, tmp_path_factory) -> Path:
    """The example's plan, as SPEC §5 files: the report reads nothing else."""
    from datetime import date

    plan = make_plan(roster, date.fromisoformat(roster.as_of_setting), options=OPTIONS)
    assert plan.feasible
    out = tmp_path_factory.mktemp("plan") / "plan"
    plan.write(out, "en")
    return out


@pytest.fixture(scope="session")
def report_html(roster: Roster, plan_dir: Path) -> str:
    return build_report(roster, plan_dir, "zh")


@pytest.fixture(scope="session")
def redacted_html(roster: Roster, plan_dir: Path) -> str:
    return build_report(roster, plan_dir, "zh", redact=True)


def chromium() -> str:
    """The headless browser; its absence FAILS the test (CI installs Debian's chromium)."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        "headless Chromium is needed to render the report: install it "
        "(Debian: apt-get install chromium; .ci/run does this) and run the tests again",
        pytrace=False,
    )


def render(html: Path, tmp: Path, *, pdf: Path | None = None, png: Path | None = None) -> None:
    """Render ``html`` with headless Chromium to a PDF (print) or a PNG (screen)."""
    args = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'chromium-profile'}",
    ]
    if pdf is not None:
        args += ["--no-pdf-header-footer", f"--print-to-pdf={pdf}"]
    if png is not None:
        args += ["--window-size=860,1200", f"--screenshot={png}"]
    done = subprocess.run(
        [*args, html.resolve().as_uri()], capture_output=True, text=True, timeout=120
    )
    target = pdf or png
    assert target is not None and target.is_file() and target.stat().st_size > 0, (
        f"chromium wrote no {target} (exit {done.returncode}):\n{done.stderr[-2000:]}"
    )
