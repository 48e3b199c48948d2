"""The assessments API (issue 19): the frameworks and mappings for anyone; a council's
assessments, answers, actions and progress for its people's tokens, under the pages' rules; the
national dataset for LGA staff; every list paged, in a number of queries that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.dashboards import national
from assessments.models import Answer, Assessment, Mapping, MappingLink
from assessments.selectors import assessed_statements
from npsportal.tokens.services import create_token
from tests.assessments.factories import (
    ActionFactory,
    AnswerFactory,
    AssessmentFactory,
    KeyAreaFactory,
    RoundFactory,
    StatementFactory,
    rate_all,
    small_framework,
)
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {"detail": "Not found: nothing is here, or your account may not see it."}


def bearer(user) -> dict:
    """The header of a fresh token of the person's."""
    _token, key = create_token(user=user, name="Power BI", days=30)
    return {"Authorization": f"Bearer {key}"}


def url(name: str, **kwargs) -> str:
    return reverse(f"assessments_api:{name}", kwargs=kwargs)


@pytest.fixture
def round(db):
    return RoundFactory(name="2026/27", framework=small_framework(key_areas=2, statements=2))


@pytest.fixture
def stockport_draft(world, round):
    """Stockport's draft: one key area rated (4 and 3), one statement of the other at 2, an
    answer in full and an action."""
    assessment = AssessmentFactory(council=world.own, round=round)
    first, second, third, _ = list(assessed(round.framework))
    AnswerFactory(
        assessment=assessment,
        statement=first,
        current_level=4,
        target_level=5,
        target_date=datetime.date(2027, 3, 31),
        confidence=Answer.Confidence.EVIDENCED,
        evidence_text="Cabinet minutes, May 2026",
        evidence_links="https://example.org/minutes\n\nhttps://example.org/plan\n",
        agreed_reason="Agreed at the procurement board",
    )
    answer = AnswerFactory(assessment=assessment, statement=second, current_level=3)
    AnswerFactory(assessment=assessment, statement=third, current_level=2)
    ActionFactory(
        answer=answer, what="Brief the cabinet", owner="Head of procurement", status="in_progress"
    )
    return assessment


def assessed(framework) -> list:
    """The framework's statements councils rate, in matrix order."""
    return list(assessed_statements(framework))


def test_frameworks_and_their_matrix_are_public(round):
    key_area = round.framework.themes.first().key_areas.first()
    StatementFactory(key_area=key_area, code="SL1.9", text="No longer asked", is_retired=True)
    response = public_get(url("framework_list"))
    assert response.status_code == 200
    assert round.framework.slug in [f["slug"] for f in response.json()["results"]]

    found = public_get(url("framework_detail", slug=round.framework.slug)).json()
    assert found["family"] == "nps"
    assert found["family_name"] == "National Procurement Strategy"
    assert found["is_draft"] is False
    assert found["levels"][2] == {"level": 3, "name": "Mature"}
    theme = found["themes"][0]
    assert theme["name"] == "Showing leadership"
    statements = theme["key_areas"][0]["statements"]
    assert [s["code"] for s in statements] == ["SL1.1", "SL1.2", "SL1.9"]
    assert statements[0]["descriptors"][0] == {
        "level": 1,
        "level_name": "Minimum",
        "text": "SL1.1 at minimum",
    }
    assert [s["is_retired"] for s in statements] == [False, False, True]


def test_an_unknown_framework_is_a_404_in_json(db):
    response = public_get(url("framework_detail", slug="nps-1999"))
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_mappings_are_public_with_their_links_in_words(round):
    other = small_framework(key_areas=1, statements=1, enabler=False)
    mapping = Mapping.objects.create(source=round.framework, target=other)
    source, target = assessed(round.framework)[0], assessed(other)[0]
    MappingLink.objects.create(
        mapping=mapping, source=source, target=target, relation="part_of", note="Only councillors"
    )

    listed = public_get(url("mapping_list")).json()["results"]
    assert listed[0]["source"]["slug"] == round.framework.slug
    assert listed[0]["link_count"] == 1
    found = public_get(listed[0]["url"]).json()
    assert found["links"] == [
        {
            "source": {"code": "SL1.1", "label": source.label, "key_area": source.key_area.key},
            "relation": "part_of",
            "relation_words": "part of",
            "target": {"code": target.code, "label": target.label, "key_area": target.key_area.key},
            "note": "Only councillors",
        }
    ]


