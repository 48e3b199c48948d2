"""`make bench`: a synthetic national dataset in a throwaway database, and the portal's speed on it.

Never part of the test suite (a tool for developers): `python tests/bench/run_benchmarks.py --help`.
Builds 350 synthetic councils × 3 rounds with every statement answered (bulk_create), then measures
server time (median, p95) and SQL queries of the main pages through Django's full request handling,
the CSV export's rows per second and build_reports, with two floors measured in the same run: a
trivial view, and WeasyPrint rendering the report's HTML alone.
"""
# ruff: noqa: E402 – the portal's modules are imported once Django is set up, below.

import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npsportal.settings")
django.setup()

import io
import tempfile
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse

from assessments.dashboards import layout, reports
from assessments.models import Assessment
from npsportal.roles import Role
from tests.bench.consultation import (
    build_consultation,
    export_peak_memory,
    time_grouping,
    timed,
)
from tests.bench.cross_version import add_earlier_version
from tests.bench.dataset import build_dataset
from tests.bench.measures import (
    csv_peak_memory,
    give_councils_people,
    measure,
    measure_chase,
    measure_report_against_floor,
    measure_sign_in,
    projection_url,
    sign_in_user,
    signed_in,
    time_build_reports,
    time_csv,
    time_queued_build,
    token_client,
    unthrottled,
    user_with,
)
from tests.bench.record import record, table


class Command(BaseCommand):
    """Run as a script, not through manage.py: a developer's tool, not part of the portal."""

    help = "Benchmarks the dashboards, exports and reports on a synthetic dataset (throwaway DB)."

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=int, default=350)
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument(
            "--statements",
            type=int,
            default=59,
            help="Pad the framework with synthetic statements up to this many (the LGA's 59).",
        )
        parser.add_argument("--samples", type=int, default=30, help="Requests per page.")
        parser.add_argument(
            "--pdf-samples",
            type=int,
            default=9,
            help="First downloads and layouts of the report, timed in turn with WeasyPrint alone.",
        )
        parser.add_argument(
            "--build-sample", type=int, default=40, help="Reports build_reports renders (0: all)."
        )
        parser.add_argument(
            "--queued-sample",
            type=int,
            default=0,
            help="Reports the task queue's workers lay out (0: all, as the issue asks).",
        )
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--responses",
            type=int,
            default=50_000,
            help="Synthetic responses to one consultation (issue 18); 0 leaves those rows out.",
        )
        parser.add_argument(
            "--grouping-seconds",
            type=float,
            default=300,
            help="Stop grouping the consultation's answers after this long (progress is shown).",
        )
        parser.add_argument("--no-record", action="store_true", help="Do not write the doc.")

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        scratch = tempfile.mkdtemp(prefix="nps-bench-")
        if database["ENGINE"].endswith("sqlite3"):
            # A file, not memory: build_reports' worker processes open their own connections.
            database.setdefault("TEST", {})["NAME"] = f"{scratch}/bench.sqlite3"
        original = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            rows = self.run_all(options)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)
        result = table(rows, options)
        self.stdout.write(result)
        if not options["no_record"]:
            record(connection.vendor, result)

    def run_all(self, options) -> dict:
        data = self.build(options)
        latest, council = data["rounds"][-1], data["councils"][0]
        assessment = Assessment.objects.get(council=council, round=latest)
        Assessment.objects.filter(pk=assessment.pk).update(status="approved")
        people = {
            "member": signed_in(user_with(Role.COUNCILLOR, council)),
            "staff": signed_in(user_with(Role.LGA_STAFF)),
            "officer": signed_in(user_with(Role.OFFICER, data["councils"][1])),
        }
        task_list = Assessment.objects.get(council=data["councils"][1], round=latest)
        give_councils_people(data["councils"])
        with override_settings(ROOT_URLCONF="tests.bench.urls"):
            results = measure_pages(people, assessment, task_list, options)
            if options["responses"]:
                results |= measure_consultation(people["staff"], data["councils"], options)
            # Last: an earlier round on another framework changes what "last round" is.
            results |= measure_cross_version(people["staff"], data, options["samples"])
        results["build"] = time_build_reports(latest, options["build_sample"], options["workers"])
        results["queued_build"] = time_queued_build(
            latest, options["queued_sample"], options["workers"], self.stdout
        )
        return results

    def build(self, options) -> dict:
        call_command("load_reference_data", stdout=io.StringIO())
        started = time.perf_counter()
        data = build_dataset(options["councils"], options["rounds"], options["statements"])
        with connection.cursor() as cursor:
            # Planner statistics, as autovacuum keeps them on a live database: without them
            # PostgreSQL plans for empty tables after the bulk load.
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Dataset: {options['councils']} synthetic councils × {options['rounds']} rounds × "
            f"{data['statements']} statements in {time.perf_counter() - started:.1f} s"
        )
        return data


