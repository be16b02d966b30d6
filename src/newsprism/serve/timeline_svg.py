"""The story page's timeline charts as inline SVG, drawn on the server.

No chart library and no script: the chart works without JavaScript, passes the Content-Security-Policy
(presentation attributes and classes only, no inline style), and every label from an article is escaped.
Each chart carries a <title> and <desc> for screen readers; each mark has a <title> shown on hover.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from markupsafe import Markup, escape

from newsprism.records import SourceEntry, Timeline, TimelineEvent

WIDTH = 720
LABEL_WIDTH = 170
RIGHT = 24
ROW = 26
AXIS = 34
MAX_ROWS = 14
_LABEL_CHARS = 24


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    return [low + (high - low) * i / (count - 1) for i in range(count)]


def _time_label(value: datetime, span_days: float) -> str:
    if span_days < 2:
        return value.strftime("%d %b %H:%M")
    if span_days < 180:
        return value.strftime("%d %b")
    return value.strftime("%b %Y")


def _open(chart_id: str, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def _axis(y: int, positions: Sequence[tuple[float, str]]) -> list[str]:
    parts = [f'<line class="axis" x1="{LABEL_WIDTH}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>']
    for index, (x, label) in enumerate(positions):
        anchor = "start" if index == 0 else "end" if index == len(positions) - 1 else "middle"
        parts.append(f'<line class="tick" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 5}"/>')
        parts.append(
            f'<text class="tick-label" x="{x:.1f}" y="{y + 18}" text-anchor="{anchor}">{escape(label)}</text>'
        )
    return parts


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def coverage_chart(timeline: Timeline, chart_id: str = "coverage-chart") -> Markup | None:
    """When each outlet published: a row per outlet, a dot per article (hollow for copies and rewrites)."""
    dated: list[SourceEntry] = [s for s in timeline.coverage if s.published is not None]
    if not dated:
        return None
    outlets = list(dict.fromkeys(s.outlet for s in dated))
    shown = outlets[:MAX_ROWS]
    times = [_utc(s.published).timestamp() for s in dated]  # type: ignore[arg-type]
    low, high = min(times), max(times)
    if high - low < 3600:
        low, high = low - 1800, high + 1800
    plot = WIDTH - LABEL_WIDTH - RIGHT

    def x(t: float) -> float:
        return LABEL_WIDTH + (t - low) / (high - low) * plot

    height = 12 + ROW * len(shown) + AXIS
    first = datetime.fromtimestamp(min(times), UTC)
    last = datetime.fromtimestamp(max(times), UTC)
    desc = (
        f"{len(dated)} dated articles from {len(outlets)} outlets, published between "
        f"{first:%Y-%m-%d %H:%M} and {last:%Y-%m-%d %H:%M} UTC."
    )
    if len(outlets) > len(shown):
        desc += f" The {len(shown)} earliest outlets are drawn."
    parts = _open(chart_id, height, "Coverage: when each outlet published", desc)
    for row, outlet in enumerate(shown):
        y = 12 + ROW * row + ROW // 2
        parts.append(f'<line class="row-line" x1="{LABEL_WIDTH}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>')
        parts.append(
            f'<text class="row-label" x="{LABEL_WIDTH - 8}" y="{y + 4}" text-anchor="end">'
            f"{escape(_short(outlet))}</text>"
        )
        for source, t in zip(dated, times, strict=True):
            if source.outlet != outlet:
                continue
            kind = f"dot {source.relation.replace('_', '-')}" if source.relation else "dot"
            when = _utc(source.published).strftime("%Y-%m-%d %H:%M UTC")  # type: ignore[arg-type]
            relation = f" ({source.relation.replace('_', ' ')})" if source.relation else ""
            parts.append(
                f'<a href="/articles/{escape(source.article_id)}">'
                f'<circle class="{kind}" cx="{x(t):.1f}" cy="{y}" r="6">'
                f"<title>{escape(source.outlet)}, {when}{relation}: {escape(source.title)}</title>"
                "</circle></a>"
            )
    span_days = (high - low) / 86400
    parts += _axis(
        12 + ROW * len(shown) + 6,
        [(x(t), _time_label(datetime.fromtimestamp(t, UTC), span_days)) for t in _ticks(low, high)],
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _event_label(event: TimelineEvent) -> str:
    assert event.when is not None
    return {"day": event.when.isoformat(), "month": event.when.strftime("%Y-%m")}.get(
        event.precision, str(event.when.year)
    )


def events_chart(timeline: Timeline, chart_id: str = "events-chart") -> Markup | None:
    """The dates the articles name, on one axis; labels staggered on three lanes so they do not collide."""
    events = [e for e in timeline.events if e.when is not None]
    if not events:
        return None
    days = [e.when.toordinal() for e in events]  # type: ignore[union-attr]
    low, high = min(days), max(days)
    if high == low:
        low, high = low - 15, high + 15
    plot = WIDTH - LABEL_WIDTH - RIGHT

    def x(day: float) -> float:
        return LABEL_WIDTH + (day - low) / (high - low) * plot

    lanes = 3
    height = 16 + ROW * lanes + AXIS
    axis_y = 16 + ROW * lanes
    span = f"from {_event_label(events[0])} to {_event_label(events[-1])}"
    desc = f"{len(events)} dates named in the articles, {span}."
    parts = _open(chart_id, height, "Dates the articles mention", desc)
    parts.append(
        f'<text class="row-label" x="{LABEL_WIDTH - 8}" y="{axis_y - 4}" text-anchor="end">dates named</text>'
    )
    for index, (event, day) in enumerate(zip(events, days, strict=True)):
        lane = index % lanes
        y = 16 + ROW * lane + 10
        quote = event.quotes[0] if event.quotes else None
        said = f" {quote.outlet}: “{quote.text}”" if quote else ""
        parts.append(f'<line class="stem" x1="{x(day):.1f}" y1="{y + 4}" x2="{x(day):.1f}" y2="{axis_y}"/>')
        parts.append(
            f'<circle class="event" cx="{x(day):.1f}" cy="{axis_y}" r="5">'
            f"<title>{escape(_event_label(event))} ({escape(event.as_written)}).{escape(said)}</title>"
            "</circle>"
        )
        anchor = "start" if x(day) < WIDTH - 120 else "end"
        parts.append(
            f'<text class="event-label" x="{x(day):.1f}" y="{y}" text-anchor="{anchor}">'
            f"{escape(_short(event.as_written, 18))}</text>"
        )
    parts += _axis(
        axis_y + 6,
        [(x(d), _day_label(round(d), high - low)) for d in _ticks(low, high)],
    )
    parts.append("</svg>")
    return Markup("".join(parts))


def _day_label(ordinal: int, span_days: int) -> str:
    day = date.fromordinal(ordinal)
    if span_days > 3 * 365:
        return str(day.year)
    if span_days > 60:
        return day.strftime("%b %Y")
    return day.isoformat()
