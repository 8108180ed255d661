"""Derived facts of SPEC §3: full years, ages, timelines, unit/leader clocks, exemption,
probation and promotion screening, worked out by hand at small dates."""

from __future__ import annotations

from datetime import date

import pytest

from rotaplan.models.dates import add_months, add_years, full_years, parse_date
from rotaplan.models.facts import FactParams, cadre_facts, render_reason
from tests.helpers import AS_OF, cadre, history, load, post, unit

# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "as_of", "years"),
    [
        (date(2011, 1, 1), date(2016, 1, 1), 5),  # 2011-01-01 + 5y = 2016-01-01 <= as_of
        (date(2011, 1, 1), date(2015, 12, 31), 4),  # one day short of the fifth year
        (date(1964, 2, 29), date(2017, 2, 28), 53),  # Feb 29 counts as Feb 28 in 2017
        (date(1964, 2, 29), date(2017, 2, 27), 52),
        (date(1964, 2, 29), date(2016, 2, 28), 51),  # 2016 is a leap year: Feb 29 exists
        (date(1964, 2, 29), date(2016, 2, 29), 52),
        (date(2016, 1, 2), date(2016, 1, 1), 0),  # a start after as_of: no years
    ],
)
def test_full_years(start, as_of, years):
    assert full_years(start, as_of) == years


def test_add_years_moves_feb_29_to_feb_28():
    assert add_years(date(1960, 2, 29), 58) == date(2018, 2, 28)
    assert add_years(date(1960, 2, 29), 4) == date(1964, 2, 29)


def test_add_months_keeps_the_end_of_short_months():
    assert add_months(date(2015, 11, 1), 2) == date(2016, 1, 1)
    assert add_months(date(2015, 12, 31), 2) == date(2016, 2, 29)  # no Feb 31: last day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-03-01", date(2015, 3, 1)),
        ("2015/3/1", date(2015, 3, 1)),
        ("2015.03.01", date(2015, 3, 1)),
        ("2015.03", date(2015, 3, 1)),  # year and month: the first of the month
        ("2015年3月", date(2015, 3, 1)),
        ("2015-03-01 00:00:00", date(2015, 3, 1)),  # an Excel date printed as text
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["2015-13-01", "2015-02-29", "01/03/2015", "soon", ""])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


# --- facts of one cadre -------------------------------------------------------------------


DEFAULT_PARAMS = FactParams()


def facts(tmp_path, cadre_id="C1", as_of=AS_OF, params=DEFAULT_PARAMS, **tables):
    return cadre_facts(load(tmp_path, **tables), cadre_id, as_of, params)


def test_without_history_every_clock_starts_at_post_since(tmp_path):
    f = facts(
        tmp_path, posts=[post("P1", level="deputy")], cadres=[cadre("C1", "P1", "2012-03-01")]
    )

    assert f.age == 36  # born 1980-01-01, 36 on 2016-01-01
    assert f.unit_id == "U1"
    assert f.unit_since == f.leader_since == f.level_since == date(2012, 3, 1)
    assert f.post_years == 3  # 2012-03-01 + 4y = 2016-03-01 > as_of
    assert f.promoted_on is None
    assert not f.on_probation


def test_staff_have_no_leader_clock(tmp_path):
    f = facts(tmp_path, posts=[post("P1")], cadres=[cadre("C1", "P1", "2012-03-01")])

    assert f.leader_since is None
    assert f.unit_since == date(2012, 3, 1)


def test_unit_since_is_the_last_unbroken_run_in_the_current_unit(tmp_path):
    f = facts(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2014-01-01")],
        history=[
            # listed out of order on purpose: the timeline sorts by start
            history("C1", "U1", "deputy", "2011-01-01", "2013-12-31"),
            history("C1", "U1", "staff", "2003-01-01", "2006-12-31"),
            history("C1", "U2", "staff", "2007-01-01", "2008-12-31"),
            history("C1", "U1", "staff", "2009-01-01", "2010-12-31"),
        ],
    )

    # U1 2003-06, U2 2007-08, then U1 from 2009 on: the run ending now starts 2009-01-01
    assert [s.unit_id for s in f.timeline] == ["U1", "U2", "U1", "U1", "U1"]
    assert f.timeline[-1].current
    assert f.unit_since == date(2009, 1, 1)
    # the leading part of that run (deputy, then chief) starts 2011-01-01
    assert f.leader_since == date(2011, 1, 1)
    # at the current level (chief) only since 2014; promoted deputy → chief on 2014-01-01
    assert f.level_since == date(2014, 1, 1)
    assert f.promoted_on == date(2014, 1, 1)
    assert f.units_served == {"U1", "U2"}


