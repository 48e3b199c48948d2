"""The level the council agrees from colleagues' views, the reason kept where they are apart,
and where the views show (the dashboard) and never show (the report, the national picture)."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Answer, Assessment, StatementView
from assessments.statement_views.agreement import spread_words, views_apart
from tests.assessments.factories import AssessmentFactory
from tests.assessments.factories_dashboard import peers, rated, rounds
from tests.assessments.test_views_key_area import form_data, page_url
from tests.assessments.views_helpers import give, key_area_of, text
from tests.factories import member_of

REASON_NEEDED = "Enter why you agreed this level: colleagues’ views are 2 or more levels apart"


@pytest.mark.parametrize(
    ("levels", "apart"),
    [([], False), ([3], False), ([2, 3], False), ([2, 2, 3], False), ([2, 4], True)]
    + [([1, 2, 5], True), ([5, 1], True), ([4, 4, 4], False)],
)
def test_views_are_apart_when_two_or_more_levels_separate_them(levels, apart):
    assert views_apart(levels) is apart


def test_the_spread_names_each_view_lowest_first():
    assert spread_words([4, 2, 2]) == "3 views: Developing, Developing, Leader"
    assert spread_words([5]) == "1 view: Innovator"
    assert spread_words([]) == "No views yet"


@pytest.fixture
def assessment(world):
    return AssessmentFactory(council=world.own)


@pytest.fixture
def apart(world, assessment):
    """Three colleagues' views of the first statement, Developing to Leader."""
    statement = key_area_of(assessment).statements[0]
    contributor = member_of(world.own, full_name="Pat Finance")
    give(assessment, world.users["officer"], statement, 2, comment="Some of it", evidence="Toolkit")
    give(assessment, world.users["lead"], statement, 2)
    give(assessment, contributor, statement, 4, comment="Care contracts are strong")
    return statement


@pytest.mark.django_db
def test_the_key_area_page_shows_the_spread_and_each_view(world, client_as, assessment, apart):
    page = text(client_as(world.users["lead"]).get(page_url(assessment)))
    assert "3 views: Developing, Developing, Leader" in page
    assert 'class="govuk-details"' in page
    assert "Pat Finance: Leader" in page
    assert "Care contracts are strong" in page
    assert "Evidence: Toolkit" in page
    assert escape(f"{world.users['officer'].full_name}: Developing") in page
    assert "Why you agreed this level" in page  # asked for the apart statement only
    assert page.count("Why you agreed this level") == 1


@pytest.mark.django_db
def test_agreeing_a_level_without_a_reason_where_views_are_apart_saves_nothing(
    world, client_as, assessment, apart
):
    data = form_data(assessment, evidence_text="Our contract register")
    response = client_as(world.users["officer"]).post(page_url(assessment), data)
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(REASON_NEEDED) == 2  # in the summary and at the field
    assert f'href="#id_s{apart.pk}-agreed_reason"' in page
    assert f'id="id_s{apart.pk}-agreed_reason"' in page
    assert "Our contract register" in page  # what was entered is kept
    assert not Answer.objects.exists()  # not even the other statement's answer


@pytest.mark.django_db
def test_a_reason_of_spaces_is_no_reason(world, client_as, assessment, apart):
    data = form_data(assessment) | {f"s{apart.pk}-agreed_reason": "   "}
    page = text(client_as(world.users["officer"]).post(page_url(assessment), data))
    assert REASON_NEEDED in page
    assert not Answer.objects.exists()


@pytest.mark.django_db
def test_the_reason_is_kept_with_the_agreed_level_and_named_in_the_activity(
    world, client_as, assessment, apart
):
    reason = "Care contracts are strong, but most are not managed at all yet."
    data = form_data(assessment) | {f"s{apart.pk}-agreed_reason": reason}
    officer = client_as(world.users["officer"])
    assert officer.post(page_url(assessment), data).status_code == 302
    answer = Answer.objects.get(statement=apart)
    assert (answer.current_level, answer.agreed_reason) == (3, reason)
    activity = text(officer.get(reverse("assessments:activity", args=[assessment.pk])))
    assert "Why this level was agreed" in activity
    assert reason in activity


@pytest.mark.django_db
def test_no_reason_is_asked_where_views_are_within_one_level(world, client_as, assessment):
    statement = key_area_of(assessment).statements[0]
    give(assessment, world.users["officer"], statement, 2)
    give(assessment, world.users["lead"], statement, 3)
    officer = client_as(world.users["officer"])
    page = text(officer.get(page_url(assessment)))
    assert "2 views: Developing, Mature" in page
    assert "Why you agreed this level" not in page
    assert officer.post(page_url(assessment), form_data(assessment)).status_code == 302
    assert Answer.objects.get(statement=statement).agreed_reason == ""


@pytest.mark.django_db
def test_saving_for_later_without_a_level_needs_no_reason(world, client_as, assessment, apart):
    data = form_data(assessment, button="later", current_level="", confidence="")
    assert client_as(world.users["officer"]).post(page_url(assessment), data).status_code == 302


@pytest.mark.django_db
def test_a_reason_given_earlier_still_shows_when_the_views_come_closer(
    world, client_as, assessment, apart
):
    officer = client_as(world.users["officer"])
    data = form_data(assessment) | {f"s{apart.pk}-agreed_reason": "Weighed the care contracts"}
    officer.post(page_url(assessment), data)
    # The colleague changes their mind: the views are now within one level.
    StatementView.objects.filter(statement=apart, level=4).update(level=3)
    page = text(officer.get(page_url(assessment)))
    assert "3 views: Developing, Developing, Mature" in page
    assert "Weighed the care contracts" in page  # still there to keep, change or clear


