"""`make bench`: a synthetic national dataset in a throwaway database, and the portal's speed on it.

Never part of the test suite. Builds 350 synthetic councils × 3 rounds with every statement
answered (bulk_create), then measures server time (median, p95) and SQL queries of the main pages
through Django's full request handling, the CSV export's rows per second and build_reports, with two
floors measured in the same run: a trivial view, and WeasyPrint rendering the report's HTML alone.
"""

import datetime
import io
import os
import random
import re
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path, reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from weasyprint import HTML

from assessments import reports
from assessments.models import (
    Action,
    Answer,
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    Level,
    Round,
    Statement,
)
from assessments.selectors import assessed_statements
from npsportal.models import Council, Membership, User
from npsportal.roles import Role


def trivial(request):
    return HttpResponse("ok")


# The project's URLs plus the trivial view, for the floor.
urlpatterns = [path("bench/trivial/", trivial), path("", include(settings.ROOT_URLCONF))]
DOC = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"
STATUSES = ["approved"] * 7 + ["submitted", "draft", "returned"]


def pad_statements(framework, total: int) -> None:
    """Adds synthetic statements (marked so) to the key areas in turn until `total` are asked."""
    have = assessed_statements(framework).count()
    key_areas = list(KeyArea.objects.filter(theme__framework=framework, theme__kind="theme"))
    added = Statement.objects.bulk_create(
        Statement(
            key_area=key_areas[n % len(key_areas)],
            code=f"SYN{n + 1}",
            text=f"Synthetic statement {n + 1}, for benchmarks only",
            order=100 + n,
        )
        for n in range(max(0, total - have))
    )
    Descriptor.objects.bulk_create(
        Descriptor(statement=s, level=level, text=f"Synthetic descriptor of {s.code} at {label}.")
        for s in added
        for level, label in Level.choices
    )


def build_dataset(councils: int, rounds: int, statements: int = 0, seed: int = 2026) -> dict:
    """Synthetic councils (marked so by name and an E99 code) with every statement answered."""
    rng = random.Random(seed)  # nosec B311 # synthetic benchmark data, repeatable by seed
    framework = Framework.objects.get(is_current=True)
    pad_statements(framework, statements)
    statements = list(assessed_statements(framework))
    kinds, regions = Council.Kind.values, Council.Region.values
    created = Council.objects.bulk_create(
        Council(
            name=f"Synthetic council {i:03d}",
            slug=f"synthetic-{i:03d}",
            gss_code=f"E99{i:06d}",
            kind=kinds[i % len(kinds)],
            region=regions[i % len(regions)],
        )
        for i in range(1, councils + 1)
    )
    today = timezone.localdate()
    round_objects = [
        Round.objects.create(
            name=f"{today.year - rounds + 1 + r}/{(today.year - rounds + 2 + r) % 100:02d}",
            slug=f"{today.year - rounds + 1 + r}-{(today.year - rounds + 2 + r) % 100:02d}",
            framework=framework,
            opens_on=today - datetime.timedelta(days=30 + 365 * (rounds - 1 - r)),
            closes_on=today + datetime.timedelta(days=60 - 365 * (rounds - 1 - r)),
        )
        for r in range(rounds)
    ]
    for number, round in enumerate(round_objects):
        latest = number == rounds - 1
        statuses = [rng.choice(STATUSES) if latest else "approved" for _ in created]
        assessments = Assessment.objects.bulk_create(
            Assessment(
                council=c,
                round=round,
                status=status,
                approved_at=timezone.now() if status == "approved" else None,
            )
            for c, status in zip(created, statuses, strict=True)
        )
        answer_rows(rng, assessments, statements, number)
    return {"councils": created, "rounds": round_objects, "statements": len(statements)}


