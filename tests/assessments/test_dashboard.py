import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments import scoring
from assessments.dashboards.selectors import level_from_totals
from assessments.models import Action, Assessment
from npsportal.formatting import govuk_date
from tests.assessments.factories import ActionFactory
from tests.assessments.factories_dashboard import peers, rated, rounds
from tests.factories import CouncilFactory

URL = reverse("assessments:dashboard")


@pytest.fixture
def two_rounds(db):
    return rounds(count=2)


def dashboard(client_as, user, **params):
    response = client_as(user).get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return " ".join(html.split())


def test_councillor_sees_the_latest_approved_levels_grouped_by_theme(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=3, target=4, Engaging_group_2=4)
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "Showing leadership" in page  # the theme, as a table caption
    assert (
        'Engaging group 2</th> <td class="govuk-table__cell" data-label="Current level">Leader</td>'
        in page
    )
    assert "Approved" in page


def test_dashboard_labels_a_newer_draft_and_shows_how_complete_it_is(world, client_as, two_rounds):
    last, this = two_rounds
    rated(world.own, last, level=2)
    draft = rated(world.own, this, level=3, status=Assessment.Status.DRAFT)
    draft.answers.order_by("pk").first().delete()  # one statement of six left to rate
    page = text(dashboard(client_as, world.users["councillor"]))
    assert f"{this.name} self-assessment" in page
    assert f"{this.name} (draft)" in page
    assert "83% rated: 5 of 6 statements; 2 of 3 key areas complete" in page
    assert "Not fully rated yet" in page


def test_dashboard_with_only_a_draft_says_its_levels_may_change(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=2, status=Assessment.Status.SUBMITTED)
    page = text(dashboard(client_as, world.users["officer"]))
    assert "Not yet approved: these levels may still change." in page


def test_dashboard_without_any_assessment_says_so(world, client_as):
    assert "no self-assessment yet" in dashboard(client_as, world.users["councillor"])


def test_dashboard_draws_the_radar_with_the_same_figures_in_a_table(world, client_as, two_rounds):
    rated(world.own, two_rounds[1], level=3, target=5)
    page = dashboard(client_as, world.users["councillor"])
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "Stockport, " in page
    assert "current and target level by key area</title>" in page
    assert "3 Mature" in page
    assert "5 Innovator" in page


def test_dashboard_shows_the_trend_with_arrows_and_words(world, client_as, two_rounds):
    last, this = two_rounds
    rated(world.own, last, level=2, Engaging_group_3=4)
    rated(world.own, this, level=3)
    page = dashboard(client_as, world.users["councillor"])
    assert "Up from Developing to Mature" in page
    assert "Down from Leader to Mature" in page
    assert '<span aria-hidden="true">↑</span>' in page
    assert f'<th scope="col" class="govuk-table__header">{last.name}</th>' in page


def test_action_plan_lists_each_action_overdue_first_with_its_counts_in_a_line(
    world, client_as, two_rounds
):
    answer = rated(world.own, two_rounds[1]).answers.first()
    today = timezone.localdate()
    ActionFactory(answer=answer, what="Train buyers", owner="Finance", due_on=today)
    ActionFactory(
        answer=answer,
        what="Publish the pipeline",
        owner="Head of procurement",
        due_on=today - datetime.timedelta(1),
        status=Action.Status.IN_PROGRESS,
    )
    ActionFactory(answer=answer, what="Review contracts", due_on=today + datetime.timedelta(200))
    ActionFactory(answer=answer, what="Agree a policy", status=Action.Status.DONE)
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "3 open actions: 1 overdue, 1 due in the next 30 days. 1 done." in page
    listed = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)<br>', page)
    assert listed[:4] == [
        "Publish the pipeline",
        "Train buyers",
        "Review contracts",
        "Agree a policy",
    ]
    overdue = page[page.index("Publish the pipeline") : page.index("Train buyers")]
    assert 'data-label="Who">Head of procurement</td>' in overdue
    assert f'data-label="Due">{govuk_date(today - datetime.timedelta(1))}</td>' in overdue
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in overdue
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in overdue
    assert "Done actions (1)" in page
    assert "Actions by owner" not in page


def test_peer_groups_of_five_show_where_most_and_all_of_them_are_in_level_names(
    world, client_as, two_rounds
):
    this = two_rounds[1]
    rated(world.own, this, level=3)
    peers(5, this, level=2)
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "Councils like mine" in page
    assert "All England, 5 councils" in page
    assert "Most: Developing. All: Developing." in page
    assert "not shown" not in page
    assert "median" not in page.lower()
    assert "middle half" not in page


