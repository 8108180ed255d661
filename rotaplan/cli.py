"""The command line: load, call the library, render. Nothing else lives here."""

from __future__ import annotations

import dataclasses
import os
import sys
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import click

from rotaplan.errors import RosterError, RotaplanError, UsageError
from rotaplan.i18n import t
from rotaplan.io import check_out, not_an_input
from rotaplan.models.dates import parse_date
from rotaplan.models.roster import Roster
from rotaplan.verbose import verbose_of, verbose_option


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
            lang = _lang_of(getattr(exc, "click_ctx", None)) or "en"
            click.echo(exc.render(lang, verbose_of(ctx)), err=True)
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


def redact_option(fn):
    return click.option(
        "--redact",
        is_flag=True,
        help="Pseudonyms (Cadre-7F3A, 干部-7F3A) instead of names in every file and on screen.",
    )(fn)


def roster_argument(fn):
    return click.argument("roster", required=False, type=click.Path(path_type=Path))(fn)


def common_options(fn):
    """--as-of, --lang, --verbose: shared by every command that reads a roster."""
    fn = verbose_option(fn)
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


def load_with_scenario(roster_path, scenario_spec, lang, stack, redact: bool = False):
    """The roster with the scenario applied (a new roster; the input is never changed)."""
    from rotaplan.scenarios import load_scenario

    scenario = load_scenario(scenario_spec)
    roster = load(roster_path, lang, stack)
    applied = scenario.apply(roster)
    return (redacted(applied, lang) if redact else applied), scenario


def redacted(roster: Roster, lang: str) -> Roster:
    """--redact: every person's name replaced by the pseudonym the report uses, before
    anything is computed, so that files, console and packet all show the same ones."""
    from rotaplan.report.data import redact

    return redact(roster, lang)


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
        click.echo(exc.render(lang, verbose_of()), err=True)
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
@scenario_option
@out_options
@redact_option
def check_cmd(
    roster: Path | None,
    as_of: str | None,
    lang: str,
    scenario: str | None,
    out: Path | None,
    force: bool,
    redact: bool,
) -> None:
    """Audit a roster: who is due and why, who is exempt, who may be promoted.

    Example: rotaplan check roster.xlsx --as-of 2016-01-01 --out audit/
    """
    from rotaplan.audit import check

    if out is not None:
        check_out(out, force, [("ROSTER", roster)])
    with ExitStack() as stack:
        data, scen = load_with_scenario(roster, scenario, lang, stack, redact)
        result = check(data, resolve_as_of(as_of, data, scen), scen.params)
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
        help="CP-SAT workers (default 1: measured fastest here, and deterministic).",
    )(fn)
    fn = click.option(
        "--seed",
        type=int,
        default=0,
        show_default=True,
        help="Random seed of the solver and of the tie-break.",
    )(fn)
    return fn


def make_options(time_limit, workers, seed):
    from rotaplan.optimizer.solve import SolveOptions, default_workers

    return SolveOptions(
        time_limit=time_limit,
        workers=workers or default_workers(),
        seed=seed,
        progress=lambda line: click.echo(line, err=True),
    )


def fail_infeasible(plan, lang: str, time_limit: float) -> None:
    if plan.result.diagnosis is not None:
        click.echo(plan.result.diagnosis.render(lang), err=True)
    elif plan.result.interrupted:
        click.echo(
            "已中断:尚未找到可行方案,未写入任何文件。"
            if lang == "zh"
            else "Interrupted before any plan was found; nothing written.",
            err=True,
        )
    else:
        click.echo(
            f"在 {time_limit:g} 秒内未找到方案(状态 {plan.result.status}),未写入任何文件;"
            "可加大 --time-limit。"
            if lang == "zh"
            else f"No plan found within {time_limit:g}s (status {plan.result.status}); "
            "nothing written. Try a larger --time-limit.",
            err=True,
        )
    sys.exit(3)


def note_interrupted(plan, lang: str) -> None:
    """The stderr line after Ctrl-C stopped the solve: the plan kept is the best so far."""
    if plan.feasible and plan.result.interrupted:
        gap = plan.result.gap
        gap_text = f"{100 * gap:.2f}%" if gap is not None else "-"
        click.echo(
            f"已中断:保留目前最好的方案(状态 {plan.result.status},gap {gap_text})。"
            if lang == "zh"
            else f"Interrupted: keeping the best plan found so far "
            f"(status {plan.result.status}, gap {gap_text}).",
            err=True,
        )