def answer_rows(rng, assessments, statements, step) -> None:
    """Every statement answered, levels drifting up a little each round; a few actions each."""
    answers = Answer.objects.bulk_create(
        (
            Answer(
                assessment=a,
                statement=s,
                current_level=min(5, max(1, rng.randint(1, 3) + step * rng.randint(0, 1))),
                target_level=rng.randint(3, 5),
                evidence_text="=Synthetic evidence, marked as such." if s.order == 1 else "",
            )
            for a in assessments
            for s in statements
        ),
        batch_size=5000,
    )
    today = timezone.localdate()
    Action.objects.bulk_create(
        (
            Action(
                answer=answer,
                what="Synthetic action",
                owner=rng.choice(["Head of procurement", "Finance", "Legal"]),
                due_on=today + datetime.timedelta(days=rng.randint(-60, 200)),
                status=rng.choice(Action.Status.values),
            )
            for answer in answers[:: max(1, len(statements) // 3)]
        ),
        batch_size=5000,
    )


def measure(client: Client, url: str, samples: int, first_view: bool = False) -> dict:
    """Median and p95 milliseconds and the query count of GET url, after one warm-up.

    With first_view, the caches are emptied before each request: the first view after an
    approval, or the first download of a report since it last changed.
    """
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url}: {response.status_code}")
    timings = []
    for _ in range(samples):
        if first_view:
            for cache in caches.all():
                cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
            timings.append((time.perf_counter() - started) * 1000)
    return {"median": statistics.median(timings), "p95": p95(timings), "queries": len(queries)}


def measure_sign_in(email: str, password: str, samples: int) -> dict:
    """Median and p95 milliseconds and the queries of a password sign-in POST, after a warm-up."""
    timings = []
    for _ in range(samples + 1):
        # A new client each time: a signed-in one would be sent on without its password checked.
        client = Client()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(reverse("login"), {"username": email, "password": password})
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise CommandError(f"sign-in: {response.status_code}")
    timings = timings[1:]
    return {"median": statistics.median(timings), "p95": p95(timings), "queries": len(queries)}


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def signed_in(user) -> Client:
    """A client signed in as the user with the second factor confirmed, as after signing in."""
    client = Client()
    client.force_login(user, backend="npsportal.backends.EmailPasswordBackend")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def user_with(role: str, council=None) -> User:
    user = User.objects.create_user(f"bench-{role}@synthetic.test", "not-used")
    Membership.objects.create(user=user, council=council, role=role)
    return user


def sign_in_user() -> tuple[str, str]:
    """A person with no role (so no second step) and a password hashed as production hashes it."""
    email, password = "bench-sign-in@synthetic.test", "bench-only-password-7"
    User.objects.create_user(email, password)
    return email, password


def time_pdf_floor(html: str, samples: int) -> dict:
    """WeasyPrint alone rendering the report's ready-made HTML, as its documentation shows."""

    def weasyprint_alone():
        HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            pdf_variant=reports.PDF_VARIANT
        )

    weasyprint_alone()
    timings = []
    for _ in range(samples):
        started = time.perf_counter()
        weasyprint_alone()
        timings.append((time.perf_counter() - started) * 1000)
    return {"median": statistics.median(timings), "p95": p95(timings), "queries": 0}


def time_csv(client: Client, url: str) -> tuple[int, float]:
    """Rows and rows per second of one full CSV download."""
    started = time.perf_counter()
    response = client.get(url)
    rows = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    return rows, rows / (time.perf_counter() - started)


def csv_peak_memory(client: Client, url: str) -> int:
    """Peak Python memory (KiB) while streaming the CSV, in a separate traced run."""
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak // 1024


def time_build_reports(round: Round, sample: int, workers: int) -> tuple[int, int, float]:
    """(reports in the round, reports rendered, seconds) for build_reports over a sample."""
    from assessments.management.commands.build_reports import Command as BuildReports

    shared = Assessment.objects.filter(round=round, status__in=["submitted", "approved"])
    jobs = dict(shared.order_by("council__name").values_list("pk", "council__slug"))
    chosen = dict(list(jobs.items())[:sample]) if sample else jobs
    command = BuildReports(stdout=io.StringIO(), stderr=io.StringIO())
    with tempfile.TemporaryDirectory() as output:
        started = time.perf_counter()
        failures = command.run(chosen, output, workers)
        seconds = time.perf_counter() - started
    if failures:
        raise CommandError(f"reports failed: {failures}")
    return len(jobs), len(chosen), seconds


def ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


