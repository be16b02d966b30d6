"""The brief as Markdown, for terminals, notes and exports."""

from __future__ import annotations

from newsprism.records import Brief


def _escape(text: str) -> str:
    """Keep article text literal: Markdown must not turn a source's characters into formatting or links."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def brief_to_markdown(brief: Brief) -> str:
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
        outlets = ", ".join(_escape(o) for o in sentence.outlets)
        lines.append(f"- {_escape(sentence.text)} [{outlets}]")
    lines += ["", "## Sources", ""]
    for source in brief.sources:
        when = source.published.strftime("%Y-%m-%d %H:%M UTC") if source.published else "date unknown"
        link = f" <{source.url}>" if source.url else ""
        lines.append(f"- **{_escape(source.outlet)}**: {_escape(source.title)} ({when}){link}")
    for note in brief.notes:
        lines += ["", f"> {_escape(note)}"]
    return "\n".join(lines) + "\n"
