import io

import pytest
from django.core.management import call_command

from assessments.models import Descriptor, Framework, KeyArea, Level, Statement, Theme
from assessments.reference import load_reference_data
from assessments.selectors import assessed_statements
from tests.assessments.factories_framework import FrameworkFactory

pytestmark = pytest.mark.django_db

# Other frameworks (NPS 2018) share the codes and keys, so every lookup names its framework.
NPS_2022 = "nps-2022"

SEED_KEY_AREAS = {
    "engaging-councillors",
    "engaging-senior-managers",
    "working-with-partners",
    "engaging-strategic-suppliers",
}
DRAFT_KEY_AREAS = {
    "creating-commercial-opportunities",
    "managing-contracts-and-relationships",
    "managing-strategic-risk",
    "obtaining-social-value",
    "engaging-local-smes-and-micro-businesses",
    "enabling-vcse-engagement",
}
ENABLERS = [
    "Developing talent",
    "Exploiting digital technology",
    "Enabling innovation",
    "Embedding change",
    "Adding value",
]


def snapshot():
    """Every row of the matrix tables, to prove a second load changes nothing."""
    models = [Framework, Theme, KeyArea, Statement, Descriptor]
    return {model: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def nps_2022():
    load_reference_data()
    return Framework.objects.get(slug="nps-2022")


def test_nps_2022_is_the_current_framework_with_three_themes_and_five_enablers(nps_2022):
    assert nps_2022.is_current
    assert (nps_2022.name, nps_2022.year, nps_2022.title) == (
        "NPS 2022",
        2022,
        "From good to great",
    )
    themes = nps_2022.themes.filter(kind=Theme.Kind.THEME).values_list("name", flat=True)
    assert list(themes) == [
        "Showing leadership",
        "Behaving commercially",
        "Achieving community benefits",
    ]
    enablers = nps_2022.themes.filter(kind=Theme.Kind.ENABLER).values_list("name", flat=True)
    assert list(enablers) == ENABLERS


def test_the_three_themes_hold_ten_key_areas_in_the_matrix_order(nps_2022):
    key_areas = KeyArea.objects.filter(theme__framework=nps_2022, theme__kind=Theme.Kind.THEME)
    counts = [
        key_areas.filter(theme__key=key).count()
        for key in ["showing-leadership", "behaving-commercially", "achieving-community-benefits"]
    ]
    assert counts == [4, 3, 3]
    assert list(
        key_areas.filter(theme__key="showing-leadership").values_list("name", flat=True)
    ) == [
        "Engaging councillors",
        "Engaging senior managers",
        "Working with partners",
        "Engaging strategic suppliers",
    ]


def test_seed_key_areas_carry_the_lga_text_word_for_word(nps_2022):
    councillors = KeyArea.objects.get(theme__framework__slug=NPS_2022, key="engaging-councillors")
    innovator = Descriptor.objects.get(statement__key_area=councillors, level=Level.INNOVATOR)
    assert innovator.text == (
        "Councillor engagement is contributing to the success of a combined authority or group "
        "of councils project or another innovative project."
    )
    assert councillors.why_it_is_important.startswith(
        "When councillors are fully engaged with procurement and commercial matters, the quality "
        "of decision-making is better and oversight"
    )
    partners = KeyArea.objects.get(theme__framework__slug=NPS_2022, key="working-with-partners")
    assert partners.description == (
        "Working with partners refers to a ‘one team’ approach to the design and implementation of "
        "solutions for public services which spans council departments and organisations."
    )
    suppliers = Descriptor.objects.get(
        statement__key_area__theme__framework__slug=NPS_2022,
        statement__key_area__key="engaging-strategic-suppliers",
        level=Level.MINIMUM,
    )
    assert suppliers.text == (
        "Firefighting. Ad hoc engagement with important suppliers, usually when there is a "
        "problem to be resolved."
    )


def test_only_the_seed_key_areas_are_free_of_the_draft_wording_flag(nps_2022):
    key_areas = KeyArea.objects.filter(theme__framework=nps_2022)
    official = set(key_areas.filter(is_draft_wording=False).values_list("key", flat=True))
    assert official == SEED_KEY_AREAS
    drafts = set(
        key_areas.filter(is_draft_wording=True, theme__kind=Theme.Kind.THEME).values_list(
            "key", flat=True
        )
    )
    assert drafts == DRAFT_KEY_AREAS


def test_every_key_area_of_a_theme_has_a_statement_described_at_five_levels(nps_2022):
    statements = assessed_statements(nps_2022)
    assert list(statements.values_list("code", flat=True)) == [
        "SL1",
        "SL2",
        "SL3",
        "SL4",
        "BC1",
        "BC2",
        "BC3",
        "CB1",
        "CB2",
        "CB3",
    ]
    for statement in statements:
        texts = [descriptor.text for descriptor in statement.descriptors.all()]
        assert len(texts) == 5
        assert all(texts), statement.code


def test_enablers_have_a_key_area_and_a_statement_that_is_not_asked_yet(nps_2022):
    for enabler in nps_2022.themes.filter(kind=Theme.Kind.ENABLER):
        key_area = enabler.key_areas.get()
        assert key_area.name == enabler.name
        assert key_area.is_draft_wording
        assert key_area.description.startswith(f"{enabler.name} refers to")
        statement = key_area.statements.get()
        assert not statement.descriptors.exists()
    assert not assessed_statements(nps_2022).filter(key_area__theme__kind="enabler").exists()


def test_loading_twice_changes_nothing():
    load_reference_data()
    before = snapshot()
    load_reference_data()
    assert snapshot() == before


def test_the_command_reports_what_each_load_changed():
    first, second = io.StringIO(), io.StringIO()
    call_command("load_reference_data", stdout=first)
    call_command("load_reference_data", stdout=second)
    assert "NPS 2022 (nps-2022.yaml): 89 created, 0 updated, 0 retired" in first.getvalue()
    assert "NPS 2022 (nps-2022.yaml): 0 created, 0 updated, 0 retired" in second.getvalue()


def test_loading_makes_nps_2022_current_in_place_of_another_framework():
    older = FrameworkFactory(name="NPS 2018", slug="nps-2018", year=2018, is_current=True)
    load_reference_data()
    older.refresh_from_db()
    assert not older.is_current
    assert Framework.objects.get(is_current=True).slug == "nps-2022"


def test_a_statement_no_longer_in_the_file_is_retired_not_deleted(nps_2022):
    extra = Statement.objects.create(
        key_area=KeyArea.objects.get(theme__framework__slug=NPS_2022, key="engaging-councillors"),
        code="SL1.9",
    )
    load_reference_data()
    extra.refresh_from_db()
    assert extra.is_retired
    assert not Statement.objects.filter(
        key_area__theme__framework__slug=NPS_2022, code="SL1", is_retired=True
    ).exists()
    assert extra not in assessed_statements(nps_2022)


def test_loading_restores_edited_text_and_brings_a_retired_statement_back(nps_2022):
    statement = Statement.objects.get(key_area__theme__framework__slug=NPS_2022, code="BC2")
    Statement.objects.filter(pk=statement.pk).update(is_retired=True)
    KeyArea.objects.filter(theme__framework__slug=NPS_2022, key="obtaining-social-value").update(
        name="Social value (edited)"
    )
    load_reference_data()
    statement.refresh_from_db()
    assert not statement.is_retired
    assert (
        KeyArea.objects.get(theme__framework__slug=NPS_2022, key="obtaining-social-value").name
        == "Obtaining social value"
    )
