"""``rotaplan apply`` and ``rotaplan simulate``: click commands to register on the main group
(``main.add_command(apply_cmd)``). Load, call the library, render; nothing else.

Both load the roster with :func:`rotaplan.cli.load` and the scenario apart, instead of
:func:`rotaplan.cli.load_with_scenario`: the scenario's leader overrides must reach the
verification and the plans, but not the rosters these commands write.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path

import click

from rotaplan.cli import (
    common_options,
    load,
    make_options,
    out_options,
    redact_option,
    redacted,
    resolve_as_of,
    roster_argument,
    scenario_option,
    solver_options,
    stops_on_ctrl_c,
)
from rotaplan.io import check_out


def _require_out(out: Path | None, force: bool, inputs: tuple = ()) -> Path:
    """--out is required; fail before any work when it could not be written, or when it
    would overwrite or sit inside an input."""
    if out is None:
        raise click.UsageError("Missing option '--out'.")
    return check_out(out, force, inputs)


def _plan_as_of(plan_dir: Path) -> str | None:
    """The as_of recorded in PLAN_DIR/summary.json, if any."""
    try:
        return json.loads((plan_dir / "summary.json").read_text(encoding="utf-8")).get("as_of")
    except (OSError, ValueError, AttributeError):
        return None


@click.command("apply")
@click.argument("roster", type=click.Path(path_type=Path))
@click.argument("plan_dir", type=click.Path(path_type=Path))
@common_options
@scenario_option
@out_options
def apply_cmd(roster, plan_dir, as_of, lang, scenario, out, force) -> None:
    """Carry a verified plan into a new roster for the next cycle.

    The plan must pass `rotaplan verify` (with the same --scenario); a plan that does not,
    or that was made for another roster, is refused (exit 1) and nothing is written.
    Moved cadres get a history row and post_since = the plan's as_of (from
    PLAN_DIR/summary.json unless --as-of); promoted or stepped-down cadres take the new
    post's level; changed portfolios get supervisor_since = as_of. ROSTER is never changed.

    Example: rotaplan apply roster/ plan/ --out roster-2017/
    """
    from rotaplan.apply import apply_outcome, stale_rows
    from rotaplan.io import atomic_dir
    from rotaplan.models import load_roster
    from rotaplan.models.save import write_roster
    from rotaplan.scenarios import load_scenario
    from rotaplan.verify import read_outcome, verify

    out = _require_out(out, force, (("ROSTER", roster), ("PLAN_DIR", plan_dir)))
    scen = load_scenario(scenario)
    with ExitStack() as stack:
        data = load(roster, lang, stack)
    planning = scen.apply(data)
    effective = resolve_as_of(as_of or _plan_as_of(plan_dir), data, scen)
    result = verify(planning, plan_dir, effective, scen.params, scen.pins, scen.bans)
    stale = stale_rows(data, plan_dir)
    if not result.ok or stale:
        zh = lang == "zh"
        why = (
            ("方案未通过核验" if zh else "the plan fails verification")
            if not result.ok
            else ("方案不是针对该花名册编制的" if zh else "the plan was made for another roster")
        )
        click.echo(
            f"拒绝应用 {plan_dir}:{why},未写入任何文件。"
            if zh
            else f"Refused to apply {plan_dir}: {why}; nothing written.",
            err=True,
        )
        for breach in result.violations:
            click.echo(f"  {breach.rule_id} [{breach.subject}]: {breach.detail}", err=True)
        if stale:
            click.echo(
                "  方案中的原岗位与花名册不符:"
                if zh
                else "  Its from_post is not the roster's post:",
                err=True,
            )
            click.echo("\n".join(f"    {line}" for line in stale), err=True)
        sys.exit(1)
    after = apply_outcome(data, read_outcome(data, plan_dir), effective)
    with atomic_dir(out, force) as tmp:
        write_roster(after, tmp)
        load_roster(tmp)  # never leave a roster behind that the tool itself cannot read
    moved = [c for c in data.cadres if data.cadres[c].post_id != after.cadres[c].post_id]
    promoted = [c for c in moved if after.cadres[c].level.rank > data.cadres[c].level.rank]
    portfolios = [
        u for u in data.units if data.units[u].supervisor_id != after.units[u].supervisor_id
    ]
    click.echo(result.summary(lang))
    click.echo(
        f"已应用:{len(moved)} 人变动(其中晋升 {len(promoted)} 人),{len(portfolios)} 个单位分管调整;"
        f"新花名册(as_of {effective})写入 {out}/"
        if lang == "zh"
        else f"Applied: {len(moved)} cadres changed post ({len(promoted)} promoted), "
        f"{len(portfolios)} portfolio changes; wrote the new roster (as_of {effective}) to {out}/"
    )


@click.command("simulate")
@roster_argument
@common_options
@scenario_option
@out_options
@solver_options
@click.option(
    "--years",
    type=click.IntRange(1, 30),
    default=3,
    show_default=True,
    help="Number of yearly cycles to plan and apply.",
)
@redact_option
def simulate_cmd(
    roster, as_of, lang, scenario, out, force, time_limit, workers, seed, years, redact
) -> None:
    """Plan and apply several yearly cycles (rolling horizon) and track the 二(一) targets.

    Between cycles cadres retire (general parameters retire_age_men / retire_age_women),
    appraisals are carried forward, valid democratic recommendations are renewed, and staff
    vacancies are filled with placeholder recruits (seeded by --seed). --time-limit applies
    to each cycle. Writes OUT/<year>/ (plan files and the roster planned), OUT/final-roster/,
    OUT/metrics.csv and OUT/simulation.json. Exit 3 if a cycle has no plan (what was
    simulated up to it is still written).

    Example: rotaplan simulate roster/ --years 3 --out sim/ --time-limit 30
    """
    from rotaplan.scenarios import load_scenario
    from rotaplan.simulate import SimulationSettings, YearResult, simulate

    out = _require_out(out, force, (("ROSTER", roster),))
    options = make_options(time_limit, workers, seed)
    scen = load_scenario(scenario)
    with ExitStack() as stack:
        data = load(roster, lang, stack)
    if redact:
        data = redacted(data, lang)

    def report(step: YearResult) -> None:
        r = step.plan.result
        counts = step.plan.counts() if step.feasible else {}
        click.echo(
            f"{step.year}: {r.status} in {r.wall_seconds:.1f}s"
            + (f", {counts['moves']} moves" if counts else "")
            + f", {len(step.retired)} retired, {len(step.recruited)} recruited",
            err=True,
        )

    with stops_on_ctrl_c():  # Ctrl-C: no further cycle, nothing written (exit 130)
        result = simulate(
            data,
            scen,
            years,
            resolve_as_of(as_of, data, scen),
            options,
            SimulationSettings.from_roster(data, seed),
            report,
        )
    result.write(out, lang, force)
    click.echo(result.summary(lang))
    click.echo(
        f"\n已写入 {out}/metrics.csv、simulation.json 及各年度文件夹"
        if lang == "zh"
        else f"\nWrote {out}/metrics.csv, simulation.json and one folder per year"
    )
    if not result.complete:
        sys.exit(3)
