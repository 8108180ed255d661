"""The command line: load, call the library, render. Nothing else lives here."""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import click

from rotaplan.errors import RosterError, RotaplanError, UsageError
from rotaplan.i18n import t
from rotaplan.models.dates import parse_date
from rotaplan.models.roster import Roster


def _lang_of(ctx: click.Context | None) -> str:
    while ctx is not None:
        lang = ctx.params.get("lang")
        if lang:
            return lang
        ctx = ctx.parent
    return "en"


class RotaplanGroup(click.Group):
    """Turns library errors into clean messages and exit codes; never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RosterError as exc:
            click.echo(exc.render(_lang_of(getattr(exc, "click_ctx", None)) or "en"), err=True)
            sys.exit(exc.exit_code)
        except RotaplanError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except Exception as exc:  # the last line of defence: no traceback for users
            if os.environ.get("ROTAPLAN_DEBUG"):
                raise
            click.echo(f"Internal error: {type(exc).__name__}: {exc}", err=True)
            sys.exit(1)


def roster_argument(fn):
    return click.argument("roster", required=False, type=click.Path(path_type=Path))(fn)


def common_options(fn):
    """--as-of, --lang: shared by every command that reads a roster."""
    fn = click.option(
        "--as-of",
        "as_of",
        default=None,
        help="Plan date (YYYY-MM-DD). Default: the roster's settings as_of, else today.",
    )(fn)
    fn = click.option(
        "--lang",
        type=click.Choice(["en", "zh"]),
        default="en",
        show_default=True,
        help="Language of messages and reports.",
    )(fn)
    return fn


def scenario_option(fn):
    return click.option(
        "--scenario",
        "scenario",
        default=None,
        help="Scenario YAML file, or the name of a bundled one (see: rotaplan scenarios).",
    )(fn)


def load_with_scenario(roster_path, scenario_spec, lang, stack):
    """The roster with the scenario applied (a new roster; the input is never changed)."""
    from rotaplan.scenarios import load_scenario

    scenario = load_scenario(scenario_spec)
    roster = load(roster_path, lang, stack)
    return scenario.apply(roster), scenario


def out_options(fn):
    fn = click.option(
        "--out", type=click.Path(path_type=Path), default=None, help="Output folder."
    )(fn)
    fn = click.option("--force", is_flag=True, help="Replace an existing, non-empty --out folder.")(
        fn
    )
    return fn


def load(roster_path: Path | None, lang: str, stack: ExitStack) -> Roster:
    from rotaplan.example import example_roster
    from rotaplan.models import load_roster

    if roster_path is None:
        click.echo(t("using_example", lang), err=True)
        roster_path = stack.enter_context(example_roster())
    try:
        return load_roster(roster_path)
    except RosterError as exc:
        click.echo(exc.render(lang), err=True)
        sys.exit(exc.exit_code)


def resolve_as_of(option: str | None, roster: Roster, scenario=None) -> date:
    """--as-of, else the scenario's as_of, else the roster's settings, else today."""
    scenario_as_of = scenario.as_of.isoformat() if scenario is not None and scenario.as_of else None
    for source, value in (
        ("--as-of", option),
        ("scenario as_of", scenario_as_of),
        ("settings as_of", roster.as_of_setting),
    ):
        if value:
            try:
                return parse_date(value)
            except ValueError as exc:
                raise UsageError(f"{source}: {exc}") from None
    return date.today()


@click.group(cls=RotaplanGroup)
@click.version_option(package_name="rotaplan")
def main() -> None:
    """rotaplan: plan cadre rotation (交流轮岗) rule by rule, with OR-Tools CP-SAT.

    Omit ROSTER to use the bundled example commission.
    """


@main.command("check")
@roster_argument
@common_options
@out_options
def check_cmd(
    roster: Path | None, as_of: str | None, lang: str, out: Path | None, force: bool
) -> None:
    """Audit a roster: who is due and why, who is exempt, who may be promoted.

    Example: rotaplan check roster.xlsx --as-of 2016-01-01 --out audit/
    """
    from rotaplan.audit import check

    with ExitStack() as stack:
        data = load(roster, lang, stack)
        result = check(data, resolve_as_of(as_of, data))
        if out is not None:
            result.write(out, lang, force)
        click.echo(result.summary(lang))


def solver_options(fn):
    fn = click.option(
        "--time-limit",
        type=click.FloatRange(min=0.1),
        default=60.0,
        show_default=True,
        help="Wall-clock limit of the whole solve, in seconds.",
    )(fn)
    fn = click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="CP-SAT workers (default: cores, at most 8).",
    )(fn)
    fn = click.option(
        "--seed",
        type=int,
        default=0,
        show_default=True,
        help="Random seed of the solver and of the tie-break.",
    )(fn)
    return fn


@main.command("plan")
@roster_argument
@common_options
@scenario_option
@out_options
@solver_options
def plan_cmd(roster, as_of, lang, scenario, out, force, time_limit, workers, seed) -> None:
    """Propose one cycle's moves, promotions and portfolio changes.

    Example: rotaplan plan roster.xlsx --out plan/ --time-limit 30
    """
    from rotaplan.optimizer.solve import SolveOptions, default_workers
    from rotaplan.plan import make_plan

    options = SolveOptions(
        time_limit=time_limit,
        workers=workers or default_workers(),
        seed=seed,
        progress=lambda line: click.echo(line, err=True),
    )
    with ExitStack() as stack:
        data, scen = load_with_scenario(roster, scenario, lang, stack)
        plan = make_plan(
            data, resolve_as_of(as_of, data, scen), scen.params, options, scen.pins, scen.bans
        )
    if not plan.feasible:
        if plan.result.diagnosis is not None:
            click.echo(plan.result.diagnosis.render(lang), err=True)
        else:
            click.echo(
                f"No plan found within {time_limit:g}s (status {plan.result.status}).", err=True
            )
        sys.exit(3)
    if out is not None:
        plan.write(out, lang, force, scenario=scen.summary_dict())
    click.echo(plan.summary(lang))
    if out is not None:
        click.echo(f"\nWrote {out}/plan.csv, supervision.csv, findings.csv, summary.json")


@main.command("verify")
@click.argument("roster", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@common_options
@scenario_option
def verify_cmd(roster, plan_dir, as_of, lang, scenario) -> None:
    """Check a plan independently of the model: exit 0 if every hard rule holds, else 1.

    --as-of defaults to the as_of in PLAN_DIR/summary.json.

    Example: rotaplan verify roster.xlsx plan/
    """
    import json

    from rotaplan.verify import verify

    with ExitStack() as stack:
        data, scen = load_with_scenario(roster, scenario, lang, stack)
        if as_of is None and (plan_dir / "summary.json").is_file():
            try:
                as_of = json.loads((plan_dir / "summary.json").read_text(encoding="utf-8")).get(
                    "as_of"
                )
            except (ValueError, OSError):
                as_of = None
        result = verify(
            data, plan_dir, resolve_as_of(as_of, data, scen), scen.params, scen.pins, scen.bans
        )
    click.echo(result.summary(lang))
    sys.exit(0 if result.ok else 1)


@main.command("scenarios")
def scenarios_cmd() -> None:
    """List the bundled scenarios with their descriptions.

    Example: rotaplan scenarios
    """
    from rotaplan.scenarios import bundled_names, load_scenario

    for name in bundled_names():
        click.echo(f"{name:22} {load_scenario(name).description}")


@main.command("example")
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace an existing, non-empty TARGET folder.")
def example_cmd(target: Path, force: bool) -> None:
    """Write the bundled example roster as CSV files and a Chinese roster.xlsx.

    Example: rotaplan example my-roster/
    """
    from rotaplan.example import export_example

    export_example(target, force)
    click.echo(f"Wrote the example roster to {target}/ (CSV files and roster.xlsx)")


if __name__ == "__main__":  # pragma: no cover
    main()
