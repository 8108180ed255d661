"""``--verbose``: whether messages may quote the personal data they are about.

Without it, a message about a flag or an appraisal result typed in the roster shows ``***``
instead of the value, so that logs (stderr) carry no personal data. The flag is kept in the
root click context, so that the helpers that print errors need not be passed it.
"""

from __future__ import annotations

import click

_KEY = "rotaplan.verbose"


def verbose_of(ctx: click.Context | None = None) -> bool:
    """Whether --verbose was given to the running command."""
    ctx = ctx or click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(_KEY))


def _remember(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta[_KEY] = True
    return value


def verbose_option(fn):
    return click.option(
        "--verbose",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember,
        help="Let messages quote the flags and appraisal results they are about "
        "(hidden by default: logs carry no personal data).",
    )(fn)
