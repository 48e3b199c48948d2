"""The frameworks beside NPS 2022 (NPS 2018, CCIAF, NPPS 2025) and the drafted mappings between
them, as shipped under fixtures/."""

import csv
import html
import io
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.framework_io.selectors import framework_rows
from assessments.framework_io.services import import_framework_file
from assessments.framework_io.spreadsheet import write_csv
from assessments.models import Descriptor, Framework, KeyArea, Statement, Theme
from assessments.reference import fixture_paths, framework_from_yaml, load_reference_data
from assessments.scoring import CCIAF_SCALE, NPS_SCALE

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
MAPPINGS = sorted((FIXTURES / "mappings").glob("*.csv"))
RELATIONS = {"same", "part of", "contains", "overlaps"}
HEADER = [
    "source_framework",
    "source_code",
    "source_statement",
    "relation",
    "target_framework",
    "target_code",
    "target_statement",
    "note",
]
NPS_2018_ENABLERS = [
    "Developing talent",
    "Exploiting digital technology",
    "Enabling innovation",
    "Embedding change",
]


def snapshot():
    """Every row of the framework tables, to prove a second load changes nothing."""
    models = [Framework, Theme, KeyArea, Statement, Descriptor]
    return {model: list(model.objects.order_by("pk").values()) for model in models}


@pytest.fixture
def loaded(db):
    load_reference_data()
    return {framework.name: framework for framework in Framework.objects.all()}


# The frameworks.


def test_loading_the_fixtures_creates_the_four_frameworks_with_their_families(loaded):
    found = {
        name: (framework.family, framework.is_draft, framework.is_current)
        for name, framework in loaded.items()
    }
    assert found == {
        "NPS 2018": ("nps", True, False),
        "NPS 2022": ("nps", False, True),
        "CCIAF": ("cciaf", True, False),
        "NPPS 2025": ("npps", True, False),
    }
    assert loaded["CCIAF"].scale == CCIAF_SCALE
    assert loaded["NPS 2018"].scale == NPS_SCALE
    assert [name for name, framework in loaded.items() if framework.is_assessed] == [
        "NPS 2022",
        "NPS 2018",
    ]
    assert all(framework.description for framework in loaded.values())


def test_loading_all_the_frameworks_twice_changes_nothing(loaded):
    before = snapshot()
    load_reference_data()
    assert snapshot() == before


def test_nps_2018_has_the_ten_key_areas_and_four_enablers_all_in_draft_wording(loaded):
    nps_2018 = loaded["NPS 2018"]
    assert nps_2018.title == "Delivering the ambition"
    key_areas = KeyArea.objects.filter(theme__framework=nps_2018)
    themed = key_areas.filter(theme__kind=Theme.Kind.THEME)
    nps_2022_names = KeyArea.objects.filter(
        theme__framework=loaded["NPS 2022"], theme__kind=Theme.Kind.THEME
    ).values_list("name", flat=True)
    assert list(themed.values_list("name", flat=True)) == list(nps_2022_names)
    enablers = nps_2018.themes.filter(kind=Theme.Kind.ENABLER).values_list("name", flat=True)
    assert list(enablers) == NPS_2018_ENABLERS
    assert not key_areas.filter(is_draft_wording=False).exists()


def test_each_nps_2018_key_area_is_described_at_five_levels_in_the_projects_own_words(loaded):
    statements = Statement.objects.filter(key_area__theme__framework=loaded["NPS 2018"])
    for statement in statements.filter(key_area__theme__kind=Theme.Kind.THEME):
        texts = list(statement.descriptors.values_list("text", flat=True))
        assert len(texts) == 5
        assert all(texts), statement.code
    assert not Descriptor.objects.filter(
        statement__in=statements.filter(key_area__theme__kind=Theme.Kind.ENABLER)
    ).exists()
    nps_2022_texts = set(
        Descriptor.objects.filter(
            statement__key_area__theme__framework=loaded["NPS 2022"]
        ).values_list("text", flat=True)
    )
    copied = Descriptor.objects.filter(
        statement__in=statements, text__in=nps_2022_texts
    ).values_list("statement__code", flat=True)
    assert list(copied) == []


def test_cciaf_and_the_npps_have_statements_but_no_descriptors(loaded):
    for name in ["CCIAF", "NPPS 2025"]:
        statements = Statement.objects.filter(key_area__theme__framework=loaded[name])
        assert statements.exists()
        assert all(statements.values_list("text", flat=True))
        assert not Descriptor.objects.filter(statement__in=statements).exists()


