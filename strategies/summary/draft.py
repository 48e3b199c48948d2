"""A Markdown draft of "What you said, what we did", made from the summary for staff to edit."""

from strategies.summary.selectors import Summary


def outcome_draft(summary: Summary) -> str:
    """Response counts, then each free-text question's main themes with their counts."""
    total = summary.total_row["total"]
    lines = [
        "## What you said",
        "",
        f"We received {_responses(total)} between {summary.opened} and {summary.closed}:",
        "",
    ]
    lines += [f"- {row['label']}: {row['total']}" for row in summary.type_rows if row["total"]]
    by_channel = [
        f"{n} {channel.lower()}"
        for channel, n in zip(summary.channels, summary.total_row["counts"], strict=True)
        if n
    ]
    if by_channel:
        lines += ["", f"How they were sent: {', '.join(by_channel)}."]
    for question in summary.text_questions:
        lines += ["", f"### {question.text}", ""]
        if question.themes:
            lines += [f"- {t.name}: {_responses(t.responses)}" for t in question.themes[:5]]
        else:
            lines.append("- (No themes tagged yet.)")
    lines += ["", "## What we did", "", "(Say what you changed in the strategy and why.)"]
    return "\n".join(lines) + "\n"


def _responses(n: int) -> str:
    return f"{n} response{'s' if n != 1 else ''}"
