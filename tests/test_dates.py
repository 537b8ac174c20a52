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
    for text in ("11 July 2025", "2025-07-11T10:35+09:00", "2025/2026", "1:30", "", "2025-7-1"):
        assert not ours(text), text


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