def public_get(address):
    from django.test import Client

    return Client().get(address)


def test_a_councils_token_reads_its_own_assessment_with_its_answers(client, world, stockport_draft):
    response = client.get(
        url("assessment_detail", pk=stockport_draft.pk), headers=bearer(world.users["officer"])
    )
    assert response.status_code == 200
    found = response.json()
    assert found["council"]["gss_code"] == "E08000007"
    assert found["round"]["slug"] == "2026-27"
    assert (found["status"], found["status_label"]) == ("draft", "Draft")
    first = found["answers"][0]
    statement = assessed(stockport_draft.round.framework)[0]
    assert first | {"updated_at": None} == {
        "statement_code": "SL1.1",
        "statement_label": statement.text,
        "statement_is_retired": False,
        "key_area": statement.key_area.key,
        "key_area_name": "Engaging group 1",
        "current_level": 4,
        "current_level_name": "Leader",
        "target_level": 5,
        "target_level_name": "Innovator",
        "target_date": "2027-03-31",
        "confidence": "evidenced",
        "confidence_label": "Supported by evidence",
        "evidence_text": "Cabinet minutes, May 2026",
        "evidence_links": ["https://example.org/minutes", "https://example.org/plan"],
        "agreed_reason": "Agreed at the procurement board",
        "needs_review": False,
        "updated_at": None,
    }
    assert [a["statement_code"] for a in found["answers"]] == ["SL1.1", "SL1.2", "SL2.1"]


def test_a_councils_token_reads_its_actions_and_progress(client, world, stockport_draft):
    headers = bearer(world.users["lead"])
    actions = client.get(url("assessment_actions", pk=stockport_draft.pk), headers=headers).json()
    assert actions["count"] == 1
    action = actions["results"][0]
    assert (action["what"], action["owner"]) == ("Brief the cabinet", "Head of procurement")
    assert (action["status"], action["status_label"]) == ("in_progress", "In progress")
    assert action["statement_code"] == "SL1.2"
    assert datetime.date.fromisoformat(action["due_on"])

    progress = client.get(url("assessment_progress", pk=stockport_draft.pk), headers=headers)
    found = progress.json()
    assert found["key_areas_completed"] == 1
    assert (found["key_areas"], found["statements_rated"], found["statements_asked"]) == (2, 3, 4)
    first, second = found["by_key_area"]
    # The task list's completion and the dashboard's level (the rounded-down mean of 4 and 3).
    assert (first["completion"], first["completion_label"]) == ("completed", "Completed")
    assert (first["current_level"], first["current_level_name"]) == (3, "Mature")
    assert (second["completion"], second["current_level"]) == ("in_progress", None)
    assert (second["statements_rated"], second["statements_asked"]) == (1, 2)


def test_the_progress_is_the_task_lists(client_as, client, world, stockport_draft):
    page = client_as(world.users["officer"]).get(
        reverse("assessments:assessment_detail", args=[stockport_draft.pk])
    )
    assert "You have completed 1 of 2 key areas" in page.content.decode()
    client.logout()
    found = client.get(
        url("assessment_progress", pk=stockport_draft.pk), headers=bearer(world.users["officer"])
    ).json()
    assert (found["key_areas_completed"], found["key_areas"]) == (1, 2)


@pytest.mark.parametrize("name", ["assessment_detail", "assessment_actions", "assessment_progress"])
def test_another_councils_assessment_is_a_404_in_json(client, world, stockport_draft, name):
    response = client.get(
        url(name, pk=stockport_draft.pk), headers=bearer(world.users["other_lead"])
    )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


def test_another_councils_token_lists_only_its_own(client, world, stockport_draft):
    trafford = AssessmentFactory(council=world.other, round=stockport_draft.round)
    found = client.get(url("assessment_list"), headers=bearer(world.users["other_officer"])).json()
    assert [a["id"] for a in found["results"]] == [trafford.pk]


def test_a_councillors_token_reads_the_assessment(client, world, stockport_draft):
    headers = bearer(world.users["councillor"])
    listed = client.get(url("assessment_list"), headers=headers).json()
    assert [a["id"] for a in listed["results"]] == [stockport_draft.pk]
    found = client.get(url("assessment_detail", pk=stockport_draft.pk), headers=headers)
    assert found.status_code == 200


