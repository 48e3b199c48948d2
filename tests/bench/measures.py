"""What the benchmark measures: server time and queries of a page, a sign-in, WeasyPrint alone,
the CSV export's rate and memory, build_reports; and the signed-in people it measures them as."""

import io
import os
import statistics
import subprocess  # nosec B404 # the benchmark starts real db_worker processes
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from weasyprint import CSS, HTML

from assessments.dashboards import reports
from assessments.models import Assessment, Round
from npsportal.models import Membership, User


def measure(
    client: Client, url: str, samples: int, first_view: bool = False, floor: str = ""
) -> dict:
    """Median and p95 milliseconds and the query count of GET url, after one warm-up.

    With first_view, the caches are emptied before each request: the first view after an
    approval, or the first download of a report since it last changed. With `floor` (a URL),
    each request is preceded by one to the floor by the same person, and "floor" is that
    median: both see the same load of a shared machine, so their ratio does not drift with it.
    """
    response = client.get(url)
    if response.status_code != 200:
        raise CommandError(f"{url}: {response.status_code}")
    timings, floor_timings = [], []
    for _ in range(samples):
        if floor:
            floor_timings.append(time_get(client, floor))
        if first_view:
            for cache in caches.all():
                cache.clear()
        with CaptureQueriesContext(connection) as queries:
            timings.append(time_get(client, url))
    found = {"median": statistics.median(timings), "p95": p95(timings), "queries": len(queries)}
    if floor:
        found["floor"] = statistics.median(floor_timings)
    return found


def time_get(client: Client, url: str) -> float:
    """Milliseconds for a GET of url, its body read whole; a page that fails stops the run."""
    started = time.perf_counter()
    response = client.get(url)
    b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise CommandError(f"{url}: {response.status_code}")
    return elapsed


def projection_url(assessment) -> str | None:
    """The page projecting the assessment onto CCIAF (issue 17), if a mapping joins the two."""
    from assessments.mappings.selectors import are_mapped
    from assessments.models import Framework

    cciaf = Framework.objects.filter(family=Framework.Family.CCIAF).order_by("-year").first()
    if cciaf is None or not are_mapped(assessment.round.framework, cciaf):
        return None
    return reverse("assessments:projection", args=[assessment.pk, cciaf.slug])


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


def token_client(role: str, council=None) -> Client:
    """A client sending a fresh personal access token of a new person with the role (issue 19),
    unthrottled so that the samples measure the API, not its rate limit."""
    from npsportal.tokens.services import create_token

    user = User.objects.create_user(f"bench-api-{role}@synthetic.test", "not-used")
    Membership.objects.create(user=user, council=council, role=role)
    _token, key = create_token(user=user, name="Benchmark", days=1)
    return Client(headers={"Authorization": f"Bearer {key}"})


def unthrottled():
    """The API's settings without rate limits, for the benchmark's many requests."""
    from django.test.utils import override_settings

    rates = {"anon": None, "user": None}
    return override_settings(
        REST_FRAMEWORK=settings.REST_FRAMEWORK | {"DEFAULT_THROTTLE_RATES": rates}
    )


def sign_in_user() -> tuple[str, str]:
    """A person with no role (so no second step) and a password hashed as production hashes it."""
    email, password = "bench-sign-in@synthetic.test", "bench-only-password-7"
    User.objects.create_user(email, password)
    return email, password


def measure_report_against_floor(
    client: Client, url: str, html: str, stylesheets: list[Path], samples: int
) -> dict[str, dict]:
    """The report's first download since it changed (request, figures, HTML and layout), the
    portal's first layout of its HTML alone, and WeasyPrint alone laying out the same HTML,
    timed in turn after one warm-up of each: {"download", "layout", "floor"}.

    The layout is what the issue holds to 0.8× WeasyPrint alone: the same HTML, laid out by the
    portal (reports.html_to_pdf, with what it reuses) and by WeasyPrint with fresh objects; the
    download adds what the portal does before it, gathering the figures and writing the HTML.

    In turn, because the machine is shared: timed one after the other, a change of its load
    between the runs skewed their ratio by a tenth either way. In turn, all meet the same load;
    the order rotates each time so that none is always the first or the last of a round.
    """
    queries = []  # of each download, as the report's other rows count them
    turns = {
        "download": lambda: _first_download(client, url, queries),
        "layout": lambda: _milliseconds(_first_layout, html),
        "floor": lambda: _milliseconds(weasyprint_alone, html, stylesheets),
    }
    for turn in turns.values():
        turn()
    order = list(turns)
    timings = {name: [] for name in order}
    for sample in range(samples):
        start = sample % len(order)
        for name in order[start:] + order[:start]:
            timings[name].append(turns[name]())
    found = {
        name: {"median": statistics.median(times), "p95": p95(times), "queries": 0}
        for name, times in timings.items()
    }
    found["download"]["queries"] = queries[-1]
    return found


