"""The benchmark's table, and its record in docs/benchmarks.md (one section per database)."""

import os
import re
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

DOC = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def table(r: dict, options) -> str:
    """The measurements as a Markdown table, each against its target and its floor."""
    trivial, floor = r["trivial"]["median"], r["weasyprint"]["median"]
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    lines = [
        f"{options['councils']} councils × {options['rounds']} rounds on "
        f"{connection.vendor}, {timezone.localtime():%d %B %Y %H:%M}, "
        f"{os.cpu_count()} cores, load average {load} when it finished.",
        "",
        "| Measure | Median | p95 | Queries | Target | Ratio to floor |",
        "|---|---|---|---|---|---|",
    ]
    pages = [
        ("Trivial Django view (floor)", "trivial", "–", trivial),
        ("Council dashboard", "dashboard", "< 50 ms, ≤ 3× floor", trivial),
        ("Council dashboard, first view after an approval", "dashboard_first", "–", trivial),
        ("National dashboard", "national", "< 100 ms, ≤ 3× floor", trivial),
        ("National dashboard, first view after an approval", "national_first", "–", trivial),
        (
            "National dashboard, last round on another framework (through the mapping)",
            "national_cross",
            "< 100 ms",
            trivial,
        ),
        (
            "National dashboard, another framework, first view after an approval",
            "national_cross_first",
            "–",
            trivial,
        ),
        ("Task list (assessment_detail)", "task_list", "< 30 ms, ≤ 2× floor", trivial),
        ("One assessment projected onto CCIAF", "projection", "< 30 ms", trivial),
        # The API's lists are held to the task list's target (issue 19).
        ("API: every council's assessments, a page of 50", "api_assessments", "< 30 ms", trivial),
        ("API: national dataset, a page of 50 rows", "api_dataset", "< 30 ms", trivial),
        ("Round participation page (every council)", "participation", "< 100 ms", trivial),
        ("Chasing councils: request, sending queued", "chase", "< 1 s", trivial),
        ("Sign-in, password checked (Argon2)", "sign_in", "< 500 ms", trivial),
        (
            "PDF report, first layout of its HTML (timed in turn with WeasyPrint alone)",
            "report_layout",
            "≤ 0.8× WeasyPrint",
            floor,
        ),
        (
            "PDF report, first download since it changed (figures, HTML and layout)",
            "report_first",
            "< 1.5 s",
            floor,
        ),
        ("PDF report, downloaded again unchanged", "report", "< 1.5 s", floor),
        ("WeasyPrint alone, same HTML (floor)", "weasyprint", "–", floor),
    ]
    for label, key, target, base in pages:
        if key not in r:
            continue
        m = r[key]
        lines.append(
            f"| {label} | {ms(m['median'])} | {ms(m['p95'])} | {m['queries']} | {target} "
            f"| {m['median'] / m.get('floor', base):.2f}× |"
        )
    lines += consultation_rows(r, trivial)
    rows, rate = r["csv"]
    lines.append(
        f"| CSV export ({rows:,} rows; peak Python memory {r['csv_memory']:,} KiB) "
        f"| {rate:,.0f} rows/s | | | ≥ 50,000 rows/s | |"
    )
    total, done, seconds = r["build"]
    estimate = seconds * total / done if done else 0
    how = "measured" if done == total else f"extrapolated from {done}"
    lines.append(
        f"| build_reports, {total} reports, {options['workers']} workers | "
        f"{estimate:,.0f} s ({how}) | | | < 300 s | |"
    )
    if "queued_build" in r:
        total, done, seconds = r["queued_build"]
        estimate = seconds * total / done if done else 0
        # Every report laid out by default: a sample's time, multiplied up, would multiply each
        # worker's start-up (and first, cold layout) with it.
        how = "measured, start-up included" if done == total else f"extrapolated from {done}"
        lines.append(
            f"| Every council's report from the task queue, {total} reports, "
            f"{options['workers']} db_worker processes | {estimate:,.0f} s ({how}) "
            "| | | < 180 s | |"
        )
    return "\n".join(lines) + "\n"


def consultation_rows(r: dict, trivial: float) -> list[str]:
    """Issue 18's rows, on one consultation of synthetic responses (absent with --responses 0)."""
    if "response_list" not in r:
        return []
    lines = []
    for label, key, target in [
        ("Consultation: staff response list (50 a page)", "response_list", "< 200 ms"),
        ("Consultation: theme counts by type and maturity", "theme_counts", "< 300 ms"),
        ("Consultation: summary report's data gathered", "summary_data", "–"),
    ]:
        m = r[key]
        lines.append(
            f"| {label} | {ms(m['median'])} | {ms(m['p95'])} | {m['queries']} | {target} "
            f"| {m['median'] / trivial:.2f}× |"
        )
    memory, floor = r["export_memory"], r["export_memory_floor"]
    lines.append(
        f"| Consultation: responses CSV streamed, peak Python memory | {memory:,} KiB | | "
        f"| flat: near the floor | {memory / floor:.2f}× the 500-response export ({floor:,} KiB) |"
    )
    g = r["grouping"]
    if g["finished"]:
        result = f"{g['seconds']:,.1f} s"
    else:
        rate = g["done"] / g["seconds"] if g["seconds"] else 0
        result = f"stopped at {g['seconds']:,.0f} s: {g['done']:,} of {g['answers']:,} compared"
        result += f" ({rate:,.0f} a second)"
    lines.append(
        f"| Consultation: grouping {g['answers']:,} free-text answers, task run directly "
        f"({g['groups']:,} groups stored; progress moved {g['moves']:,} times in half-second "
        f"readings) | {result} | | | finishes, with progress | |"
    )
    return lines


def record(vendor: str, table: str, doc: Path = DOC) -> None:
    """Replaces this database's (or the load run's) section of docs/benchmarks.md with the table."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else HEADER
    start, end = f"<!-- bench:{vendor} -->", f"<!-- /bench:{vendor} -->"
    section = f"{start}\n## {NAMES.get(vendor, vendor)}\n\n{table}{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: section, text) if start in text else f"{text}\n{section}\n"
    doc.write_text(text, encoding="utf-8")


NAMES = {
    "sqlite": "SQLite",
    "postgresql": "PostgreSQL",
    "load": "Capacity: `make load` in steps (issue 20)",
}
HEADER = """# Benchmarks

`make bench` builds a synthetic national dataset in a throwaway database and measures the portal on
it; the tables below are its latest output, one per database. See the end for how to read them.
"""
