"""When a build is dated, decided once per build and passed down.

A build is dated by SOURCE_DATE_EPOCH where it is set (reproducible builds), else by the
newest date of the content, at midnight UTC: the same content gives the same bytes on any day.
`build_epoch` is the one place that reads the environment for it; the PDF, MkDocs' sitemap
and the gzip header of sitemap.xml.gz are all given its answer.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping

from .dates import DateValue, parse
from .resolve import Resolved

# The gzip header of sitemap.xml.gz holds the build time as an unsigned 32-bit count of seconds:
# a report whose newest date is before 1970 is dated 1970-01-01, one after early 2106 (which the
# date check refuses anyway) the last second gzip can hold.
GZIP_MTIME_MAX = 2**32 - 1
ENV = "SOURCE_DATE_EPOCH"


def content_date(r: Resolved) -> DateValue | None:
    """The newest date in the report (claims said and happened, sources published, updated and
    accessed): when its content stands. An interval counts by its start, as it sorts."""
    dates = [d for v in r.claims.values() for d in (v.made, v.event_date) if d]
    dates += [d for v in r.claims.values() for c in v.citations for d in (c.made, c.event_date) if d]
    dates += [parse(x) for s in r.sources.values() for x in (s.published, s.updated, s.accessed) if x]
    return max(dates, key=DateValue.sort_key, default=None)


def content_epoch(r: Resolved) -> int:
    """Midnight UTC of the content's newest date; 1980-01-01 where it has none; within what gzip holds."""
    newest = content_date(r)
    newest = newest.anchor if newest else None
    day = dt.datetime(newest.year, newest.month or 1, newest.day or 1, tzinfo=dt.timezone.utc) if newest else \
        dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
    return min(max(int(day.timestamp()), 0), GZIP_MTIME_MAX)


def build_epoch(r: Resolved, environ: Mapping[str, str] = os.environ) -> int:
    """The build's date, in seconds since 1970 (UTC): SOURCE_DATE_EPOCH, else the content's."""
    given = environ.get(ENV, "").strip()
    return min(int(given), GZIP_MTIME_MAX) if given.isdigit() else content_epoch(r)


def parts(epoch: int) -> list[int]:
    """[y, m, d, H, M, S] in UTC, as Typst's datetime takes them."""
    t = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    return [t.year, t.month, t.day, t.hour, t.minute, t.second]