def _first_layout(html: str) -> None:
    """The portal laying out the report's HTML with the finished-PDF cache emptied first."""
    caches["reports"].clear()
    reports.html_to_pdf(html, reports.stylesheets_for("reports/assessment.html"))


def _milliseconds(work, *args) -> float:
    started = time.perf_counter()
    work(*args)
    return (time.perf_counter() - started) * 1000


def _first_download(client: Client, url: str, queries: list[int]) -> float:
    """Milliseconds of one download of the report with every cache emptied first (its query
    count appended to `queries`)."""
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        elapsed = time_get(client, url)
    queries.append(len(captured))
    return elapsed


def weasyprint_alone(html: str, stylesheets: list[Path]) -> None:
    """WeasyPrint laying out the report's ready-made HTML with its stylesheet files, as its
    documentation shows: every object fresh each time (HTML, CSS, font configuration)."""
    HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=path) for path in stylesheets],
        pdf_variant=reports.PDF_VARIANT,
    )


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


def time_queued_build(round: Round, sample: int, workers: int, out) -> tuple[int, int, float]:
    """(reports in the round, reports laid out, seconds) for a round's build from the task queue,
    drained by `workers` `manage.py db_worker` processes started for it, as a deployment runs
    them, each laying out its share of the sample (0: all); their start-up is in the time.

    Every council of the round is counted as having shared its assessment, as the issue asks of
    all 350; the progress bar is the one `build_reports --queue` and the staff page show.
    """
    from django.test.utils import override_settings
    from django_tasks_db.models import DBTaskResult

    from assessments.dashboards import report_builds

    Assessment.objects.filter(round=round).update(status="approved")
    # Emails queued by earlier measures (chasing) would use up the workers' share of the sample:
    # this row times the reports alone.
    DBTaskResult.objects.ready().delete()
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        build = report_builds.start_report_build(round=round, user=None)
    share = -(-sample // workers) if sample else None  # rounded up
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"]
    command += ["--no-startup-delay", "--interval", "0.1", "--skip-checks", "-v", "0"]
    command += ["--max-tasks", str(share)] if share else []
    environment = {**os.environ, "DATABASE_URL": database_url()}
    environment["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    started = time.perf_counter()
    processes = [
        subprocess.Popen(command, cwd=settings.BASE_DIR, env=environment)  # nosec B603
        for _ in range(workers)
    ]
    progress = _follow(build, processes, out)
    seconds = time.perf_counter() - started
    if progress.failed or any(process.returncode for process in processes):
        raise CommandError(f"queued build: {progress.failed} failed")
    return progress.total, progress.counted, seconds


def database_url() -> str:
    """The address of the benchmark's own (test) database, for the workers it starts."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    user, password = (quote(database[key] or "", safe="") for key in ("USER", "PASSWORD"))
    host = quote(database["HOST"] or "", safe="")
    return f"postgres://{user}:{password}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def _follow(build, processes, out):
    """Prints the build's progress bar each time its counts move, until the workers stop."""
    from assessments.dashboards import report_builds
    from assessments.management.commands.build_reports import progress_bar

    shown = -1
    while True:
        running = any(process.poll() is None for process in processes)
        progress = report_builds.progress_of(build)
        if progress.counted != shown:
            shown = progress.counted
            out.write(progress_bar(progress.counted, progress.total))
            out.flush()
        if not running:
            return progress
        time.sleep(0.5)


def give_councils_people(councils) -> int:
    """A head of procurement and an officer at every council, as chasing emails reach them."""
    users = User.objects.bulk_create(
        User(email=f"bench-{role}-{council.slug}@synthetic.test", password="!")  # unusable
        for council in councils
        for role in ("lead", "officer")
    )
    Membership.objects.bulk_create(
        Membership(user=user, council=council, role=role)
        for user, (council, role) in zip(
            users, [(c, r) for c in councils for r in ("lead", "officer")], strict=True
        )
    )
    return len(users)


def measure_chase(client: Client, url: str, samples: int) -> dict:
    """Median and p95 milliseconds and the queries of "Chase councils" → "Send": the request
    alone, which queues one task (the fan-out to every person runs later, on a worker)."""
    send = {"who": "not_submitted", "send": "1"}
    timings = []
    for _ in range(samples + 1):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post(url, send)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise CommandError(f"{url}: {response.status_code}")
    timings = timings[1:]
    return {"median": statistics.median(timings), "p95": p95(timings), "queries": len(queries)}
