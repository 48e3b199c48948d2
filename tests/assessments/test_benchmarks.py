"""`make bench` keeps working: its script runs end to end on a tiny dataset and prints its table.

The figures themselves are not asserted (timings are measured, never tested); this proves the
benchmark still reaches every page it measures, e.g. through the two-factor step.
"""

import os
import subprocess
import sys

from django.conf import settings

MEASURES = [
    "Trivial Django view (floor)",
    "Council dashboard",
    "Council dashboard, first view after an approval",
    "National dashboard",
    "National dashboard, first view after an approval",
    "Task list (assessment_detail)",
    "National dashboard, last round on another framework (through the mapping)",
    "One assessment projected onto CCIAF",
    "API: every council's assessments, a page of 50",
    "API: national dataset, a page of 50 rows",
    "Round participation page (every council)",
    "Consultation: staff response list (50 a page)",
    "Consultation: theme counts by type and maturity",
    "Consultation: summary report's data gathered",
    "Consultation: responses CSV streamed, peak Python memory",
    "Consultation: grouping",
    "Sign-in, password checked",
    "PDF report",
    "WeasyPrint alone, same HTML (floor)",
    "CSV export",
    "build_reports",
    "Every council's report from the task queue",
]


def test_run_benchmarks_measures_every_page_on_a_small_dataset(tmp_path):
    # Its own SQLite file: the script makes and drops a throwaway database, which must never
    # be the one this test run is using.
    env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}"}
    tiny = "--councils 6 --rounds 2 --statements 0 --samples 1 --pdf-samples 1"
    result = subprocess.run(
        [sys.executable, "tests/bench/run_benchmarks.py", *tiny.split()]
        + ["--build-sample", "1", "--workers", "1", "--no-record"]
        # A small consultation: its rows are measured, not its 50,000-response scale.
        + ["--responses", "300", "--grouping-seconds", "60"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    for measure in MEASURES:
        assert any(row.startswith(f"| {measure}") for row in rows), measure
    assert "6 councils × 2 rounds" in result.stdout