def test_level_since_spans_units(tmp_path):
    f = facts(
        tmp_path,
        units=[unit("U1"), unit("U2")],
        posts=[post("P1", level="deputy")],
        cadres=[cadre("C1", "P1", "2015-03-01")],
        history=[
            history("C1", "U2", "staff", "2008-01-01", "2011-12-31"),
            history("C1", "U2", "deputy", "2012-01-01", "2015-02-28"),
        ],
    )

    # a deputy in U2 from 2012, then in U1: the level run starts 2012-01-01, the unit run 2015
    assert f.level_since == date(2012, 1, 1)
    assert f.unit_since == f.leader_since == date(2015, 3, 1)
    assert "years_at_level" not in ";".join(f.ineligible_reasons)


@pytest.mark.parametrize(
    ("gender", "birth", "level", "exempt"),
    [
        ("M", "1958-01-01", "chief", True),  # 58 on 2016-01-01
        ("M", "1958-01-02", "chief", False),  # 57 until tomorrow
        ("F", "1963-01-01", "deputy", True),  # 53
        ("F", "1963-01-02", "deputy", False),  # 52
        ("M", "1950-01-01", "staff", False),  # 66, but exemption is for chiefs and deputies
    ],
)
def test_exemption_age(tmp_path, gender, birth, level, exempt):
    f = facts(
        tmp_path,
        posts=[post("P1", level=level)],
        cadres=[cadre("C1", "P1", gender=gender, birth_date=birth)],
    )

    assert f.exempt is exempt


def test_exemption_ages_are_parameters(tmp_path):
    tables = dict(
        posts=[post("P1", level="chief")], cadres=[cadre("C1", "P1", birth_date="1958-01-01")]
    )

    # 58 is exempt by default; with the men's exemption age raised to 59 it is not
    assert facts(tmp_path / "a", **tables).exempt
    assert not facts(tmp_path / "b", params=FactParams(exempt_age_men=59), **tables).exempt


@pytest.mark.parametrize(
    ("as_of", "age", "exempt"),
    [
        (date(2018, 2, 28), 58, True),  # born 1960-02-29: in 2018 Feb 29 counts as Feb 28
        (date(2018, 2, 27), 57, False),
    ],
)
def test_feb_29_birthday(tmp_path, as_of, age, exempt):
    f = facts(
        tmp_path,
        as_of=as_of,
        posts=[post("P1", level="chief")],
        cadres=[cadre("C1", "P1", "2015-01-01", birth_date="1960-02-29")],
    )

    assert (f.age, f.exempt) == (age, exempt)


def test_unplaced_cadre_has_no_unit_clock(tmp_path):
    f = facts(tmp_path, cadres=[cadre("C1", level="chief", birth_date="1950-01-01")])

    assert (f.unit_id, f.unit_since, f.leader_since, f.post_years) == (None, None, None, None)
    assert "unplaced" in f.ineligible_reasons


def test_probation_runs_one_year_from_the_promotion(tmp_path):
    tables = dict(
        posts=[post("P1", level="deputy")],
        cadres=[cadre("C1", "P1", "2015-06-01")],
        history=[history("C1", "U1", "staff", "2009-01-01", "2015-05-31")],
    )

    on = facts(tmp_path / "a", as_of=date(2016, 5, 31), **tables)
    off = facts(tmp_path / "b", as_of=date(2016, 6, 1), **tables)

    # promoted staff → deputy on 2015-06-01; one year later, on 2016-06-01, probation is over
    assert on.promoted_on == off.promoted_on == date(2015, 6, 1)
    assert on.on_probation and "probation:2015-06-01" in on.ineligible_reasons
    assert not off.on_probation


def test_ineligible_reasons_accumulate_and_render(tmp_path):
    f = facts(
        tmp_path,
        posts=[post("P1")],
        cadres=[
            cadre(
                "C1",
                "P1",
                "2014-01-01",
                education="secondary",
                flags="vote_buying",
                recommended_on="2014-06-01",
            )
        ],
    )

    assert f.ineligible_reasons == (
        "flag:vote_buying",
        "education",
        "recommendation_expired:2014-06-01|1",
        "years_at_level:2|3",
    )
    assert [render_reason(code) for code in f.ineligible_reasons] == [
        "flag: vote_buying",
        "education below college",
        "recommendation of 2014-06-01 older than 1 year",
        "2 full years at level, 3 needed",
    ]
    assert render_reason("education", "zh") == "学历低于大专"


def test_far_future_dates_do_not_overflow():
    # 9999-12-31 is a common "open" sentinel in HR exports: + 5 years saturates, never raises
    assert add_years(date(9999, 12, 31), 5) == date.max
    assert add_months(date(9999, 12, 1), 2) == date.max
    assert full_years(date(9999, 12, 31), AS_OF) == 0