class Command(BaseCommand):
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
        parser.add_argument("--pdf-samples", type=int, default=5)
        parser.add_argument(
            "--build-sample", type=int, default=40, help="Reports build_reports renders (0: all)."
        )
        parser.add_argument("--workers", type=int, default=2)
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
        table = self.table(rows, options)
        self.stdout.write(table)
        if not options["no_record"]:
            record(connection.vendor, table)

    def run_all(self, options) -> dict:
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
        latest, council = data["rounds"][-1], data["councils"][0]
        assessment = Assessment.objects.get(council=council, round=latest)
        Assessment.objects.filter(pk=assessment.pk).update(status="approved")
        member = signed_in(user_with(Role.COUNCILLOR, council))
        staff = signed_in(user_with(Role.LGA_STAFF))
        officer = signed_in(user_with(Role.OFFICER, data["councils"][1]))
        task_list = Assessment.objects.get(council=data["councils"][1], round=latest)
        n, results = options["samples"], {}
        with override_settings(ROOT_URLCONF=__name__):
            results["trivial"] = measure(member, "/bench/trivial/", n)
            results["sign_in"] = measure_sign_in(*sign_in_user(), n)
            results["dashboard"] = measure(member, reverse("assessments:dashboard"), n)
            results["dashboard_first"] = measure(
                member, reverse("assessments:dashboard"), n, first_view=True
            )
            results["national"] = measure(staff, reverse("assessments:national"), n)
            results["national_first"] = measure(
                staff, reverse("assessments:national"), n, first_view=True
            )
            results["task_list"] = measure(
                officer, reverse("assessments:assessment_detail", args=[task_list.pk]), n
            )
            report_url = reverse("assessments:assessment_report", args=[assessment.pk])
            results["report_first"] = measure(
                member, report_url, options["pdf_samples"], first_view=True
            )
            results["report"] = measure(member, report_url, options["pdf_samples"])
            assessment.refresh_from_db()
            html = reports.render_html(
                "reports/assessment.html", reports.assessment_report_context(assessment)
            )
            results["weasyprint"] = time_pdf_floor(html, options["pdf_samples"])
            results["csv"] = time_csv(staff, reverse("assessments:national_csv"))
            results["csv_memory"] = csv_peak_memory(staff, reverse("assessments:national_csv"))
        results["build"] = time_build_reports(latest, options["build_sample"], options["workers"])
        return results

    def table(self, r: dict, options) -> str:
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
            ("Council dashboard", "dashboard", "< 50 ms", trivial),
            ("Council dashboard, first view after an approval", "dashboard_first", "–", trivial),
            ("National dashboard", "national", "< 100 ms", trivial),
            ("National dashboard, first view after an approval", "national_first", "–", trivial),
            ("Task list (assessment_detail)", "task_list", "< 30 ms", trivial),
            ("Sign-in, password checked (Argon2)", "sign_in", "< 500 ms", trivial),
            (
                "PDF report, first download since it changed",
                "report_first",
                "< 1.5 s, ≤ 1.25× WeasyPrint",
                floor,
            ),
            ("PDF report, downloaded again unchanged", "report", "< 1.5 s", floor),
            ("WeasyPrint alone, same HTML (floor)", "weasyprint", "–", floor),
        ]
        for label, key, target, base in pages:
            m = r[key]
            lines.append(
                f"| {label} | {ms(m['median'])} | {ms(m['p95'])} | {m['queries']} | {target} "
                f"| {m['median'] / base:.2f}× |"
            )
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
        return "\n".join(lines) + "\n"


def record(vendor: str, table: str) -> None:
    """Replaces this database's section of docs/benchmarks.md with the new table."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    start, end = f"<!-- bench:{vendor} -->", f"<!-- /bench:{vendor} -->"
    section = f"{start}\n## {NAMES.get(vendor, vendor)}\n\n{table}{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = pattern.sub(lambda _: section, text) if start in text else f"{text}\n{section}\n"
    DOC.write_text(text, encoding="utf-8")


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
HEADER = """# Benchmarks

`make bench` builds a synthetic national dataset in a throwaway database and measures the portal on
it; the tables below are its latest output, one per database. See the end for how to read them.
"""
