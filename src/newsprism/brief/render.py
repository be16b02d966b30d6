"""The brief as Markdown, for terminals, notes and exports; every piece of article text is escaped."""

from __future__ import annotations

from newsprism.records import NATURE_LABELS, Brief, Claim, SentenceRef, SourceEntry, TimelineEvent

# A table wider than this many outlets is unreadable; the fact table becomes a list instead.
MAX_TABLE_OUTLETS = 6
MAX_FACT_ROWS = 25
MAX_EVENTS = 30
_MARKS = {"states": "✓", "contradicts": "✗", "silent": "·"}


def _escape(text: str) -> str:
    """Keep article text literal: Markdown must not turn a source's characters into formatting or links."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _outlets(outlets: tuple[str, ...] | list[str]) -> str:
    return ", ".join(_escape(o) for o in outlets)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _quote(ref: SentenceRef) -> str:
    return f"“{_escape(ref.text)}” ({_escape(ref.outlet)})"


def _when(event: TimelineEvent) -> str:
    if event.when is None:
        return f"{_escape(event.as_written)} (date unknown)"
    shown = {"day": event.when.isoformat(), "month": event.when.strftime("%Y-%m")}
    return shown.get(event.precision, str(event.when.year))


def brief_to_markdown(brief: Brief) -> str:
    claims = {c.id: c for c in brief.claims}
    lines = [
        f"# {_escape(brief.headline)}",
        "",
        f"Story `{brief.story_id}` · {len(brief.sources)} articles · "
        f"{len({s.outlet for s in brief.sources})} outlets",
        "",
        "## Summary",
        "",
    ]
    for sentence in brief.summary:
        claim = claims.get(sentence.claim_id)
        independent = f"; {claim.independent_support} independent" if claim else ""
        lines.append(f"- {_escape(sentence.text)} [{_outlets(sentence.outlets)}{independent}]")
    lines += _discrepancies(brief)
    lines += _fact_table(brief, claims)
    lines += _unique(brief, claims)
    lines += _timeline(brief)
    if brief.entities:
        lines += ["", "## Key entities", ""]
        for entity in brief.entities:
            lines.append(
                f"- {_escape(entity.name)} ({entity.label}): {_count(len(entity.outlets), 'outlet')}"
            )
    lines += ["", "## Sources", ""]
    lines += _sources(brief)
    for note in brief.notes:
        lines += ["", f"> {_escape(note)}"]
    return "\n".join(lines) + "\n"


_RELATION = {"copy": "copy", "near_copy": "near copy", "rewrite": "rewrite"}


def _sources(brief: Brief) -> list[str]:
    """Independent reports, each with its copies and rewrites indented under it."""
    repeats: dict[str, list[SourceEntry]] = {}
    for source in brief.sources:
        if source.repeats:
            repeats.setdefault(source.repeats, []).append(source)
    known = {s.article_id for s in brief.sources}
    lines = []

    def entry(source: SourceEntry, depth: int) -> None:
        when = source.published.strftime("%Y-%m-%d %H:%M UTC") if source.published else "date unknown"
        link = f" <{source.url}>" if source.url else ""
        label = f"{_RELATION[source.relation]} of the above: " if depth and source.relation else ""
        language = f" ({_escape(source.language)})" if source.language else ""
        lines.append(
            f"{'  ' * depth}- {label}**{_escape(source.outlet)}**{language}: {_escape(source.title)}"
            f" ({when}){link}"
        )
        for child in repeats.get(source.article_id, ()):
            entry(child, depth + 1)

    for source in brief.sources:
        if not source.repeats or source.repeats not in known:
            entry(source, 0)
    return lines


def _discrepancies(brief: Brief) -> list[str]:
    if not brief.discrepancies:
        return []
    lines = ["", "## Discrepancies", ""]
    for d in brief.discrepancies:
        values = " vs ".join(f"{_escape(s.value)}" for s in d.sides)
        lines.append(f"- **{_escape(d.subject)}**: {values} ({NATURE_LABELS[d.nature]})")
        for side in d.sides:
            support = f"{side.independent_support} independent"
            lines.append(f"  - {_escape(side.value)}: {_outlets(side.outlets)} ({support})")
            lines.extend(f"    - {_quote(q)}" for q in side.quotes)
    return lines


def _fact_table(brief: Brief, claims: dict[int, Claim]) -> list[str]:
    if not brief.fact_table:
        return []
    rows = brief.fact_table[:MAX_FACT_ROWS]
    lines = ["", "## Fact table", ""]
    if len(brief.outlets) <= MAX_TABLE_OUTLETS:
        lines.append("| Claim | " + " | ".join(_escape(o) for o in brief.outlets) + " |")
        lines.append("|---" * (len(brief.outlets) + 1) + "|")
        for row in rows:
            marks = " | ".join(_MARKS[c.state] for c in row.cells)
            lines.append(f"| {_escape(claims[row.claim_id].sentences[0].text)} | {marks} |")
        lines += ["", "✓ states · ✗ contradicts · · silent"]
    else:
        for row in rows:
            by_state = {s: [c.outlet for c in row.cells if c.state == s] for s in _MARKS}
            parts = [f"states: {_outlets(by_state['states'])}"]
            if by_state["contradicts"]:
                parts.append(f"contradicts: {_outlets(by_state['contradicts'])}")
            parts.append(f"silent: {_count(len(by_state['silent']), 'outlet')}")
            lines.append(f"- {_escape(claims[row.claim_id].sentences[0].text)} ({'; '.join(parts)})")
    if len(brief.fact_table) > len(rows):
        lines.append(f"\n({len(brief.fact_table) - len(rows)} more rows in the JSON export)")
    return lines


def _unique(brief: Brief, claims: dict[int, Claim]) -> list[str]:
    if not brief.unique:
        return []
    lines = ["", "## Only one outlet reports", ""]
    for contribution in brief.unique:
        lines.append(f"- **{_escape(contribution.outlet)}**")
        lines.extend(f"  - {_escape(claims[i].sentences[0].text)}" for i in contribution.shown_ids)
        if contribution.more_ids:
            lines.append(f"  - +{len(contribution.more_ids)} more (in the JSON export)")
    return lines


def _timeline(brief: Brief) -> list[str]:
    timeline = brief.timeline
    lines = ["", "## Timeline", "", "Coverage:", ""]
    for source in timeline.coverage:
        assert source.published is not None
        lines.append(f"- {source.published:%Y-%m-%d %H:%M} {_escape(source.outlet)}: {_escape(source.title)}")
    for source in timeline.undated:
        lines.append(f"- undated {_escape(source.outlet)}: {_escape(source.title)}")
    if timeline.events:
        lines += ["", "Dates mentioned:", ""]
        for event in timeline.events[:MAX_EVENTS]:
            quotes = "; ".join(_quote(q) for q in event.quotes)
            lines.append(f"- {_when(event)}: {quotes}")
        if len(timeline.events) > MAX_EVENTS:
            lines.append(f"\n({len(timeline.events) - MAX_EVENTS} more dates in the JSON export)")
    return lines
