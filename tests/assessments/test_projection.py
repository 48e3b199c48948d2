"""An officer sees their NPS answers against another framework (issue 17): the one rule through
the page, the other framework's spreadsheet, who may see it, and its cost in queries."""

import csv
import io
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.models import Answer, Assessment, Framework, Mapping, MappingLink
from npsportal.formatting import govuk_date
from tests.assessments.factories import AssessmentFactory, RoundFactory
from tests.assessments.factories_framework import (
    FrameworkFactory,
    KeyAreaFactory,
    StatementFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def row_of(response, name: str) -> str:
    """The text of the table row headed by the name."""
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", response.content.decode(), re.S)
    found = [text_of(row) for row in rows if text_of(row).startswith(name)]
    assert len(found) == 1, f"{name}: {len(found)} rows"
    return found[0]


def framework(name, family, areas, theme="Governance"):
    """A framework whose theme has one statement (no text) per area, by area name."""
    made = FrameworkFactory(name=name, family=family)
    theme = ThemeFactory(framework=made, name=theme)
    return made, {
        area: StatementFactory(key_area=KeyAreaFactory(theme=theme, name=area), text="")
        for area in areas
    }


def link(mapping, source, target, relation):
    MappingLink.objects.create(mapping=mapping, source=source, target=target, relation=relation)


@pytest.fixture
def mapped(world):
    """Stockport's NPS 2022 assessment and a drafted mapping to CCIAF with every kind of link."""
    nps, ka = framework(
        "NPS 2022",
        Framework.Family.NPS,
        ["Engaging councillors", "Engaging senior managers", "Managing contracts", "Data"],
    )
    cciaf, area = framework(
        "CCIAF",
        Framework.Family.CCIAF,
        ["Strategy", "Pipeline", "Contract management", "Risk", "Social value"],
    )
    mapping = Mapping.objects.create(source=nps, target=cciaf, is_draft=True)
    link(mapping, ka["Engaging councillors"], area["Strategy"], "same")  # full
    link(mapping, ka["Engaging senior managers"], area["Pipeline"], "part_of")  # partial
    link(mapping, ka["Engaging councillors"], area["Contract management"], "contains")
    link(mapping, ka["Managing contracts"], area["Contract management"], "same")  # lowest
    link(mapping, ka["Data"], area["Risk"], "same")  # not answered yet
    # "Social value" is linked to nothing: not covered by the NPS.
    assessment = AssessmentFactory(council=world.own, round=RoundFactory(framework=nps))
    for name, level in [
        ("Engaging councillors", 3),
        ("Engaging senior managers", 4),
        ("Managing contracts", 5),
    ]:
        Answer.objects.create(assessment=assessment, statement=ka[name], current_level=level)
    return assessment, cciaf, ka


def page(assessment, slug="cciaf"):
    return reverse("assessments:projection", args=[assessment.pk, slug])


def download(assessment, format, slug="cciaf"):
    return reverse("assessments:projection_download", args=[assessment.pk, slug, format])


def test_a_fully_covered_area_takes_the_answers_level_on_the_cciaf_scale(world, client_as, mapped):
    assessment, _, _ = mapped
    response = client_as(world.users["officer"]).get(page(assessment))
    row = row_of(response, "Strategy")
    # NPS Mature is where CCIAF's Good begins.
    assert row == (
        "Strategy Good Decided by your answers Engaging councillors: Mature (the same as this)"
    )


def test_a_partly_covered_area_is_flagged_check_this(world, client_as, mapped):
    assessment, _, _ = mapped
    response = client_as(world.users["officer"]).get(page(assessment))
    assert row_of(response, "Pipeline") == (
        "Pipeline Better Check this Only partly covered by your answers "
        "Engaging senior managers: Leader (part of this)"
    )


def test_an_area_covered_by_several_answers_takes_the_lowest(world, client_as, mapped):
    assessment, _, _ = mapped
    row = row_of(client_as(world.users["officer"]).get(page(assessment)), "Contract management")
    # Mature and Innovator: Mature counts, so Good, not Best.
    assert row.startswith("Contract management Good Decided by your answers")
    assert "Engaging councillors: Mature (contains this)" in row
    assert "Managing contracts: Innovator (the same as this)" in row


def test_a_mapped_area_not_answered_yet_has_no_level_and_is_left_to_answer(
    world, client_as, mapped
):
    assessment, _, ka = mapped
    response = client_as(world.users["officer"]).get(page(assessment))
    assert row_of(response, "Risk") == (
        "Risk No level Mapped, not answered yet Not answered yet: Data"
    )
    left = text_of(response.content.decode().split('id="left-to-answer"')[1])
    assert "Data Informs: Risk" in left
    key_area = reverse("assessments:key_area", args=[assessment.pk, ka["Data"].key_area_id])
    assert f'href="{key_area}"' in response.content.decode()


def test_an_area_nothing_maps_to_is_not_covered(world, client_as, mapped):
    assessment, _, _ = mapped
    response = client_as(world.users["officer"]).get(page(assessment))
    assert row_of(response, "Social value") == "Social value No level Not covered by NPS 2022 None"


def test_an_area_linked_only_to_an_enabler_councils_do_not_rate_is_not_covered(
    world, client_as, mapped
):
    assessment, cciaf, _ = mapped
    enabler = StatementFactory(
        key_area__theme__framework=assessment.round.framework,
        key_area__name="Developing talent",
        descriptors=False,
        text="",
    )
    target = StatementFactory(
        key_area__theme__framework=cciaf, key_area__name="Capability", text=""
    )
    link(Mapping.objects.get(target=cciaf), enabler, target, "same")
    response = client_as(world.users["officer"]).get(page(assessment))
    assert row_of(response, "Capability") == "Capability No level Not covered by NPS 2022 None"
    left = text_of(response.content.decode().split('id="left-to-answer"')[1])
    assert "Developing talent" not in left


def test_the_page_sums_up_coverage_and_says_how_levels_are_found_and_that_it_is_drafted(
    world, client_as, mapped
):
    assessment, _, _ = mapped
    text = text_of(client_as(world.users["councillor"]).get(page(assessment)).content.decode())
    assert "Given a level 3 of 5 (60%)" in text
    assert "Decided by your answers 2 (40%)" in text
    assert "Check this: only partly covered 1 (20%)" in text
    assert "Left to answer 1 (20%)" in text
    assert "Not covered by NPS 2022 1 (20%)" in text
    assert (
        "the Cabinet Office's Commercial Continuous Improvement Assessment Framework (CCIAF)"
        in text
    )
    assert "These levels are implied by your NPS 2022 answers through a mapping" in text
    assert "the lowest is used" in text
    assert "Minimum and Developing count as Not met; Mature counts as Good" in text
    assert "The project drafted the mapping" in text
    # A councillor cannot change answers: what is left to answer is not a link for them.
    assert (
        "/key-areas/"
        not in client_as(world.users["councillor"]).get(page(assessment)).content.decode()
    )


def test_the_choice_lists_each_mapped_framework_with_a_draft_tag(world, client_as, mapped):
    assessment, _, _ = mapped
    FrameworkFactory(name="NPPS 2025", family=Framework.Family.NPPS)  # mapped to nothing
    response = client_as(world.users["officer"]).get(
        reverse("assessments:projection_choose", args=[assessment.pk])
    )
    html = response.content.decode()
    assert f'href="{page(assessment)}"' in html
    assert "NPPS 2025" not in html
    assert "Draft" in text_of(html)


def test_the_task_list_and_the_dashboard_link_to_the_choice(world, client_as, mapped):
    assessment, _, _ = mapped
    choose = reverse("assessments:projection_choose", args=[assessment.pk])
    client = client_as(world.users["officer"])
    detail = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert f'href="{choose}"' in detail.content.decode()
    dashboard = client.get(reverse("assessments:dashboard"))
    assert f'href="{choose}"' in dashboard.content.decode()


def test_a_framework_not_mapped_to_the_assessments_is_not_found(world, client_as, mapped):
    assessment, _, _ = mapped
    FrameworkFactory(name="NPPS 2025", family=Framework.Family.NPPS)
    client = client_as(world.users["officer"])
    assert client.get(page(assessment, "npps-2025")).status_code == 404
    assert client.get(page(assessment, "nps-2022")).status_code == 404  # its own
    assert client.get(download(assessment, "pdf")).status_code == 404


def test_another_councils_assessment_is_not_found(world, client_as, mapped):
    assessment, _, _ = mapped
    client = client_as(world.users["other_officer"])
    assert client.get(page(assessment)).status_code == 404
    assert client.get(download(assessment, "xlsx")).status_code == 404


def test_lga_staff_see_it_once_shared_and_contributors_never(world, client_as, mapped):
    assessment, _, _ = mapped
    assert client_as(world.users["lga_staff"]).get(page(assessment)).status_code == 404
    assert client_as(world.users["contributor"]).get(page(assessment)).status_code == 404
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    assert client_as(world.users["lga_staff"]).get(page(assessment)).status_code == 200


def test_the_spreadsheet_is_a_cciaf_shaped_return(world, client_as, mapped):
    assessment, _, _ = mapped
    response = client_as(world.users["officer"]).get(download(assessment, "xlsx"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="stockport-{assessment.round.slug}-as-cciaf.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["About", "CCIAF"]
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about["Council"] == "Stockport"
    assert about["Round"] == f"{assessment.round.name} self-assessment, on NPS 2022"
    assert about["Seen against"].startswith("The Cabinet Office's Commercial Continuous")
    assert about["Date"] == govuk_date(timezone.localdate())
    assert about["Given a level"] == "3 of 5"
    assert about["Decided by your answers"] == 2
    assert about["How the levels were found"].startswith("These levels are implied")
    assert about["Draft"].startswith("The project drafted the mapping")
    rows = list(workbook["CCIAF"].iter_rows(values_only=True))
    assert rows[0] == (
        "Theme",
        "Area",
        "Statement",
        "Implied rating",
        "Basis",
        "From your NPS 2022 answers",
        "Left to answer",
    )
    assert rows[1] == (
        "Governance",
        "Strategy",
        None,
        "Good",
        "Decided by your answers",
        "Engaging councillors: Mature (the same as this)",
        None,
    )
    assert rows[2][3:5] == ("Better", "Check this: only partly covered by your answers")
    assert rows[4][3:] == ("No level", "Mapped, not answered yet", None, "Data")
    assert rows[5][3:5] == ("No level", "Not covered by NPS 2022")


def test_the_csv_holds_the_same_table_with_formulas_neutralised(world, client_as, mapped):
    assessment, cciaf, _ = mapped
    cciaf.themes.update(name="=HYPERLINK(1)")
    response = client_as(world.users["officer"]).get(download(assessment, "csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3] == "Implied rating"
    assert rows[1][:4] == ["'=HYPERLINK(1)", "Strategy", "", "Good"]
    assert len(rows) == 6


def grow(mapped, size):
    """Adds `size` more linked, answered statements to both frameworks."""
    assessment, cciaf, ka = mapped
    mapping = Mapping.objects.get(target=cciaf)
    nps = assessment.round.framework
    for n in range(size):
        source = StatementFactory(key_area__theme__framework=nps, descriptors=False)
        target = StatementFactory(key_area__theme__framework=cciaf, descriptors=False)
        link(mapping, source, target, "overlaps")
        link(mapping, ka["Data"], target, "part_of")
        Answer.objects.create(assessment=assessment, statement=source, current_level=n % 5 + 1)


@pytest.mark.parametrize("size", [1, 20])
def test_projecting_reads_the_database_a_fixed_number_of_times(
    world, client_as, mapped, size, django_assert_max_num_queries
):
    assessment, _, _ = mapped
    grow(mapped, size)
    client = client_as(world.users["officer"])
    client.get(page(assessment))  # sessions and caches warmed
    # The same at both sizes: session, user, device, roles; the assessment, the framework, the
    # mapping; the answers, the links both ways, which linked statements are rated, the two
    # frameworks' statements, whether the mapping is drafted; the session saved.
    with django_assert_max_num_queries(17):
        response = client.get(page(assessment))
    assert response.status_code == 200
    with django_assert_max_num_queries(17):
        response = client.get(download(assessment, "xlsx"))
    assert response.status_code == 200