def test_a_contributors_token_sees_no_assessment(client, world, stockport_draft):
    headers = bearer(world.users["contributor"])
    listed = client.get(url("assessment_list"), headers=headers)
    assert listed.status_code == 403
    assert listed.json() == {"detail": "Your account may not see this."}
    found = client.get(url("assessment_detail", pk=stockport_draft.pk), headers=headers)
    assert (found.status_code, found.json()) == (404, NOT_FOUND)


def test_lga_staff_tokens_see_submitted_assessments_never_drafts(client, world, stockport_draft):
    submitted = AssessmentFactory(council=world.other, round=stockport_draft.round)
    Assessment.objects.filter(pk=submitted.pk).update(status="submitted")
    headers = bearer(world.users["lga_staff"])
    listed = client.get(url("assessment_list"), headers=headers).json()
    assert [a["id"] for a in listed["results"]] == [submitted.pk]
    assert client.get(url("assessment_detail", pk=submitted.pk), headers=headers).status_code == 200
    for name in ("assessment_detail", "assessment_actions", "assessment_progress"):
        response = client.get(url(name, pk=stockport_draft.pk), headers=headers)
        assert response.status_code == 404, name


def test_the_assessment_list_filters_by_round_and_status(client, world, stockport_draft):
    headers = bearer(world.users["officer"])
    found = client.get(
        url("assessment_list"), {"round": "2026-27", "status": "draft"}, headers=headers
    )
    assert [a["id"] for a in found.json()["results"]] == [stockport_draft.pk]
    none = client.get(url("assessment_list"), {"status": "approved"}, headers=headers)
    assert none.json()["count"] == 0
    wrong = client.get(url("assessment_list"), {"status": "finished"}, headers=headers)
    assert wrong.status_code == 400
    assert "Unknown status 'finished'" in wrong.json()["status"]


def test_without_a_token_an_assessment_answers_401_saying_how_to_send_one(client, stockport_draft):
    response = client.get(url("assessment_detail", pk=stockport_draft.pk))
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["detail"]


def test_the_api_is_read_only(client, world, stockport_draft):
    response = client.delete(
        url("assessment_detail", pk=stockport_draft.pk), headers=bearer(world.users["officer"])
    )
    assert response.status_code == 405
    assert Assessment.objects.filter(pk=stockport_draft.pk).exists()


# The national dataset (LGA staff).


def shared(round, council, level=3) -> Assessment:
    assessment = AssessmentFactory(council=council, round=round, status="submitted")
    rate_all(assessment, level)
    return assessment


def test_the_national_dataset_is_the_csv_exports_rows(client, world, round):
    shared(round, world.own, 2)
    shared(round, world.other, 4)
    AssessmentFactory(council=CouncilFactory(), round=round)  # a draft: not in the dataset
    found = client.get(url("national_dataset"), headers=bearer(world.users["lga_staff"])).json()
    exported = list(national.dataset(round, national.Filters()))
    assert found["count"] == len(exported) == 8
    first = found["results"][0]
    assert [first[key] for key in HEADINGS_AS_KEYS] == [
        value.isoformat() if isinstance(value, datetime.date) else value for value in exported[0]
    ]
    assert (first["council"], first["council_slug"], first["status_code"]) == (
        "Stockport",
        "stockport",
        "submitted",
    )
    assert (first["current_level"], first["current_level_name"]) == (2, "Developing")


HEADINGS_AS_KEYS = [heading.lower().replace(" ", "_") for heading in national.DATASET_FIELDS]


def test_the_national_dataset_filters_by_round_region_and_kind(client, world, round):
    shared(round, world.own)
    london = CouncilFactory(name="Camden", region="london", kind="london_borough")
    shared(round, london)
    older = RoundFactory(
        name="2025/26",
        framework=round.framework,
        opens_on=round.opens_on - datetime.timedelta(days=365),
        closes_on=round.opens_on - datetime.timedelta(days=200),
    )
    shared(older, london)
    headers = bearer(world.users["lga_staff"])

    def councils(**query):
        rows = client.get(url("national_dataset"), query, headers=headers).json()["results"]
        return sorted({(row["round_slug"], row["council"]) for row in rows})

    assert councils() == [("2026-27", "Camden"), ("2026-27", "Stockport")]
    assert councils(region="london") == [("2026-27", "Camden")]
    assert councils(kind="metropolitan_district") == [("2026-27", "Stockport")]
    assert councils(round="2025-26") == [("2025-26", "Camden")]
    wrong = client.get(url("national_dataset"), {"kind": "parish"}, headers=headers)
    assert wrong.status_code == 400
    assert "Unknown kind of council 'parish'" in wrong.json()["kind"]