def stops_on_ctrl_c():
    """Ctrl-C while this is entered stops the running CP-SAT search (the plan found so far is
    kept) and makes any later solve raise KeyboardInterrupt: see rotaplan.optimizer.interrupt."""
    from rotaplan.optimizer.interrupt import watching

    return watching()


def report_option(help_text: str):
    """--report FILE.html, shared by plan and compare."""
    return click.option(
        "--report",
        "report_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help=help_text,
    )


@main.command("plan")
@roster_argument
@common_options
@scenario_option
@out_options
@solver_options
@click.option(
    "--alternatives",
    type=click.IntRange(min=0),
    default=0,
    help="Also write K alternative plans to OUT/alt-1 … OUT/alt-K.",
)
@click.option(
    "--min-diff",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Each alternative differs from every earlier plan in at least this many cadres' posts.",
)
@click.option(
    "--block-cadres",
    type=click.IntRange(min=0),
    default=None,
    help="Cut a large roster (over 400,000 cadre-post pairs) into blocks of about N cadres "
    "solved apart (default 150, or 300 when the time limit allows); 0: never, one candidate "
    "model instead.",
)
@report_option("Also write the deliberation packet (HTML) and OUT/plan.xlsx.")
@redact_option
def plan_cmd(
    roster,
    as_of,
    lang,
    scenario,
    out,
    force,
    time_limit,
    workers,
    seed,
    alternatives,
    min_diff,
    block_cadres,
    report_path,
    redact,
) -> None:
    """Propose one cycle's moves, promotions and portfolio changes.

    Example: rotaplan plan roster.xlsx --out plan/ --time-limit 30
    """
    from rotaplan.plan import alternatives as find_alternatives
    from rotaplan.plan import make_plan

    if report_path is not None and out is None:
        raise UsageError("--report needs --out (the packet is made from the plan's files)")
    if out is not None:
        check_out(out, force, [("ROSTER", roster)])
        not_an_input(report_path, [("ROSTER", roster)], "--report")
    options = make_options(time_limit, workers, seed)
    if block_cadres is not None:
        options = dataclasses.replace(options, block_cadres=block_cadres)
    with ExitStack() as stack:
        stack.enter_context(stops_on_ctrl_c())
        data, scen = load_with_scenario(roster, scenario, lang, stack, redact)
        plan = make_plan(
            data, resolve_as_of(as_of, data, scen), scen.params, options, scen.pins, scen.bans
        )
        if not plan.feasible:
            fail_infeasible(plan, lang, time_limit)
        note_interrupted(plan, lang)
        others = (
            find_alternatives(plan, alternatives, min_diff, options)
            if alternatives and not plan.result.interrupted
            else []
        )
    if out is not None:
        from rotaplan.io import atomic_dir

        with atomic_dir(out, force) as tmp:
            plan.write_files(tmp, lang, scen.summary_dict())
            for index, other in enumerate(others, start=1):
                (tmp / f"alt-{index}").mkdir()
                other.write_files(tmp / f"alt-{index}", lang, scen.summary_dict())
            if report_path is not None:
                from rotaplan.report.excel import write_workbook

                write_workbook(data, tmp, tmp / "plan.xlsx", lang, redact)
        if report_path is not None:
            from rotaplan.report.html import write_report

            write_report(data, out, report_path, lang, redact)
    click.echo(plan.summary(lang))
    for index, other in enumerate(others, start=1):
        differ = sum(
            1 for c in data.cadres if other.result.post_of.get(c) != plan.result.post_of.get(c)
        )
        click.echo(
            f"\nalt-{index}: {other.result.status}, objective {other.result.objective:g} "
            f"(best {plan.result.objective:g}), soft-rule penalty {other.result.soft_penalty}, "
            f"{differ} cadres placed differently"
        )
    if alternatives and len(others) < alternatives and not plan.result.interrupted:
        click.echo(f"Only {len(others)} alternative(s) exist with --min-diff {min_diff}.", err=True)
    if out is not None:
        click.echo(f"\nWrote {out}/plan.csv, supervision.csv, findings.csv, summary.json")


def split_roster(args: tuple[str, ...]) -> tuple[Path | None, list[str]]:
    """[ROSTER] REST...: the first argument is the roster when it is a folder or a workbook."""
    if args and (Path(args[0]).is_dir() or Path(args[0]).suffix.lower() in (".xlsx", ".xlsm")):
        return Path(args[0]), list(args[1:])
    return None, list(args)