def test_councils_like_mine_draws_the_council_beside_similar_councils_and_says_where_it_stands(
    world, client_as, two_rounds
):
    this = two_rounds[1]
    rated(world.own, this, level=3, Engaging_group_2=1)
    peers(5, this, level=2)
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "Similar councils in the chart: Same kind (Metropolitan district)." in page
    assert "Stockport’s level by key area beside similar councils: Same kind" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640' in page
    assert 'aria-labelledby="peers-narrow-title peers-narrow-desc"' in page
    assert 'data-label="Compared with similar councils">Above most similar councils</td>' in page
    assert 'data-label="Compared with similar councils">Below most similar councils</td>' in page


def test_without_a_group_large_enough_there_is_no_chart_only_the_reasons(
    world, client_as, two_rounds
):
    rated(world.own, two_rounds[1], level=3)
    peers(2, two_rounds[1], level=2)
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "All England: not shown." in page
    assert "Similar councils in the chart" not in page
    assert "Compared with similar councils" not in page


def test_peer_groups_under_five_are_hidden_with_the_reason(world, client_as, two_rounds):
    this = two_rounds[1]
    rated(world.own, this, level=3)
    peers(4, this, level=2)
    peers(3, this, level=1, region="london", kind="london_borough")
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "Same region (North West): not shown. Only 4 councils have" in page
    assert "Groups of fewer than 5 are not shown, so that no council can be identified." in page
    assert "All England, 7 councils" in page
    assert "Not shown (fewer than 5 councils)" in page


def test_peer_comparison_leaves_out_drafts_and_the_council_itself(world, client_as, two_rounds):
    this = two_rounds[1]
    rated(world.own, this, level=3)
    peers(4, this, level=2)
    rated(CouncilFactory(), this, level=5, status=Assessment.Status.SUBMITTED)
    page = text(dashboard(client_as, world.users["councillor"]))
    assert "All England: not shown. Only 4 councils" in page


def test_member_cannot_open_another_councils_dashboard(world, client_as):
    response = client_as(world.users["councillor"]).get(URL, {"council": "trafford"})
    assert response.status_code == 404


def test_member_of_two_councils_can_switch_between_them(world, client_as):
    from npsportal.models import Membership

    user = world.users["councillor"]
    Membership.objects.create(user=user, council=world.other, role="councillor")
    page = dashboard(client_as, user, council="trafford")
    assert '<span class="govuk-caption-l">Trafford</span>' in page
    assert 'href="?council=stockport"' in page


def test_lga_staff_have_no_council_dashboard(world, client_as):
    assert client_as(world.users["lga_staff"]).get(URL).status_code == 403


def test_dashboard_links_to_the_pdf_report(world, client_as, two_rounds):
    assessment = rated(world.own, two_rounds[1])
    page = dashboard(client_as, world.users["councillor"])
    assert reverse("assessments:assessment_report", args=[assessment.pk]) in page


@pytest.mark.parametrize("levels", [[1], [2, 3], [3, 3, 4], [5, 4, 4, 4], [1, 5]])
def test_sql_key_area_level_follows_the_scoring_rule(levels):
    assert level_from_totals(sum(levels), len(levels), len(levels)) == scoring.key_area_level(
        levels
    )


def test_key_area_with_an_unrated_statement_has_no_level():
    assert level_from_totals(6, 2, 3) is None


def queries_for_dashboard(client, councils: int, round) -> int:
    peers(councils, round, level=2)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_dashboard_query_count_does_not_grow_with_councils(world, client_as, two_rounds):
    last, this = two_rounds
    rated(world.own, last, level=2)
    answer = rated(world.own, this, level=3).answers.first()
    ActionFactory(answer=answer)
    client = client_as(world.users["councillor"])
    with_ten = queries_for_dashboard(client, 10, this)
    with_hundred = queries_for_dashboard(client, 90, this)
    assert with_ten == with_hundred


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_councillor_sees_the_dashboard_and_downloads_the_pdf(page, live_server, tmp_path):
    from playwright.sync_api import expect

    from npsportal.roles import Role
    from tests.browser import sign_in, visit
    from tests.factories import PASSWORD, member_of

    stockport = CouncilFactory(name="Stockport", slug="stockport", gss_code="E08000007")
    last, this = rounds(count=2)
    rated(stockport, last, level=2)
    rated(stockport, this, level=3, target=4)
    peers(5, this, level=2)
    councillor = member_of(stockport, Role.COUNCILLOR, email="councillor@stockport.test")
    sign_in(page, live_server.url, councillor.email, PASSWORD)
    visit(page, f"{live_server.url}{URL}")
    expect(page.get_by_role("heading", name="Councils like mine")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("current and target level"))).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("progress report")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"stockport-nps-{this.slug}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
