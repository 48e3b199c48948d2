"""The council dashboard's content is cached under a fingerprint read on every view
(dashboard_version): each change that alters what it shows is seen on the very next view."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.models import Action, Assessment, KeyArea, StatementView
from assessments.statement_views.services import ViewInput, give_views
from casestudies.models import CaseStudy
from casestudies.services import archive_case_study, publish_case_study
from tests.assessments.factories import ActionFactory
from tests.assessments.factories_dashboard import peers, rated, rounds
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.test_admin import inline_management
from tests.conftest import force_login_verified

URL = reverse("assessments:dashboard")


@pytest.fixture
def two_rounds(db):
    return rounds(count=2)


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def main(html: str) -> str:
    """The page's main content, below the heading (the header holds each person's own form)."""
    return html.split("Dashboard</h1>")[1].split("</main>")[0]


def test_a_repeated_view_reads_only_the_fingerprint(
    world, client_as, two_rounds, django_assert_num_queries
):
    rated(world.own, two_rounds[0], level=2)
    rated(world.own, two_rounds[1], level=3)
    peers(5, two_rounds[1], level=2)
    client = client_as(world.users["councillor"])
    page(client)
    # Session, user, device, memberships; the council's assessments, then the rest of the
    # fingerprint in one query (versions.dashboard_stamp); the case-study library's version (the
    # recommendations are cached with the dashboard); the session's save (three).
    with django_assert_num_queries(10):
        page(client)


def test_officers_and_councillors_of_a_council_see_the_same_dashboard(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=3)
    councillor = main(page(client_as(world.users["councillor"])))
    assert "Current level" in councillor
    assert main(page(client_as(world.users["officer"]))) == councillor


def test_another_council_never_sees_a_cached_dashboard(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=5)
    rated(world.other, two_rounds[1], level=1)
    innovator, minimum = ('data-label="Current level">' + name for name in ("Innovator", "Minimum"))
    assert innovator in page(client_as(world.users["councillor"]))
    trafford = page(client_as(world.users["other_councillor"]))
    assert innovator not in trafford
    assert minimum in trafford


def test_submitting_then_returning_then_approving_shows_at_once(world, client_as, two_rounds):
    rated(world.own, two_rounds[0], level=2)
    draft = rated(world.own, two_rounds[1], level=4, status=Assessment.Status.DRAFT)
    client = client_as(world.users["councillor"])
    assert f"{two_rounds[1].name} (draft)" in page(client)
    services.submit_assessment(assessment=draft, user=world.users["officer"])
    assert f"{two_rounds[1].name} (submitted)" in page(client)
    services.return_assessment(assessment=draft, user=world.users["lead"], comment="Check it")
    assert f"{two_rounds[1].name} (returned)" in page(client)
    draft.refresh_from_db()
    services.submit_assessment(assessment=draft, user=world.users["officer"])
    services.approve_assessment(assessment=draft, user=world.users["lead"])
    shown = page(client)
    assert f"Current level ({two_rounds[1].name})" in shown
    assert "Up from Developing to Leader" in shown


def test_a_changed_answer_of_the_draft_shows_at_once(world, client_as, two_rounds):
    rated(world.own, two_rounds[0], level=2)
    draft = rated(world.own, two_rounds[1], level=2, status=Assessment.Status.DRAFT)
    client = client_as(world.users["councillor"])
    assert "100% rated" in page(client)
    answer = draft.answers.order_by("pk").first()
    answer.current_level = None
    answer.save()
    assert "83% rated" in page(client)


def test_an_action_added_changed_or_removed_shows_at_once(world, client_as, two_rounds):
    assessment = rated(world.own, two_rounds[1], level=3, status=Assessment.Status.DRAFT)
    client = client_as(world.users["councillor"])
    assert "There are no actions in the action plan yet." in page(client)
    action = ActionFactory(answer=assessment.answers.first(), what="Train the buyers")
    assert "Train the buyers" in page(client)
    services.change_action(
        action=action,
        user=world.users["officer"],
        what="Train every buyer",
        owner=action.owner,
        due_on=action.due_on,
        status=Action.Status.DONE,
    )
    changed = page(client)
    assert "Train every buyer" in changed
    assert "Done actions (1)" in changed
    services.remove_action(action=action, user=world.users["officer"])
    assert "There are no actions in the action plan yet." in page(client)


def test_a_colleagues_view_shows_at_once(world, client_as, two_rounds):
    assessment = rated(world.own, two_rounds[1], level=3, status=Assessment.Status.DRAFT)
    client = client_as(world.users["councillor"])
    assert "How far colleagues’ views agreed" not in page(client)
    answer = assessment.answers.select_related("statement__key_area").first()
    give_views(
        assessment=assessment,
        key_area=answer.statement.key_area,
        person=world.users["officer"],
        inputs=[ViewInput(statement=answer.statement, level=2)],
    )
    assert StatementView.objects.count() == 1
    assert "How far colleagues’ views agreed" in page(client)


def test_another_councils_approval_changes_the_peer_figures_at_once(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=3)
    peers(5, two_rounds[1], level=2)
    client = client_as(world.users["councillor"])
    assert "All England, 5 councils" in page(client)
    peers(1, two_rounds[1], level=5)
    assert "All England, 6 councils" in page(client)


def test_a_peer_council_moving_region_changes_the_peer_figures_at_once(
    world, client_as, two_rounds
):
    world.own.region = "north_west"
    world.own.save()
    rated(world.own, two_rounds[1], level=3)
    moved = peers(6, two_rounds[1], level=2, region="north_west")
    client = client_as(world.users["councillor"])
    assert "Same region (North West), 6 councils" in page(client)
    moved[0].council.region = "london"
    moved[0].council.save()
    assert "Same region (North West), 5 councils" in page(client)


def test_a_renamed_key_area_shows_at_once(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=3)
    client = client_as(world.users["councillor"])
    page(client)
    key_area = KeyArea.objects.filter(theme__framework=two_rounds[1].framework).first()
    key_area.name = "Renamed key area"
    key_area.save()
    assert "Renamed key area" in page(client)


def test_an_action_falling_overdue_shows_the_next_day(world, client_as, two_rounds, monkeypatch):
    assessment = rated(world.own, two_rounds[1], level=3, status=Assessment.Status.DRAFT)
    due = timezone.localdate() + datetime.timedelta(days=1)
    ActionFactory(answer=assessment.answers.first(), due_on=due)
    client = client_as(world.users["councillor"])
    assert "0 overdue" in page(client)
    monkeypatch.setattr(timezone, "localdate", lambda: due + datetime.timedelta(days=1))
    assert "1 overdue" in page(client)


def weakest_key_area(rounds_) -> KeyArea:
    return KeyArea.objects.filter(theme__framework=rounds_[1].framework).order_by("pk").first()


def test_a_case_study_published_retitled_or_archived_shows_at_once(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=2)
    client = client_as(world.users["councillor"])
    draft = CaseStudyFactory(
        title="Shared buying",
        status=CaseStudy.Status.IN_REVIEW,
        tags={weakest_key_area(two_rounds): 3},
    )
    assert "Shared buying" not in main(page(client))
    publish_case_study(case_study=draft, by=world.users["lga_staff"])
    assert "Shared buying" in main(page(client))
    draft.refresh_from_db()
    draft.title = "Shared buying across Greater Manchester"
    draft.save()
    assert "Shared buying across Greater Manchester" in main(page(client))
    archive_case_study(case_study=draft, by=world.users["lga_staff"])
    assert "Shared buying" not in main(page(client))


def test_a_case_study_deleted_disappears_at_once(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=2)
    client = client_as(world.users["councillor"])
    case_study = CaseStudyFactory(title="Shared buying", tags={weakest_key_area(two_rounds): 3})
    assert "Shared buying" in main(page(client))
    case_study.delete()
    assert "Shared buying" not in main(page(client))


def test_a_key_area_tagged_in_the_back_office_shows_at_once(world, client, two_rounds):
    rated(world.own, two_rounds[1], level=2)
    case_study = CaseStudyFactory(title="Shared buying")
    force_login_verified(client, world.users["councillor"])
    assert "Shared buying" not in main(page(client))
    force_login_verified(client, world.users["lga_staff"])
    tagged = client.post(
        reverse("admin:casestudies_casestudy_change", args=[case_study.pk]),
        inline_management(tags=1)
        | {"title": case_study.title, "slug": case_study.slug, "summary": case_study.summary}
        | {"tags-0-key_area": weakest_key_area(two_rounds).pk, "tags-0-level": 3},
    )
    assert tagged.status_code == 302
    force_login_verified(client, world.users["councillor"])
    assert "Shared buying" in main(page(client))