@main.command("compare")
@click.argument("args", nargs=-1, required=True, metavar="[ROSTER] SCENARIO...")
@common_options
@out_options
@solver_options
@report_option("Also write the comparison as an HTML page.")
@redact_option
def compare_cmd(
    args, as_of, lang, out, force, time_limit, workers, seed, report_path, redact
) -> None:
    """Solve the roster under several scenarios and compare them side by side.

    Example: rotaplan compare roster.xlsx default strict minimal-churn --out cmp/
    """
    from rotaplan.compare import compare
    from rotaplan.scenarios import load_scenario

    roster, names = split_roster(args)
    if not names:
        raise UsageError("compare needs at least one scenario (file or bundled name)")
    scenarios = [load_scenario(name) for name in names]
    if out is not None:
        check_out(out, force, [("ROSTER", roster)])
    not_an_input(report_path, [("ROSTER", roster)], "--report")
    options = make_options(time_limit, workers, seed)
    with ExitStack() as stack:
        stack.enter_context(stops_on_ctrl_c())
        data = load(roster, lang, stack)
        if redact:
            data = redacted(data, lang)
        result = compare(data, scenarios, lambda s: resolve_as_of(as_of, data, s), options)
    if out is not None:
        result.write(out, lang, force)
    if report_path is not None:
        from rotaplan.report.html import render_compare, write_text_atomic

        write_text_atomic(report_path, render_compare(result.metric_rows(lang), lang))
    click.echo(result.table(lang))
    if out is not None:
        click.echo(f"\nWrote {out}/compare.csv, compare.xlsx and one plan folder per scenario")


@main.command("why")
@click.argument("args", nargs=-1, required=True, metavar="[ROSTER] CADRE")
@common_options
@scenario_option
@solver_options
@click.option("--post", default=None, help="Ask about moving the cadre to this post.")
@click.option("--unit", default=None, help="Ask about moving the cadre to this unit.")
@redact_option
def why_cmd(args, as_of, lang, scenario, time_limit, workers, seed, post, unit, redact) -> None:
    """Why a cadre moves or stays; or whether a given move is possible and what it costs.

    Example: rotaplan why roster.xlsx C015 --unit U07
    """
    from rotaplan.plan import make_plan
    from rotaplan.why import explain, what_if

    roster, rest = split_roster(args)
    if len(rest) != 1:
        raise UsageError("why takes [ROSTER] CADRE")
    if post and unit:
        raise UsageError("give --post or --unit, not both")
    cadre_id = rest[0]
    options = make_options(time_limit, workers, seed)
    with ExitStack() as stack:
        stack.enter_context(stops_on_ctrl_c())
        data, scen = load_with_scenario(roster, scenario, lang, stack, redact)
        for value, table, what in (
            (cadre_id, data.cadres, "cadre"),
            (post, data.posts, "post"),
            (unit, data.units, "unit"),
        ):
            if value is not None and value not in table:
                raise UsageError(f"unknown {what} '{value}'")
        plan = make_plan(
            data, resolve_as_of(as_of, data, scen), scen.params, options, scen.pins, scen.bans
        )
    if not plan.feasible:
        fail_infeasible(plan, lang, time_limit)
    if post is None and unit is None:
        click.echo(explain(plan, cadre_id, lang).render())
    else:
        answer = what_if(plan, cadre_id, post, unit, options, lang)
        click.echo(answer.render())


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


@main.command("generate")
@click.option(
    "--cadres", type=click.IntRange(min=1, max=1_000_000), required=True, help="Number of cadres."
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Output folder.")
@click.option("--force", is_flag=True, help="Replace an existing, non-empty --out folder.")
def generate_cmd(cadres: int, seed: int, out: Path, force: bool) -> None:
    """Write a realistic synthetic roster (bureaus of ~150 cadres), deterministic per seed.

    Example: rotaplan generate --cadres 1000 --seed 1 --out big-roster/
    """
    from rotaplan.generate import generate_roster
    from rotaplan.io import atomic_dir

    with atomic_dir(out, force) as tmp:
        stats = generate_roster(cadres, seed, tmp)
    click.echo(f"Wrote {cadres} cadres to {out}/ ({stats})")


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


def _register() -> None:
    """Commands that live beside their library code."""
    from rotaplan.commands import apply_cmd, simulate_cmd
    from rotaplan.report.cli import report_cmd

    main.add_command(report_cmd, "report")
    main.add_command(apply_cmd, "apply")
    main.add_command(simulate_cmd, "simulate")


if __name__ == "__main__":  # pragma: no cover - run as a script: use the imported module
    from rotaplan.cli import main as _main

    _main()
else:
    _register()
