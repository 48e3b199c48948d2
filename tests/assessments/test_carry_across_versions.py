"""Starting a round on a newer framework from the last self-assessment, through the mapping."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Action, Answer, Assessment, Evidence, Mapping, MappingLink
from tests.assessments.factories import (
    ActionFactory,
    AnswerFactory,
    AssessmentFactory,
    FrameworkFactory,
    KeyAreaFactory,
    RoundFactory,
    StatementFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Versions:
    old: dict  # NPS 2018's statements by letter
    new: dict  # NPS 2022's statements by key area name
    previous: Assessment
    answers: dict  # the previous assessment's answers by letter
    start_url: str
    mapping: Mapping


def framework_of(name: str, key_areas: list[str]) -> tuple:
    framework = FrameworkFactory(name=name, year=int(name[-4:]))
    theme = ThemeFactory(framework=framework, name="Showing leadership", order=1)
    statements = {
        key_area: StatementFactory(
            key_area=KeyAreaFactory(theme=theme, name=key_area, order=i), text="", order=1
        )
        for i, key_area in enumerate(key_areas)
    }
    return framework, statements


@pytest.fixture
def versions(world) -> Versions:
    """Stockport's approved 2024/25 on NPS 2018 and an open 2026/27 on NPS 2022, mapped so:
    Councillors 2018 is the same as Engaging councillors 2022 and overlaps Strategy 2022;
    Partners 2018 is part of Strategy 2022; Suppliers 2018 and Markets 2018 are both the same as
    Managing suppliers 2022; Talent 2022 is linked to nothing."""
    old_fw, old = framework_of("NPS 2018", ["Councillors", "Partners", "Suppliers", "Markets"])
    new_fw, new = framework_of(
        "NPS 2022", ["Engaging councillors", "Strategy", "Managing suppliers", "Talent"]
    )
    this_round = RoundFactory(name="2026/27", framework=new_fw)
    last_round = RoundFactory(
        name="2024/25",
        framework=old_fw,
        opens_on=this_round.opens_on - datetime.timedelta(days=730),
        closes_on=this_round.opens_on - datetime.timedelta(days=600),
    )
    previous = AssessmentFactory(council=world.own, round=last_round, status="approved")
    mapping = Mapping.objects.create(source=old_fw, target=new_fw)
    for source, relation, target in [
        ("Councillors", "same", "Engaging councillors"),
        ("Councillors", "overlaps", "Strategy"),
        ("Partners", "part_of", "Strategy"),
        ("Suppliers", "same", "Managing suppliers"),
        ("Markets", "same", "Managing suppliers"),
    ]:
        MappingLink.objects.create(
            mapping=mapping, source=old[source], target=new[target], relation=relation
        )
    answers = {
        name: AnswerFactory(
            assessment=previous,
            statement=old[name],
            current_level=level,
            target_level=min(5, level + 1),
            evidence_text=f"{name} evidence from 2024.",
            evidence_links=f"https://example.org/{name.lower()}\nhttps://example.org/shared",
        )
        for name, level in [("Councillors", 4), ("Partners", 2), ("Suppliers", 3), ("Markets", 2)]
    }
    start_url = reverse("assessments:assessment_start", args=["stockport", this_round.slug])
    return Versions(old, new, previous, answers, start_url, mapping)


def start_from_previous(client) -> Assessment:
    response = client.post(versions_url(), {"prefill": "yes"})
    assert response.status_code == 302
    return Assessment.objects.get(round__name="2026/27")


def versions_url() -> str:
    return reverse("assessments:assessment_start", args=["stockport", "2026-27"])


def carried(assessment) -> dict[str, Answer]:
    answers = assessment.answers.select_related("statement__key_area")
    return {answer.statement.key_area.name: answer for answer in answers}


def test_the_start_page_names_both_frameworks_and_the_drafted_mapping(world, client_as, versions):
    page = client_as(world.users["officer"]).get(versions.start_url).content.decode()
    assert (
        "Your 2024/25 self-assessment was on NPS 2018. We will carry your levels, evidence and "
        "open actions across to NPS 2022 through a drafted mapping; check each key area before "
        "you submit."
    ) in page
    assert "Draft" in page
    assert "How do you want to start?" in page


def test_levels_go_across_by_the_one_rule_and_partial_links_are_flagged(world, client_as, versions):
    assessment = start_from_previous(client_as(world.users["officer"]))
    answers = carried(assessment)
    assert assessment.prefilled_from == versions.previous
    # "The same as": the level and its target as they were, not flagged.
    councillors = answers["Engaging councillors"]
    assert (councillors.current_level, councillors.target_level) == (4, 5)
    assert (councillors.needs_review, councillors.partly_carried) == (True, False)
    # Only a part and an overlap: the lowest of them, flagged for checking.
    strategy = answers["Strategy"]
    assert (strategy.current_level, strategy.needs_review, strategy.partly_carried) == (
        2,
        True,
        True,
    )
    # Two that each cover all of it: the lower one, not flagged.
    suppliers = answers["Managing suppliers"]
    assert (suppliers.current_level, suppliers.partly_carried) == (2, False)
    assert "Talent" not in answers  # linked to nothing: left blank


def test_evidence_from_several_statements_is_joined_under_their_key_areas(
    world, client_as, versions
):
    answers = carried(start_from_previous(client_as(world.users["officer"])))
    suppliers = answers["Managing suppliers"]
    assert suppliers.evidence_text == (
        "Suppliers:\nSuppliers evidence from 2024.\n\nMarkets:\nMarkets evidence from 2024."
    )
    assert suppliers.links == [
        "https://example.org/suppliers",
        "https://example.org/shared",
        "https://example.org/markets",
    ]
    # From one statement, its words as they were.
    assert answers["Engaging councillors"].evidence_text == "Councillors evidence from 2024."


def test_open_actions_and_files_are_carried_once_and_done_actions_are_not(
    world, client_as, versions
):
    councillors = versions.answers["Councillors"]
    ActionFactory(answer=councillors, what="Brief the cabinet", status="in_progress")
    ActionFactory(answer=councillors, what="Train councillors", status="done")
    evidence = Evidence(
        answer=councillors, original_name="plan.pdf", content_type="application/pdf", size=10
    )
    evidence.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=False)
    evidence.save()
    assessment = start_from_previous(client_as(world.users["officer"]))
    # Councillors 2018 feeds two statements of 2022; its action and file go across once.
    actions = Action.objects.filter(answer__assessment=assessment)
    assert [(a.what, a.answer.statement.key_area.name) for a in actions] == [
        ("Brief the cabinet", "Engaging councillors")
    ]
    assert actions.get().carried_forward
    copies = Evidence.objects.filter(answer__assessment=assessment)
    assert [(e.original_name, e.answer.statement.key_area.name) for e in copies] == [
        ("plan.pdf", "Engaging councillors")
    ]
    with copies.get().file.open("rb") as copy:
        assert copy.read() == PDF


def test_the_key_area_page_warns_where_the_level_rests_on_a_partial_link(
    world, client_as, versions
):
    officer = client_as(world.users["officer"])
    assessment = start_from_previous(officer)
    strategy = versions.new["Strategy"].key_area
    page = officer.get(reverse("assessments:key_area", args=[assessment.pk, strategy.pk]))
    page = page.content.decode()
    assert "govuk-warning-text" in page
    assert "Check this level: it was carried across from NPS 2018" in page
    assert "covered only part of this one" in page
    assert "“Councillors” (NPS 2018, rated Leader) overlaps this key area." in page
    assert "“Partners” (NPS 2018, rated Developing) is part of this key area." in page
    fully = versions.new["Engaging councillors"].key_area
    page = officer.get(reverse("assessments:key_area", args=[assessment.pk, fully.pk]))
    assert "govuk-warning-text" not in page.content.decode()
    assert "check these answers and save them" in page.content.decode()


def test_the_task_list_and_the_checks_count_levels_carried_through_partial_links(
    world, client_as, versions
):
    officer = client_as(world.users["officer"])
    assessment = start_from_previous(officer)
    page = officer.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    page = page.content.decode()
    assert "your 2024/25 self-assessment on NPS 2018, carried across to NPS 2022" in page
    assert "1 level came from NPS 2018 key areas that covered only part of the NPS 2022 one" in (
        page
    )
    checks = officer.get(reverse("assessments:check_answers", args=[assessment.pk]))
    assert (
        "The level for Strategy was carried across from NPS 2018 key areas that covered only "
        "part of it"
    ) in checks.content.decode()


def test_saving_a_partly_carried_answer_clears_its_flag(world, client_as, versions):
    officer = client_as(world.users["officer"])
    assessment = start_from_previous(officer)
    answer = carried(assessment)["Strategy"]
    url = reverse("assessments:key_area", args=[assessment.pk, answer.statement.key_area_id])
    prefix = f"s{answer.statement_id}-"
    data = {
        prefix + "version": answer.version,
        prefix + "current_level": 3,
        prefix + "target_level": 4,
        prefix + "confidence": "evidenced",
        prefix + "evidence_text": answer.evidence_text,
    }
    response = officer.post(url, {**data, "later": "1"})
    assert response.status_code == 302, response.content.decode()
    answer.refresh_from_db()
    assert (answer.current_level, answer.needs_review, answer.partly_carried) == (3, False, False)
    page = officer.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert "covered only part" not in page.content.decode()
    checks = officer.get(reverse("assessments:check_answers", args=[assessment.pk]))
    assert "carried across from NPS 2018" not in checks.content.decode()


def test_without_a_mapping_the_page_says_so_and_nothing_is_carried(world, client_as, versions):
    versions.mapping.delete()
    officer = client_as(world.users["officer"])
    page = officer.get(versions.start_url).content.decode()
    assert "Your 2024/25 self-assessment was on NPS 2018, and its answers cannot be carried" in page
    assert "no mapping yet says how the key areas of the two frameworks relate" in page
    assert "How do you want to start?" not in page
    officer.post(versions.start_url, {"prefill": "yes"})
    assessment = Assessment.objects.get(round__name="2026/27")
    assert not assessment.answers.exists()
    assert assessment.prefilled_from is None


def test_the_same_framework_still_carries_answers_forward_as_before(world, client_as):
    this_round = RoundFactory(name="2026/27")
    last = RoundFactory(
        name="2025/26",
        framework=this_round.framework,
        opens_on=this_round.opens_on - datetime.timedelta(days=365),
        closes_on=this_round.opens_on - datetime.timedelta(days=200),
    )
    previous = AssessmentFactory(council=world.own, round=last, status="approved")
    statement = this_round.framework.themes.get(kind="theme").key_areas.first().statements.first()
    AnswerFactory(assessment=previous, statement=statement, current_level=4, confidence="checked")
    officer = client_as(world.users["officer"])
    page = officer.get(versions_url()).content.decode()
    assert "Your 2025/26 self-assessment can be the starting point." in page
    start_from_previous(officer)
    answer = Answer.objects.get(assessment__round=this_round)
    assert (answer.current_level, answer.confidence, answer.partly_carried) == (4, "checked", False)
