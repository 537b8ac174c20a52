"""Dates: our EDTF subset agrees with the reference parser, and is shown at its precision."""
from __future__ import annotations

import pytest
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from generator.dates import DateValue
from generator.model import Date

DATE = TypeAdapter(Date)


def ours(text: str) -> bool:
    try:
        DATE.validate_python(text)
        return True
    except ValidationError:
        return False


def reference(text: str) -> bool:
    try:
        parse_edtf(text)
        return True
    except EDTFParseException:
        return False


@pytest.mark.parametrize("text", [
    "2025", "2025-06", "2025-07-11", "2025-06~", "2025-07?", "2025-07-11%", "2024-02-29",
    "2025-07-12T10:35:00", "2025-07-12T10:35:00Z", "2025-07-12T10:35:00+09:00",
    "2024-02-30", "2025-13", "2025-00", "2025-04-31",
    "2025-07-12T10:60:00", "2025-07-00",
])
def test_known_dates_agree_with_the_reference_parser(text):
    assert ours(text) == reference(text), text


# edtf 5.0.2 takes 29 February in any year, and 24:00 as a time; a record may not.
@pytest.mark.parametrize("text", ["2023-02-29", "2100-02-29", "2025-07-12T24:00:00"])
def test_where_the_reference_parser_is_lax_we_are_strict(text):
    assert reference(text) and not ours(text)


# Within the years records may have (model.YEAR_MIN to YEAR_MAX; outside them see test_hostile_content.py).
@settings(max_examples=300, deadline=None)
@given(st.integers(1000, 2100), st.integers(0, 13), st.integers(0, 32), st.sampled_from(["", "~", "?", "%"]),
       st.sampled_from(["year", "month", "day"]))
def test_generated_dates_agree_with_the_reference_parser(year, month, day, qualifier, precision):
    text = {"year": f"{year}", "month": f"{year}-{month:02d}",
            "day": f"{year}-{month:02d}-{day:02d}"}[precision] + qualifier
    lax = month == 2 and day == 29 and precision == "day"  # see the test above
    assert ours(text) == reference(text) or (lax and not ours(text)), text


def test_strings_outside_the_subset_are_refused():
    for text in ("11 July 2025", "2025/2026/2027", "../..", "2025/", "/2025", "1:30", "", "2025-7-1",
                 "2025-07-11T10", "2025-07-11T10:35:00.5", "2025-07~/2025-08/", "2025-21"):
        assert not ours(text), text


# EDTF itself: intervals, open ends, qualified ends. A time to the minute is ours (sources give
# minutes; EDTF wants seconds), so the reference parser refuses it and we accept it.
@pytest.mark.parametrize("text", ["2024-10/2024-12", "2024-10-01/2024-12-31", "2024/2025", "2024-10/..",
                                  "../2024-12", "2024-10~/2024-12?"])
def test_intervals_agree_with_the_reference_parser(text):
    assert ours(text) and reference(text), text


def test_a_time_to_the_minute_is_accepted_as_the_minute():
    # Ours, not EDTF's: a minute, and an interval between two times of one day.
    assert ours("2024-02-07T14:30:00/2024-02-07T16:00:00") and not reference("2024-02-07T14:30:00/2024-02-07T16:00:00")
    assert ours("2024-02-07T14:30") and ours("2024-02-07T14:30Z") and ours("2024-02-07T14:30+02:00")
    assert DateValue.parse("2024-02-07T14:30").text() == "7 February 2024, 14:30 local time"


@pytest.mark.parametrize("text, message", [
    ("2024-12/2024-10", "ends before it starts"),
    ("2024-02-30/2024-03", "not a real calendar date"),
    ("2024-13", "not a real calendar date"),
    ("2024-7-1", "is not a date: write a year (2025), a month (2025-06) or a day (2025-07-11), optionally "
                "with a time (2024-02-07T14:30"),
    ("0999/2024", "outside the years"),
])
def test_every_refusal_states_the_one_rule_or_the_broken_part(text, message):
    from generator.dates import problem
    assert message in (problem(text) or ""), text


@pytest.mark.parametrize("text, shown, on", [
    ("2024-10/2024-12", "October 2024 to December 2024", "from October 2024 to December 2024"),
    ("2024-10/..", "October 2024 onwards", "from October 2024 on"),
    ("../2025-07-12", "until 12 July 2025", "until 12 July 2025"),
])
def test_intervals_are_shown_with_both_ends_at_their_precision(text, shown, on):
    d = DateValue.parse(text)
    assert (d.text(), d.on(), d.precision) == (shown, on, "interval")


@pytest.mark.parametrize("a, b, overlap", [
    ("2025-07", "2025-07-11", True), ("2025-07-11", "2025-07-12", False), ("2025-07-11~", "2025-07-12", True),
    ("2024-10/2024-12", "2024-11-05", True), ("2024-10/2024-12", "2025-01-02", False),
    ("../2025-07-12", "2025-07-01", True), ("2025-02", "2025-02-28", True), ("2024", "2025-01", False),
])
def test_two_dates_overlap_where_they_can_name_the_same_day(a, b, overlap):
    assert DateValue.parse(a).overlaps(DateValue.parse(b)) is overlap
    assert DateValue.parse(b).overlaps(DateValue.parse(a)) is overlap


@pytest.mark.parametrize("text, shown, on", [
    ("2025", "2025", "in 2025"),
    ("2025-06", "June 2025", "in June 2025"),
    ("2025-06~", "about June 2025", "in about June 2025"),
    ("2025-07-11", "11 July 2025", "on 11 July 2025"),
    ("2025-07-12T10:35:00", "12 July 2025, 10:35 local time", "on 12 July 2025, 10:35 local time"),
    ("2025-07-12T10:35:00+09:00", "12 July 2025, 10:35 UTC+09:00", "on 12 July 2025, 10:35 UTC+09:00"),
])
def test_dates_are_shown_at_their_precision_never_widened_or_shifted(text, shown, on):
    d = DateValue.parse(text)
    assert (d.text(), d.on()) == (shown, on)


def test_coarser_dates_sort_before_the_finer_dates_inside_them():
    texts = ["2025-07-11", "2025-07", "2025", "2025-06-30", "2025-07-11T09:00:00", "2024"]
    ordered = sorted(texts, key=lambda t: DateValue.parse(t).sort_key())
    assert ordered == ["2024", "2025", "2025-06-30", "2025-07", "2025-07-11", "2025-07-11T09:00:00"]
