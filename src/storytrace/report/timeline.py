"""The story's timeline: every date its articles mention (merged by value, with the
precision kept as an interval) and every publication date, drawn as an SVG chart."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any

_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
WINDOW_YEARS = 3
"""The chart spans at most this many years before the latest date; older dates sit at
its left edge, labelled with their year."""

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def build_timeline(
    articles: list[dict[str, Any]], analysed: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Timeline entries sorted by date: ``kind`` is ``mention`` (a date the articles
    mention, as the comparison stage resolved it: ``analysed``, the analysis's
    ``timeline``) or ``published`` (an article's publication date)."""
    entries = [dict(e) for e in analysed]
    for entry in entries:
        entry["year_inferred"] = any(s.get("year_inferred") for s in entry["statements"])
    for a in articles:
        published = a.get("published")
        if published and date_interval(published[:10], "day"):
            entries.append(
                {"kind": "published", "value": published[:10], "precision": "day",
                 "article": a["id"], "published_from": a.get("published_from"),
                 "articles": [a["id"]], "texts": [], "statements": []}
            )  # fmt: skip
    for entry in entries:
        interval = date_interval(entry["value"], entry["precision"])
        entry["start"], entry["end"] = (
            (d.isoformat() for d in interval) if interval else (None, None)
        )
    entries.sort(key=lambda e: (e["start"] or "9999", e["kind"] != "published", e["value"]))
    return entries


def date_interval(value: str, precision: str) -> tuple[dt.date, dt.date] | None:
    """The half-open interval of days a date value of ``precision`` covers, or None
    when it has no year."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(*map(int, m.groups()))
            return day, day + dt.timedelta(days=1)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
            monday = dt.date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            return monday, monday + dt.timedelta(days=7)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return _months(int(m.group(1)), int(m.group(2)), 1)
        if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
            return _months(int(m.group(1)), _SEASON_MONTH[m.group(2)], 3)
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1), dt.date(int(value) + 1, 1, 1)
        if re.fullmatch(r"\d{3}", value):
            return dt.date(int(value) * 10, 1, 1), dt.date(int(value) * 10 + 10, 1, 1)
    except ValueError:
        return None
    return None


def _months(year: int, month: int, count: int) -> tuple[dt.date, dt.date]:
    end_month = month - 1 + count
    return dt.date(year, month, 1), dt.date(year + end_month // 12, end_month % 12 + 1, 1)


def label(entry: dict[str, Any]) -> str:
    """A short human form of an entry's date: ``24 Apr 2024``, ``Apr 2024``, ``2024``."""
    value = entry.get("resolved") or entry["value"]
    if m := re.fullmatch(r"(\d{4}|-)-?(\d{2})-(\d{2})", value):
        year = "" if m.group(1) == "-" else f" {m.group(1)}"
        return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]}{year}"
    if m := re.fullmatch(r"(\d{4}|-)-(\d{2})", value):
        year = "" if m.group(1) == "-" else f" {m.group(1)}"
        return f"{MONTHS[int(m.group(2)) - 1]}{year}"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return f"week {int(m.group(2))}, {m.group(1)}"
    if re.fullmatch(r"\d{3}", value):
        return f"the {value}0s"
    return value


def timeline_svg(entries: list[dict[str, Any]], names: dict[str, str]) -> str:
    """A chart of the dated entries: one row each, a bar as wide as the date's precision."""
    rows = [e for e in entries if e["start"]]
    if not rows:
        return ""
    latest = max(dt.date.fromisoformat(e["end"]) for e in rows)
    earliest = min(dt.date.fromisoformat(e["start"]) for e in rows)
    lo = max(earliest, dt.date(latest.year - WINDOW_YEARS, 1, 1))
    left, right, row_h, top = 235, 920, 22, 34
    span = max((latest - lo).days, 1)

    def x(day: dt.date) -> float:
        return left + (right - left) * max(0, (day - lo).days) / span

    height = top + row_h * len(rows) + 10
    out = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 940 {height}" '
        f'role="img" aria-label="Timeline of the dates the articles mention">'
    ]
    out += _ticks(lo, latest, x, top, height)
    for i, e in enumerate(rows):
        y = top + i * row_h
        start, end = dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["end"])
        published = e["kind"] == "published"
        text = label(e) + (" (year inferred)" if e.get("year_inferred") else "")
        if published:
            text = f"{_clip(names.get(e['article'], e['article']), 22)} published"
        before = start < lo
        out.append(f'<g class="row {"pub" if published else e["precision"]}">')
        out.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{escape(text)}</text>')
        x0, x1 = x(start), max(x(end), x(start) + 4)
        if published:
            out.append(f'<circle cx="{x0 + 2:.1f}" cy="{y + 11}" r="5" class="pubdot"/>')
        else:
            out.append(f'<rect x="{x0:.1f}" y="{y + 5}" width="{x1 - x0:.1f}" height="12" rx="2"/>')
        note = f"◀ {start.year}" if before else _note(e, names)
        anchor_end = x1 > left + (right - left) * 0.7
        tx = x0 - 6 if anchor_end else x1 + 6
        anchor = "end" if anchor_end else "start"
        out.append(
            f'<text class="note" x="{tx:.1f}" y="{y + 15}" text-anchor="{anchor}">'
            f"{escape(note)}</text></g>"
        )
    out.append("</svg>")
    return "\n".join(out)


def _note(entry: dict[str, Any], names: dict[str, str]) -> str:
    if entry["kind"] == "published":
        return f"({entry.get('published_from') or 'given'})"
    count = len(entry["articles"])
    first = names.get(entry["articles"][0], "")[:18]
    return f"{entry['precision']} · {first}" + (f" +{count - 1}" if count > 1 else "")


def _ticks(lo: dt.date, hi: dt.date, x: Any, top: int, height: int) -> list[str]:
    out = []
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    step = 1 if months <= 14 else 3 if months <= 40 else 12
    day = dt.date(lo.year, lo.month, 1)
    while day <= hi:
        tx = x(day)
        if (day.month - 1) % step == 0 and tx < 900:
            text = str(day.year) if step == 12 or day.month == 1 else MONTHS[day.month - 1]
            out.append(
                f'<line class="tick" x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{height}"/>'
                f'<text class="tick" x="{tx + 2:.1f}" y="{top - 12}">{text}</text>'
            )
        day = _months(day.year, day.month, 1)[1]
    return out


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
