"""Workers on several machines lay out a round's reports at the same moment: each report is
counted once and the last one zips them, once."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from assessments.dashboards import report_builds, reports
from assessments.models import ReportBuild
from tests.assessments.factories_dashboard import rated, rounds
from tests.factories import CouncilFactory

WORKERS = 8

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Simultaneous writers need PostgreSQL; `make test` runs this on its pass.",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_eight_workers_finishing_together_count_every_report_and_zip_once(monkeypatch):
    this = rounds(count=1)[0]
    assessments = [rated(CouncilFactory(), this) for _ in range(WORKERS)]
    build = ReportBuild.objects.create(round=this, total=WORKERS)
    # A tiny PDF instead of a layout: the workers then reach the counting and zipping together.
    monkeypatch.setattr(reports, "render_pdf", lambda template, context: b"%PDF-1.7 test")
    zips, real_zip = [], report_builds._write_zip
    monkeypatch.setattr(report_builds, "_write_zip", lambda *a: zips.append(1) or real_zip(*a))
    barrier = Barrier(WORKERS)

    def work(assessment):
        barrier.wait()
        try:
            report_builds.build_one_report(build_id=build.pk, assessment_id=assessment.pk)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(work, assessments))
    build.refresh_from_db()
    assert (build.done, build.failed) == (WORKERS, 0)
    assert build.finished_at is not None
    assert zips == [1]
    assert build.archive.name.endswith(".zip")


def test_two_workers_that_both_saw_the_last_count_zip_once(monkeypatch):
    this = rounds(count=1)[0]
    build = ReportBuild.objects.create(round=this, total=2, done=2)
    barrier = Barrier(2)

    def finish(_):
        barrier.wait()
        try:
            return report_builds.finish_build(build_id=build.pk)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(finish, range(2)))
    assert sorted(outcomes) == [False, True]
