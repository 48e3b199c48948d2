"""Prints Locust's per-page statistics as a Markdown table: requests, errors, rps, p50/p95/p99."""

import csv
import sys
from pathlib import Path


def main(stats_csv: str, log: str) -> int:
    rows = list(csv.DictReader(Path(stats_csv).read_text().splitlines()))
    print("| Page | Requests | Errors | Req/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        name = "**All**" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} "
            f"| {float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} |"
        )
    failures = Path(stats_csv.replace("_stats.csv", "_failures.csv"))
    if failures.exists():
        for row in csv.DictReader(failures.read_text().splitlines()):
            print(f"  error: {row['Occurrences']} x {row['Name']}: {row['Error'][:150]}")
    errors = [line for line in Path(log).read_text().splitlines() if "Error" in line]
    for line in errors[:10]:
        print(f"  locust: {line[:200]}")
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    return 1 if total is None or int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