def test_the_npps_priorities_are_its_three_key_areas(loaded):
    priorities = KeyArea.objects.filter(theme__framework=loaded["NPPS 2025"])
    assert list(priorities.values_list("name", flat=True)) == [
        "Driving economic growth and strengthening supply chains",
        "Delivering social and economic value that supports the government's missions",
        "Ensuring the right commercial capability and standards",
    ]


def test_an_imported_spreadsheet_keeps_the_family_description_and_draft_flag(loaded):
    nps_2018 = loaded["NPS 2018"]
    text = io.StringIO(newline="")
    write_csv(framework_rows(nps_2018), text)
    framework, _ = import_framework_file(content=text.getvalue().encode("utf-8"))
    framework.refresh_from_db()
    assert (framework.pk, framework.family, framework.is_draft) == (nps_2018.pk, "nps", True)
    assert framework.description == nps_2018.description


def test_a_fixture_with_an_unknown_family_is_refused(tmp_path):
    path = tmp_path / "odd.yaml"
    path.write_text(
        "framework: {name: Odd, slug: odd, year: 2030, family: iso}\nthemes: []\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown family 'iso'"):
        framework_from_yaml(path)


# The drafted mappings (read here as plain files, so they are right before any reader loads them).


def codes_by_framework() -> dict[str, set[str]]:
    frameworks = [framework_from_yaml(path) for path in fixture_paths()]
    return {
        framework.name: {
            statement.code
            for theme in framework.themes
            for key_area in theme.key_areas
            for statement in key_area.statements
        }
        for framework in frameworks
    }


def rows_of(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = [name.strip().lower().replace(" ", "_") for name in next(reader)]
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def test_the_three_drafted_mappings_are_shipped():
    assert [path.name for path in MAPPINGS] == [
        "nps-2018-to-nps-2022.csv",
        "nps-2022-to-cciaf.csv",
        "nps-2022-to-npps-2025.csv",
    ]


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda path: path.name)
def test_a_drafted_mapping_names_only_statements_that_exist(path):
    codes = codes_by_framework()
    header, rows = rows_of(path)
    assert header == HEADER
    assert rows
    assert len({(row["source_framework"], row["target_framework"]) for row in rows}) == 1
    for number, row in enumerate(rows, start=2):
        assert row["source_code"] in codes[row["source_framework"]], (number, row)
        assert row["target_code"] in codes[row["target_framework"]], (number, row)
        assert row["relation"] in RELATIONS, (number, row)
        assert row["note"].strip(), (number, row)


@pytest.mark.parametrize("path", MAPPINGS, ids=lambda path: path.name)
def test_a_drafted_mapping_draws_no_link_twice(path):
    _, rows = rows_of(path)
    links = Counter((row["source_code"], row["target_code"]) for row in rows)
    assert [link for link, count in links.items() if count > 1] == []


def test_nps_2018_maps_onto_nps_2022_with_leadership_widened_in_2022():
    _, rows = rows_of(FIXTURES / "mappings" / "nps-2018-to-nps-2022.csv")
    relations = {row["source_code"]: (row["target_code"], row["relation"]) for row in rows}
    assert {code: relations[code] for code in ["SL1", "SL2", "SL3", "SL4"]} == {
        code: (code, "part of") for code in ["SL1", "SL2", "SL3", "SL4"]
    }
    others = set(codes_by_framework()["NPS 2018"]) - {"SL1", "SL2", "SL3", "SL4"}
    assert {code: relations[code] for code in others} == {code: (code, "same") for code in others}
    assert "AV1" not in {row["target_code"] for row in rows}


def test_the_cciaf_mapping_uses_all_four_relations():
    _, rows = rows_of(FIXTURES / "mappings" / "nps-2022-to-cciaf.csv")
    assert {row["relation"] for row in rows} == RELATIONS


# The matrix page for LGA staff.


def test_the_matrix_page_names_each_family_and_tags_drafted_frameworks(loaded, world, client_as):
    page = client_as(world.users["lga_staff"]).get(reverse("assessments:matrix"))
    text = html.unescape(page.content.decode())
    assert text.count(">Draft</strong>") == 3
    assert "The project drafted this framework" in text
    assert "the LGA will replace it" in text
    assert "Cabinet Office's Commercial Continuous Improvement Assessment Framework (CCIAF)" in text
    assert "National Procurement Policy Statement (NPPS)" in text
    assert "councils answer it in rounds" in text
    names = [text.index(f">{name} ") for name in ["NPS 2022", "NPS 2018", "CCIAF", "NPPS 2025"]]
    assert names == sorted(names)
    assert ">cciaf<" not in text
    assert ">npps<" not in text
