"""``rotaplan report``: the deliberation packet of a plan folder. The main CLI registers
:data:`report_cmd` with ``main.add_command``."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import click

from rotaplan.errors import RosterError, RotaplanError
from rotaplan.verbose import verbose_of, verbose_option


@click.command("report")
@click.argument("plan_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--roster",
    type=click.Path(path_type=Path),
    default=None,
    help="The roster the plan was made from (folder or .xlsx). Default: the bundled example.",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the packet.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="HTML file to write. Default: PLAN_DIR/report.html.",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Replace every name by a stable pseudonym (干部-7F3A) in the HTML, workbook and charts.",
)
@verbose_option
@click.option(
    "--xlsx",
    is_flag=True,
    help="Also write the packet's tables as PLAN_DIR/plan.xlsx, beside the CSV files.",
)
def report_cmd(
    plan_dir: Path, roster: Path | None, lang: str, out: Path | None, redact: bool, xlsx: bool
) -> None:
    """Write a plan's deliberation packet: ONE self-contained HTML file (charts, move chains,
    every move with its policy clause, a blank decision column) that prints on A4.

    Example: rotaplan report plan/ --roster roster.xlsx --out packet.html --xlsx
    """
    from rotaplan.cli import load
    from rotaplan.io import not_an_input
    from rotaplan.report.excel import write_workbook
    from rotaplan.report.html import write_report

    try:
        not_an_input(out, [("the roster", roster)], "--out")
        with ExitStack() as stack:
            data = load(roster, lang, stack)
            html = write_report(data, plan_dir, out, lang, redact)
            book = write_workbook(data, plan_dir, None, lang, redact) if xlsx else None
    except RosterError as exc:
        click.echo(exc.render(lang, verbose_of()), err=True)
        sys.exit(exc.exit_code)
    except RotaplanError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_code)
    click.echo(f"Wrote {html}" + (f" and {book}" if book else ""))
