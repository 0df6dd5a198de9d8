"""Publication dates as ISO 8601, so that sorting by date sorts by time.

Every importer's ``published`` goes through ``normalize_published`` (the importer calls it once
per article). What it gives, by what the raw string says:

- an ISO 8601 date or date-time: the same, written the standard way (``2020-03-06``,
  ``2020-03-06T01:52:00``, ``2020-03-06T01:52:00+01:00``);
- a Unix time in seconds or milliseconds (``1583020800``): the UTC time, ``...Z``;
- anything else dateparser reads as an absolute date (``March 6, 2020 at 1:52 am``,
  ``Fri, 06 Mar 2020 01:52:00 +0100``, ``10.02.2020``): as precise as the string is (a year,
  a month, a day, or a time; a time keeps its offset when the string gives one). Numeric dates
  with dots are read day first (``10.02.2020`` is 10 February, the European convention);
  with slashes, month first (``10/02/2020`` is 2 October, the US convention).
- relative dates ("yesterday", "3 days ago"), dates without a year ("March 6") and strings
  that are no date: not a date.

The raw string is kept in the article's meta as ``published_raw`` whenever it differs from
what is stored; a string that is no date stays in ``published`` as it was given.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from datetime import UTC, date, datetime, timezone
from typing import Any

from annotator.model import ArticleDraft

RAW_KEY = "published_raw"
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?")
_UNIX = re.compile(r"\d{9,10}(\.\d+)?|\d{12,13}")
_DOTTED = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}\b")
# A free-form date must name its year (dateparser would fill in this year for "March 6"
# or read "12" as this December): four digits, or a numeric date with a two-digit year.
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
_PARSERS = ["custom-formats", "absolute-time"]  # no relative dates, no bare timestamps


def normalize_published(raw: str) -> str | None:
    """``raw`` as ISO 8601, or None when it is no absolute date (see the module docstring)."""
    text = raw.strip()
    if not text:
        return None
    if _ISO.fullmatch(text):
        return _iso_as_iso(text)
    if _UNIX.fullmatch(text):
        seconds = float(text) / (1000 if len(text) >= 12 else 1)
        stamp = datetime.fromtimestamp(seconds, UTC)
        return stamp.isoformat(timespec="seconds").replace("+00:00", "Z")
    return _parsed(text)


def _iso_as_iso(text: str) -> str | None:
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        value = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    spec = "microseconds" if value.microsecond else "seconds"
    iso = value.isoformat(timespec=spec)
    return iso[:-6] + "Z" if text.endswith("Z") and iso.endswith("+00:00") else iso


@functools.cache
def _parser(day_first: bool) -> Any:
    from dateparser.date import DateDataParser  # slow to import; only free-form dates need it

    settings: dict[str, Any] = {
        "RETURN_TIME_AS_PERIOD": True,
        "PARSERS": _PARSERS,
        "PREFER_DAY_OF_MONTH": "first",
    }
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    return DateDataParser(settings=settings)


def _parsed(text: str) -> str | None:
    if not _HAS_YEAR.search(text):
        return None
    try:
        found = _parser(bool(_DOTTED.search(text))).get_date_data(text)
    except Exception:  # a third-party parser's failure on odd input: not a date
        return None
    value = found.date_obj if found else None
    if value is None:
        return None
    period = found.period
    if period == "year":
        return f"{value.year:04d}"
    if period == "month":
        return f"{value.year:04d}-{value.month:02d}"
    if period != "time":
        return value.date().isoformat()
    offset = value.utcoffset() if value.tzinfo is not None else None
    if offset is not None:  # dateparser's own tzinfo classes, written as a plain offset
        value = value.replace(tzinfo=timezone(offset))
    return value.isoformat(timespec="seconds")


def with_normalized_date(draft: ArticleDraft) -> ArticleDraft:
    """The draft with ``published`` as ISO 8601 where it parses, the raw string in meta."""
    raw = draft.published
    if not raw:
        return draft
    normalized = normalize_published(raw)
    if normalized is None or normalized == raw:
        return draft
    meta = {**draft.meta, RAW_KEY: raw}
    return dataclasses.replace(draft, published=normalized, meta=meta)
