"""Date arithmetic of SPEC §3 and date parsing of SPEC §2."""

from __future__ import annotations

import re
from datetime import date, datetime


def add_years(start: date, years: int) -> date:
    """``start`` moved by whole years; Feb 29 becomes Feb 28 in a non-leap year (SPEC §3).

    Past year 9999 it saturates at ``date.max``, which every comparison with a plan date
    reads correctly as "not yet"; before year 1 at ``date.min``, "long ago"."""
    year = start.year + years
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    try:
        return start.replace(year=year)
    except ValueError:
        return start.replace(year=year, day=28)


def add_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year > date.max.year:
        return date.max
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def full_years(start: date, as_of: date) -> int:
    """The largest n with ``start + n years <= as_of`` (0 when start is after as_of)."""
    if start > as_of:
        return 0
    n = as_of.year - start.year
    while n > 0 and add_years(start, n) > as_of:
        n -= 1
    return n


def at_least_years(start: date | None, as_of: date, years: int) -> bool:
    return start is not None and add_years(start, years) <= as_of


_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"), 3),
    (re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"), 3),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), 2),
    (re.compile(r"^(\d{4})年(\d{1,2})月?$"), 2),
)


def parse_date(value: object) -> date:
    """A date from ISO text, ``YYYY/MM/DD``, ``YYYY.MM`` (first of month) or an Excel date cell.

    Raises ValueError with a short reason.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if " " in text:  # "2015-03-01 00:00:00" as pandas or Excel text would print it
        head, _, tail = text.partition(" ")
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", tail):
            text = head
    for pattern, parts in _PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            day = int(match.group(3)) if parts == 3 else 1
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(f"'{text}' is not a real date") from None
    raise ValueError(f"'{text}' is not a date (use YYYY-MM-DD, YYYY/MM/DD or YYYY.MM)")