def test_the_national_dataset_is_for_lga_staff_only(client, world, round):
    shared(round, world.own)
    response = client.get(url("national_dataset"), headers=bearer(world.users["officer"]))
    assert response.status_code == 403
    assert response.json() == {"detail": "Your account may not see this."}


def test_the_national_dataset_comes_in_pages(client, world, round):
    shared(round, world.own)
    shared(round, world.other)
    headers = bearer(world.users["lga_staff"])
    first = client.get(url("national_dataset"), {"page_size": 3}, headers=headers).json()
    assert (first["count"], len(first["results"])) == (8, 3)
    second = client.get(first["next"], headers=headers).json()
    third = client.get(second["next"], headers=headers).json()
    assert third["next"] is None
    rows = [r for page in (first, second, third) for r in page["results"]]
    assert len({(r["council"], r["statement_code"]) for r in rows}) == 8
    beyond = client.get(url("national_dataset"), {"page": 9}, headers=headers)
    assert beyond.status_code == 404
    assert "There is no page 9" in beyond.json()["detail"]


def test_the_assessment_list_comes_in_pages_of_fifty(client, world, round):
    for _ in range(51):
        AssessmentFactory(council=CouncilFactory(), round=round, status="approved")
    found = client.get(url("assessment_list"), headers=bearer(world.users["lga_staff"])).json()
    assert (found["count"], len(found["results"])) == (51, 50)
    assert "page=2" in found["next"]


# Query counts do not grow with the data.


def queries(client, address, headers) -> int:
    """The queries of a GET after a first one (which may note when the token was last used)."""
    assert client.get(address, headers=headers).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address, headers=headers).status_code == 200
    return len(captured)


def grow(round, world, councils: int) -> None:
    """More councils with a submitted, fully rated assessment with an action; a bigger matrix,
    another framework and a mapping to it."""
    theme = round.framework.themes.first()
    for _ in range(2):
        StatementFactory(key_area=KeyAreaFactory(theme=theme))
    for _ in range(councils):
        assessment = shared(round, CouncilFactory())
        ActionFactory(answer=assessment.answers.first())
    ActionFactory(answer=Answer.objects.filter(assessment__council=world.own).first())
    other = small_framework(key_areas=3, statements=2)
    mapping = Mapping.objects.create(source=round.framework, target=other)
    for source, target in zip(assessed(round.framework), assessed(other), strict=False):
        MappingLink.objects.create(mapping=mapping, source=source, target=target, relation="same")


@pytest.mark.parametrize(
    ("role", "address"),
    [
        ("lga_staff", lambda a: url("assessment_list")),
        ("lga_staff", lambda a: url("national_dataset")),
        ("officer", lambda a: url("assessment_actions", pk=a.pk)),
        ("officer", lambda a: url("assessment_detail", pk=a.pk)),
        ("officer", lambda a: url("assessment_progress", pk=a.pk)),
        (None, lambda a: url("framework_list")),
        (None, lambda a: url("framework_detail", slug=a.round.framework.slug)),
        (None, lambda a: url("mapping_list")),
    ],
    ids=[
        "assessments",
        "dataset",
        "actions",
        "answers",
        "progress",
        "frameworks",
        "matrix",
        "maps",
    ],
)
def test_queries_do_not_grow_with_the_data(
    client, world, round, django_assert_num_queries, role, address
):
    own = shared(round, world.own)
    grow(round, world, 2)
    headers = bearer(world.users[role]) if role else {}
    small = queries(client, address(own), headers)
    grow(round, world, 6)
    client.get(address(own), headers=headers)  # the token's use is noted at most once a minute
    with django_assert_num_queries(small):
        client.get(address(own), headers=headers)


def test_the_schema_documents_every_assessments_endpoint(client, db):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path in [
        "/api/v1/frameworks/{slug}/",
        "/api/v1/mappings/{source}/{target}/",
        "/api/v1/assessments/{id}/actions/",
        "/api/v1/assessments/{id}/progress/",
        "/api/v1/national/dataset/",
    ]:
        assert path in schema["paths"], path
    row = schema["components"]["schemas"]["DatasetRow"]["properties"]
    assert {"kind_of_council", "kind_of_council_code", "target_date"} <= set(row)