@pytest.mark.django_db
def test_two_officers_agreeing_different_reasons_see_the_conflict_in_words(
    world, client_as, assessment, apart
):
    data = form_data(assessment) | {f"s{apart.pk}-agreed_reason": "The lead's reason"}
    client_as(world.users["lead"]).post(page_url(assessment), data)
    # The officer opened the page before the lead saved (versions 0) and saves another reason.
    data = form_data(assessment) | {f"s{apart.pk}-agreed_reason": "The officer's reason"}
    page = text(client_as(world.users["officer"]).post(page_url(assessment), data))
    assert "Someone else saved this key area while you were editing it" in page
    assert "Why this level was agreed" in page
    assert Answer.objects.get(statement=apart).agreed_reason == "The lead's reason"


# The dashboard: how far views agreed on each key area.


@pytest.mark.django_db
def test_the_dashboard_says_how_far_views_agreed_on_each_key_area(world, client_as):
    last, this = rounds(count=2)
    rated(world.own, last, level=2)
    draft = rated(world.own, this, level=3, status=Assessment.Status.DRAFT)
    first, second = key_area_of(draft).statements
    people = [world.users["officer"], world.users["lead"], member_of(world.own)]
    for person, level in zip(people, [2, 2, 4], strict=True):
        give(draft, person, first, level)  # apart
    for person, level in zip(people, [3, 3, 4], strict=True):
        give(draft, person, second, level)  # agreed
    give(draft, people[0], key_area_of(draft, 1).statements[0], 1)  # one view: agreed
    page = text(client_as(world.users["councillor"]).get(reverse("assessments:dashboard")))
    assert "How far colleagues’ views agreed" in page
    assert "Views by key area, 2026/27" in page
    rows = [
        (
            'Engaging group 1</th> <td class="govuk-table__cell" data-label="Statements with '
            'views">2</td> <td class="govuk-table__cell" data-label="Agreed (within one level)">'
            '1 of 2</td> <td class="govuk-table__cell" data-label="Apart (2 or more levels)">'
            "1 of 2</td>"
        ),
        'Engaging group 2</th> <td class="govuk-table__cell" data-label="Statements with views">1',
    ]
    for row in rows:
        assert row in page
    assert 'Engaging group 3</th> <td class="govuk-table__cell" data-label="Statements' not in page


@pytest.mark.django_db
def test_the_dashboard_without_views_has_no_agreement_table(world, client_as):
    rated(world.own, rounds(count=1)[0], level=3)
    page = text(client_as(world.users["councillor"]).get(reverse("assessments:dashboard")))
    assert "How far colleagues’ views agreed" not in page


def dashboard_queries(client) -> int:
    """The queries of a dashboard worked out afresh (its content is cached between changes)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("assessments:dashboard")).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_dashboard_asks_the_same_number_of_queries_however_many_views(world, client_as):
    this = rounds(count=1)[0]
    draft = rated(world.own, this, level=3, status=Assessment.Status.DRAFT)
    give(draft, world.users["officer"], key_area_of(draft).statements[0], 2)
    client = client_as(world.users["councillor"])
    client.get(reverse("assessments:dashboard"))
    few = dashboard_queries(client)
    for index in range(3):
        for statement in key_area_of(draft, index).statements:
            for _ in range(3):
                give(draft, member_of(world.own), statement, 1 + index * 2)
    assert dashboard_queries(client) == few


@pytest.mark.django_db
def test_the_key_area_page_asks_the_same_number_of_queries_however_many_views(
    world, client_as, assessment
):
    client = client_as(world.users["officer"])
    client.get(page_url(assessment))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page_url(assessment)).status_code == 200
        return len(captured)

    none = count()
    for statement in key_area_of(assessment).statements:
        for level in (1, 3, 5):
            give(assessment, member_of(world.own), statement, level)
    assert count() == none


# The report and the national picture read the agreed level, never a view.


@pytest.mark.django_db
def test_the_report_and_the_national_picture_use_the_agreed_level_not_the_views(
    world, client_as, tmp_path
):
    from tests.assessments.test_reports import pdf_text

    this = rounds(count=1)[0]
    assessment = rated(world.own, this, level=3)
    peers(5, this, level=3)
    for statement in key_area_of(assessment).statements:
        give(assessment, world.users["officer"], statement, 5, comment="An officer's own view")
    report = client_as(world.users["councillor"]).get(
        reverse("assessments:assessment_report", args=[assessment.pk])
    )
    words = " ".join(pdf_text(report.content, tmp_path).split())
    assert "Mature" in words
    assert "An officer's own view" not in words
    response = client_as(world.users["lga_staff"]).get(reverse("assessments:national_csv"))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    stockport = [row for row in csv.reader(io.StringIO(content)) if row[1] == "Stockport"]
    assert stockport
    assert {row[10] for row in stockport} == {"3"}


# The demo.


@pytest.mark.django_db
def test_the_demo_has_a_stockport_key_area_whose_views_are_three_levels_apart(settings, client):
    from django.core.management import call_command

    from tests.conftest import force_login_verified

    settings.DEBUG = True
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    draft = Assessment.objects.get(council__slug="stockport", round__slug="2026-27")
    views = list(StatementView.objects.filter(assessment=draft).select_related("person"))
    assert sorted(v.level for v in views) == [1, 2, 4]
    assert views_apart(v.level for v in views)
    assert "contributor@stockport.example.org" in {v.person.email for v in views}
    lead = views[0].person.__class__.objects.get(email="lead@stockport.example.org")
    key_area = views[0].statement.key_area_id
    page = text(
        force_login_verified(client, lead).get(
            reverse("assessments:key_area", args=[draft.pk, key_area])
        )
    )
    assert "3 views: Minimum, Developing, Leader" in page
    assert "Why you agreed this level" in page
