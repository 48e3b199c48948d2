"""Writes the stepped load run's figures into docs/benchmarks.md (its "Capacity" section): the
machine's floor, each step, the capacity, what happened past it and whether anything was lost.

Usage (run by .ci/load.sh): python tests/load/record_capacity.py --floor FLOOR_STATS_CSV
--steps STEPS_JSONL --saved SAVED_TXT --workers W --threads T --doc docs/benchmarks.md
Exits 1 when no step stayed within the limits or a request past capacity got anything but a page
(the busy page or the one asked for).
"""

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npsportal.settings")
django.setup()

from django.utils import timezone  # noqa: E402

from tests.bench import record as bench_record  # noqa: E402

ANCHOR = "## Load (issue 7)"


def floor_rps(stats_csv: Path) -> float:
    rows = csv.DictReader(stats_csv.read_text().splitlines())
    return next(float(r["Requests/s"]) for r in rows if r["Name"] == "Aggregated")


def step_row(step: dict) -> str:
    refused = (step["busy"] + step["errors"]) / step["requests"] if step["requests"] else 0
    kinds = ", ".join(f"{n} {k}" for k, n in step["error_kinds"].items())
    return (
        f"| {step['users']:,} | {step['offered_rps']:.1f} | {step['served_rps']:.1f} "
        f"| {step['p50_ms']:.0f} | {step['p95_ms']:.0f} | {step['busy']:,} ({refused:.2%}) "
        f"| {step['errors']}{f' ({kinds})' if kinds else ''} "
        f"| {'yes' if step['passed'] else '**no**'} |"
    )


def section(floor: float, steps: list[dict], saved: str, options) -> tuple[str, bool]:
    passing = [s for s in steps if s["passed"]]
    capacity = max((s["served_rps"] for s in passing), default=0.0)
    first_fail = next((i for i, s in enumerate(steps) if not s["passed"]), None)
    beyond = steps[first_fail + 1 :] if first_fail is not None else []
    load = os.getloadavg()
    lines = [
        f"Run of {timezone.localtime():%d %B %Y, %H:%M} (Europe/London), {os.cpu_count()} cores; "
        f"one gunicorn of {options.workers} workers × {options.threads} threads "
        f"(gunicorn.conf.py) on PostgreSQL, Locust beside them on the same cores; load average "
        f"{load[0]:.1f} when it finished.",
        "",
        f"- **Machine's floor**: {floor:,.0f} requests a second of the health check (every "
        "middleware and one query), 50 people asking without pause.",
        f"- **Capacity**: **{capacity:,.1f} requests a second** of the deadline-day mix with p95 "
        f"under 500 ms and under 0.1% errors or busy pages ({capacity / floor:.1%} of the floor)"
        if passing
        else "- **Capacity**: no step stayed within the limits.",
        f"- **Saved work**: {saved.strip()}",
        "",
        "Each step adds people from the public (300 officers and 40 councillors throughout); its "
        "figures are its last seconds, after the newcomers have arrived. *Offered* counts every "
        "request, *served* those answered with the page asked for.",
        "",
        "| People | Offered req/s | Served req/s | p50 ms | p95 ms | Busy pages | Errors "
        "| Within limits |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        *[step_row(s) for s in steps],
        "",
    ]
    graceful = bool(passing) and all(s["errors"] == 0 for s in beyond)
    if beyond:
        lines.insert(
            5,
            f"- **Past capacity** ({beyond[-1]['users']:,} people): {beyond[-1]['busy']:,} "
            f"requests got the busy page (503, Retry-After), {beyond[-1]['errors']} anything "
            f"else; p95 of the pages served {beyond[-1]['p95_ms']:.0f} ms.",
        )
    return "\n".join(lines), graceful


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("--floor", "--steps", "--saved", "--doc"):
        parser.add_argument(name, type=Path, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    options = parser.parse_args()
    steps = [json.loads(line) for line in options.steps.read_text().splitlines() if line.strip()]
    saved = options.saved.read_text().splitlines()[0] if options.saved.exists() else "not checked"
    text, graceful = section(floor_rps(options.floor), steps, saved, options)
    doc = options.doc.read_text(encoding="utf-8")
    if "<!-- bench:load -->" not in doc:
        doc = doc.replace(ANCHOR, f"<!-- bench:load -->\n<!-- /bench:load -->\n\n{ANCHOR}", 1)
        options.doc.write_text(doc, encoding="utf-8")
    bench_record.record("load", text + "\n", doc=options.doc)
    print(text)
    return 0 if graceful else 1


if __name__ == "__main__":
    sys.exit(main())
