"""Errors the command line turns into clean messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass

from rotaplan.i18n import Text, t

HIDDEN = "***"


@dataclass(frozen=True)
class Problem:
    """One located problem of a roster: file or sheet, Excel row (header = 1), column."""

    where: str
    row: int
    column: str
    message: Text
    # the cell holds personal data (a flag, an appraisal): its value is shown only on request
    sensitive: bool = False

    def render(self, lang: str = "en", verbose: bool = True) -> str:
        message = self.message
        if self.sensitive and not verbose and "value" in message.args:
            message = Text(message.key, {**message.args, "value": HIDDEN})
        place = self.where
        if self.row:
            place += (
                f", {'第 ' + str(self.row) + ' 行' if lang == 'zh' else 'row ' + str(self.row)}"
            )
        if self.column:
            place += f", {'列' if lang == 'zh' else 'column'} {self.column}"
        return f"{place}: {message.render(lang)}"


class RotaplanError(Exception):
    """Base of the errors that carry a user-facing message and an exit code."""

    exit_code = 1


class RosterError(RotaplanError):
    """A roster that cannot be used; lists every problem at once."""

    exit_code = 2

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = sorted(problems, key=lambda p: (p.where, p.row, p.column))
        super().__init__(self.render("en"))

    def render(self, lang: str = "en", verbose: bool = False) -> str:
        """Every problem, one a line. Without ``verbose`` the values typed in personal-data
        columns (flags, appraisal results) are replaced by ``***``: logs stay free of them."""
        head = t("roster_errors", lang, n=len(self.problems), path=self.path)
        lines = [head, *("  " + p.render(lang, verbose) for p in self.problems)]
        if not verbose and any(p.sensitive and "value" in p.message.args for p in self.problems):
            lines.append(t("values_hidden", lang))
        return "\n".join(lines)


class UsageError(RotaplanError):
    """Bad options, scenario or plan files: exit code 2."""

    exit_code = 2