def measure_pages(people: dict, assessment, task_list, options) -> dict:
    """Every page's server time and queries, the PDF report against WeasyPrint alone, the CSV."""
    member, staff, officer = people["member"], people["staff"], people["officer"]
    n, pdf_samples, results = options["samples"], options["pdf_samples"], {}
    trivial = "/bench/trivial/"
    results["trivial"] = measure(member, trivial, n)
    results["sign_in"] = measure_sign_in(*sign_in_user(), n)
    dashboard, national = reverse("assessments:dashboard"), reverse("assessments:national")
    # The pages held to a multiple of the floor are timed in turn with it (measure's `floor`).
    results["dashboard"] = measure(member, dashboard, n, floor=trivial)
    results["dashboard_first"] = measure(member, dashboard, n, first_view=True)
    results["national"] = measure(staff, national, n, floor=trivial)
    results["national_first"] = measure(staff, national, n, first_view=True)
    # Running the round (issue 15): participation, and the chase request with its sending queued.
    round = assessment.round.slug
    results["participation"] = measure(staff, reverse("assessments:round_detail", args=[round]), n)
    results["chase"] = measure_chase(staff, reverse("assessments:round_chase", args=[round]), n)
    results["task_list"] = measure(
        officer, reverse("assessments:assessment_detail", args=[task_list.pk]), n, floor=trivial
    )
    # The same officer's assessment seen against CCIAF, held to the task list's target (issue 17).
    if projection := projection_url(task_list):
        results["projection"] = measure(officer, projection, n)
    results |= measure_api(n)
    report_url = reverse("assessments:assessment_report", args=[assessment.pk])
    assessment.refresh_from_db()
    html = reports.render_html(
        "reports/assessment.html", reports.assessment_report_context(assessment)
    )
    sheets = [layout.STYLESHEET_DIR / name for name in reports.REPORT_CSS]
    pdf = measure_report_against_floor(member, report_url, html, sheets, pdf_samples)
    results["report_first"], results["report_layout"] = pdf["download"], pdf["layout"]
    results["weasyprint"] = pdf["floor"]
    results["report"] = measure(member, report_url, pdf_samples)
    results["csv"] = time_csv(staff, reverse("assessments:national_csv"))
    results["csv_memory"] = csv_peak_memory(staff, reverse("assessments:national_csv"))
    return results


def measure_api(samples: int) -> dict:
    """The API's biggest lists (issue 19), first page of 50, with an LGA staff member's token:
    every council's shared assessments, and the national dataset's rows of the newest round."""
    staff = token_client(Role.LGA_STAFF)
    with unthrottled():
        return {
            "api_assessments": measure(staff, reverse("assessments_api:assessment_list"), samples),
            "api_dataset": measure(staff, reverse("assessments_api:national_dataset"), samples),
        }


def measure_consultation(staff, councils, options) -> dict:
    """Issue 18 on a consultation of 50,000 responses: the staff list, theme counts, the
    responses export's memory against a small consultation's (the floor), the summary
    report's data gathering and grouping with its progress."""
    from strategies.summary.selectors import consultation_summary

    started = time.perf_counter()
    floor = build_consultation(500, councils, slug="synthetic-floor")
    consultation = build_consultation(options["responses"], councils)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    n, slug = options["samples"], consultation.slug
    export = reverse("strategies:export_csv", args=[slug])
    return {
        "consultation_built": built,
        "response_list": measure(staff, reverse("strategies:response_list", args=[slug]), n),
        "theme_counts": measure(staff, reverse("strategies:analysis_counts", args=[slug]), n),
        "export_memory": export_peak_memory(staff, export),
        "export_memory_floor": export_peak_memory(
            staff, reverse("strategies:export_csv", args=[floor.slug])
        ),
        "summary_data": timed(max(3, n // 5), lambda: consultation_summary(consultation)),
        "grouping": time_grouping(consultation, options["grouping_seconds"]),
    }


def measure_cross_version(staff, data: dict, samples: int) -> dict:
    """The national picture comparing the latest round with one on another framework, through
    the mapping (issue 17): warm, and first view after an approval."""
    add_earlier_version(data["councils"], data["rounds"][-1])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    national = reverse("assessments:national")
    return {
        "national_cross": measure(staff, national, samples),
        "national_cross_first": measure(staff, national, samples, first_view=True),
    }


if __name__ == "__main__":
    Command().run_from_argv(["python", "tests/bench/run_benchmarks.py", *sys.argv[1:]])
