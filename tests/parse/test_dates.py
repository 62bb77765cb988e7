"""Dates and times as pages print them: a table of inputs and the ISO value read from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from discourse.parse.dates import find_dates, parse_date, parse_datetime, time_of_day

REF = datetime(2024, 10, 20, 12, 0)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        # English, all the orders
        ("19 Oct, 2024", "2024-10-19"),
        ("17 October 2024", "2024-10-17"),
        ("17th October 2024", "2024-10-17"),
        ("Oct 17 2024", "2024-10-17"),
        ("Oct. 17th, 2024", "2024-10-17"),
        ("October 19, 2024 AT 19:54", "2024-10-19T19:54"),
        ("January 4th, 2010 at 11:25 pm", "2010-01-04T23:25"),
        ("April 24, 2020 at 9:11 a.m.", "2020-04-24T09:11"),
        ("Sep. 21, 2011, 3:03 PM | 4,094 | 6", "2011-09-21T15:03"),
        ("WEDNESDAY, MARCH 02, 2011", "2011-03-02"),
        ("Thursday, October 28th, 2010 at 3:32 pm  |  16 responses", "2010-10-28T15:32"),
        # numeric
        ("2024-10-20", "2024-10-20"),
        ("2024-10-19 19:54", "2024-10-19T19:54"),
        ("2024-10-19T19:54:00Z", "2024-10-19T19:54"),
        ("10/30/2024", "2024-10-30"),
        ("19/10/2024 at 7:54 pm", "2024-10-19T19:54"),
        ("10/30/20242 min read", "2024-10-30"),
        ("19.10.2024", "2024-10-19"),
        ("06-09-2024 • 07:30", "2024-09-06T07:30"),
        ("11.05.2012, 10:22 von jovelstefan", "2012-05-11T10:22"),
        ("25.4.24", "2024-04-25"),
        ("12.29.14 at 8:09 pm", "2014-12-29T20:09"),
        ("2025.05.15 20:00", "2025-05-15T20:00"),
        ("2024/10/19", "2024-10-19"),
        # German, French, Dutch, Portuguese, Polish
        ("19. Oktober 2024 um 19:54 Uhr", "2024-10-19T19:54"),
        ("Do 1 Aug 2019 / 01:15 Antworten", "2019-08-01T01:15"),
        ("12. März 2024", "2024-03-12"),
        ("5 avril 2024 à 11 h 02 min", "2024-04-05T11:02"),
        ("Publié le 5 avril 2024 à 10h30", "2024-04-05T10:30"),
        ("6 september 2024 12:59", "2024-09-06T12:59"),
        ("21.dez.2018 às 12h55", "2018-12-21T12:55"),
        ("15 lutego 2010 10:31", "2010-02-15T10:31"),
        ("poniedziałek, luty 15, 2010", "2010-02-15"),
        ("3 marzo 2024 alle 10:15", "2024-03-03T10:15"),
        # the time printed before the date
        ("12:34, 3 April 2024", "2024-04-03T12:34"),
        ("14:05 Uhr, 3. April 2024", "2024-04-03T14:05"),
        ("Posted at 9:15 am on 12 May 2021", "2021-05-12T09:15"),
        ("Score 3:1, 4 May 2024", "2024-05-04"),
    ],
)
def test_absolute_dates(text: str, iso: str) -> None:
    assert parse_datetime(text) == iso


@pytest.mark.parametrize(
    ("text", "month", "day", "hour", "minute"),
    [
        ("Sep 21, 3:05 PM", 9, 21, 15, 5),
        ("Oct.28 at 4:22 pm", 10, 28, 16, 22),
        ("safiullah safiSat Apr 23 at 3:40 pm", 4, 23, 15, 40),
        ("3/9(木) 18:45", 3, 9, 18, 45),
    ],
)
def test_dates_without_a_year_take_one_from_the_article(
    text: str, month: int, day: int, hour: int, minute: int
) -> None:
    [d] = find_dates(text, partial=True)
    assert (d.year, d.month, d.day, d.hour, d.minute) == (None, month, day, hour, minute)
    assert d.iso() is None  # no year, no ISO date until a reference gives one
    assert d.with_year(date(2011, 3, 1)).year == 2011


def test_a_january_comment_on_a_december_article_is_next_year() -> None:
    [d] = find_dates("Jan 3, 9:15 AM", partial=True)
    assert d.with_year(date(2023, 12, 20)).iso() == "2024-01-03T09:15"


def test_dates_without_year_or_time_are_not_dates() -> None:
    assert find_dates("We met on May 5 at the station", partial=True) == []
    assert find_dates("Mai 2012  (1)", partial=True) == []


@pytest.mark.parametrize(
    ("text", "ago"),
    [
        ("3 hours ago", timedelta(hours=3)),
        ("2d", timedelta(days=2)),
        ("an hour ago", timedelta(hours=1)),
        ("vor 3 Stunden", timedelta(hours=3)),
        ("vor einem Tag", timedelta(days=1)),
        ("il y a 2 jours", timedelta(days=2)),
        ("2 dagen geleden", timedelta(days=2)),
        ("hace 5 minutos", timedelta(minutes=5)),
        ("yesterday", timedelta(days=1)),
        ("1 year", timedelta(days=365)),
    ],
)
def test_relative_times(text: str, ago: timedelta) -> None:
    [d] = find_dates(text)
    assert d.relative and d.ago == ago
    assert d.iso() is None
    assert d.iso(REF) == (REF - ago).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize(
    "text",
    [
        "7:34 AM",
        "a day later",
        "Ukraine1 .",
        "4,094",
        "LibreOffice 24.2.6",
        "version 2.4.10",
        "call 917-621-7438",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, partial=True) == []
    assert parse_date(text) is None


def test_bare_times_are_read_as_times_of_day() -> None:
    assert time_of_day("7:34 PM") == (19, 34)
    assert time_of_day("no time here") is None


def test_parse_date_skips_dates_without_year() -> None:
    assert parse_date("Sep 21, 3:05 PM and then 2011-09-22") == "2011-09-22"
