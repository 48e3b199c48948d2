"""Several people acting at the same moment: each gets a page, never a server error."""

import contextlib
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import dj_database_url
import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse

from assessments import selectors
from assessments.models import Assessment
from npsportal.sqlite import for_web_server
from tests.assessments.factories import (
    AssessmentFactory,
    RoundFactory,
    previous_round,
    rate_all,
)
from tests.conftest import force_login_verified

CONFLICT = "Someone else saved this key area while you were editing it"


def signed_in_clients(users) -> list[Client]:
    """A separate browser (test client) for each user, second factor confirmed."""
    return [force_login_verified(Client(raise_request_exception=False), user) for user in users]


def post_at_once(clients, url, data, *, wrap=None) -> list:
    """Each client posts from its own thread (its own database connection) at the same moment."""
    start = threading.Barrier(len(clients))

    def post(client):
        start.wait(timeout=30)
        try:
            if wrap is None:
                return client.post(url, data)
            with connection.execute_wrapper(wrap):
                return client.post(url, data)
        finally:
            connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(post, clients))


class InsertsMeet:
    """Holds each INSERT of an assessment until every thread is about to make one, so that both
    starts get past any "already started?" check before either row exists."""

    def __init__(self, parties: int):
        self.barrier = threading.Barrier(parties)

    def __call__(self, execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "assessments_assessment"'):
            # Should the other start never insert, there is nothing left to race.
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=10)
        return execute(sql, params, many, context)


# Starting the self-assessment.


def start_url(round) -> str:
    return reverse("assessments:assessment_start", args=["stockport", round.slug])


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous inserts need a server database; `make test` runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_land_on_the_one_assessment_copied_once(world):
    this_round = RoundFactory(name="2026/27")
    last = previous_round(this_round)
    rate_all(AssessmentFactory(council=world.own, round=last, status="approved"), level=4)
    clients = signed_in_clients([world.users["officer"], world.users["lead"]])
    responses = post_at_once(
        clients, start_url(this_round), {"prefill": "yes"}, wrap=InsertsMeet(len(clients))
    )
    assessment = Assessment.objects.get(round=this_round)
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {f"/assessments/{assessment.pk}/"}
    # The previous answers were copied by one start only.
    assert assessment.answers.count() == len(selectors.assessed_statements(this_round.framework))


@pytest.mark.django_db
def test_starting_an_assessment_someone_just_started_lands_on_theirs_without_copying_again(
    world, client_as
):
    this_round = RoundFactory(name="2026/27")
    last = previous_round(this_round)
    rate_all(AssessmentFactory(council=world.own, round=last, status="approved"), level=4)
    lead = client_as(world.users["lead"])
    lead.post(start_url(this_round), {"prefill": "yes"})
    assessment = Assessment.objects.get(round=this_round)
    answers = assessment.answers.count()
    # The officer opened the start page before the lead started, and now presses the button.
    response = client_as(world.users["officer"]).post(
        start_url(this_round), {"prefill": "yes"}, follow=True
    )
    assert response.redirect_chain == [(f"/assessments/{assessment.pk}/", 302)]
    page = response.content.decode()
    assert "You started the 2026/27 self-assessment" in page
    assert "There is a problem" not in page
    assert Assessment.objects.filter(round=this_round).count() == 1
    assert assessment.answers.count() == answers
    assert assessment.created_by == world.users["lead"]


# The embedded SQLite database of `make run`.


def test_an_sqlite_database_is_set_up_for_a_web_server():
    database = for_web_server(dj_database_url.parse("sqlite:////tmp/nps-demo.sqlite3"))
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    commands = {c.strip().upper() for c in options["init_command"].split(";")}
    assert {"PRAGMA JOURNAL_MODE=WAL", "PRAGMA SYNCHRONOUS=NORMAL"} <= commands


def test_a_postgresql_database_keeps_its_own_settings():
    url = "postgres://nps@db.example.org:5432/nps"
    assert for_web_server(dj_database_url.parse(url)) == dj_database_url.parse(url)


def move_to_a_file_copy(tmp_path, monkeypatch) -> dict:
    """Copies the test database to a file (the suite's is in memory, which SQLite locks by
    table), with the portal's own settings: other threads' connections open the file."""
    path = tmp_path / "demo.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    copy.close()
    file_settings = {**connections.settings["default"], "NAME": str(path)}
    monkeypatch.setitem(connections.settings, "default", file_settings)
    return file_settings


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="The SQLite settings of `make run`; SQLite only."
)
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_saves_on_sqlite_give_one_save_and_nine_conflict_pages(
    world, tmp_path, monkeypatch
):
    assessment = AssessmentFactory(council=world.own)
    section = selectors.key_area_answers(assessment)[0]
    url = reverse(
        "assessments:key_area", kwargs={"pk": assessment.pk, "key_area": section.key_area.pk}
    )
    data = {"later": "1"}
    for statement in section.statements:
        data |= {f"s{statement.pk}-version": 0, f"s{statement.pk}-current_level": 3}
    clients = signed_in_clients([world.users["officer"], world.users["lead"]] * 5)
    demo = move_to_a_file_copy(tmp_path, monkeypatch)
    responses = post_at_once(clients, url, data)
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 9 + [302], statuses
    assert all(CONFLICT in r.content.decode() for r in responses if r.status_code == 200)
    saved = load_backend(demo["ENGINE"]).DatabaseWrapper(demo)
    with saved.cursor() as cursor:
        versions = cursor.execute("SELECT version FROM assessments_answer").fetchall()
        journal = cursor.execute("PRAGMA journal_mode").fetchone()
        busy_timeout_ms = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    saved.close()
    assert versions == [(1,)] * len(section.statements)
    assert journal == ("wal",)
    assert busy_timeout_ms >= 5000
