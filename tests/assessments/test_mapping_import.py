"""Mappings imported and exported as spreadsheets (issue 17): all or nothing, every problem named
by row and column, a dry run, from the command line and with the reference data."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from assessments.mappings.io.fixtures import load_drafted_mappings
from assessments.models import Mapping, MappingLink
from tests.assessments.factories_framework import (
    FrameworkFactory,
    KeyAreaFactory,
    StatementFactory,
)
from tests.audit import events, only_event

pytestmark = pytest.mark.django_db

HEADER = (
    "source_framework,source_code,source_statement,relation,"
    "target_framework,target_code,target_statement,note"
)
GOOD = [
    "NPS 2022,SL1,Engaging councillors,same,CCIAF,C1,,",
    "NPS 2022,SL2,,part of,CCIAF,C1,,Only the senior managers' part",
    "NPS 2022,SL2,,Overlaps,CCIAF,C2,,",
]


@pytest.fixture
def frameworks(db):
    """NPS 2022 (SL1, SL2, a retired SL9, DUP twice) and CCIAF (C1, C2), and NPS 2018 (OLD1)."""
    nps = FrameworkFactory(name="NPS 2022", slug="nps-2022")
    cciaf = FrameworkFactory(name="CCIAF", slug="cciaf")
    old = FrameworkFactory(name="NPS 2018", slug="nps-2018")
    first = KeyAreaFactory(theme__framework=nps, name="Engaging councillors")
    second = KeyAreaFactory(theme__framework=nps, name="Engaging senior managers")
    for code, key_area in [("SL1", first), ("SL2", second), ("DUP", first), ("DUP", second)]:
        StatementFactory(key_area=key_area, code=code, descriptors=False)
    StatementFactory(key_area=second, code="SL9", is_retired=True, descriptors=False)
    for code in ("C1", "C2"):
        StatementFactory(key_area__theme__framework=cciaf, code=code, descriptors=False)
    StatementFactory(key_area__theme__framework=old, code="OLD1", descriptors=False)
    return nps, cciaf


def csv_file(*rows, header=HEADER) -> bytes:
    return "\r\n".join([header, *rows]).encode()


def write(tmp_path, content: bytes, name="mapping.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return str(path)


def import_mapping(path, *options) -> str:
    out = io.StringIO()
    call_command("import_mapping", path, *options, stdout=out, stderr=out)
    return out.getvalue()


def refused(path, *options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was changed") as raised:
        call_command("import_mapping", path, *options, stdout=io.StringIO(), stderr=err)
    return f"{err.getvalue()}\n{raised.value}"


def links() -> set[tuple[str, str, str, str]]:
    return {
        (link.source.code, link.relation, link.target.code, link.note)
        for link in MappingLink.objects.select_related("source", "target")
    }


def test_a_file_creates_the_mapping_as_a_draft_with_each_link(frameworks, tmp_path):
    output = import_mapping(write(tmp_path, csv_file(*GOOD)))
    assert "NPS 2022 to CCIAF imported" in output
    assert "3 links added, 0 removed, 0 changed" in output
    mapping = Mapping.objects.get()
    assert (mapping.source, mapping.target, mapping.is_draft) == (*frameworks, True)
    assert links() == {
        ("SL1", "same", "C1", ""),
        ("SL2", "part_of", "C1", "Only the senior managers' part"),
        ("SL2", "overlaps", "C2", ""),
    }


def test_importing_replaces_the_links_whole_and_says_what_changed(frameworks, tmp_path):
    import_mapping(write(tmp_path, csv_file(*GOOD)))
    new = [GOOD[0].replace(",same,", ",contains,"), GOOD[1], "NPS 2022,SL1,,overlaps,CCIAF,C2,,"]
    output = import_mapping(write(tmp_path, csv_file(*new)))
    assert "1 link added, 1 removed, 1 changed" in output
    assert "~ SL1 Engaging councillors contains C1" in output
    assert links() == {
        ("SL1", "contains", "C1", ""),
        ("SL2", "part_of", "C1", "Only the senior managers' part"),
        ("SL1", "overlaps", "C2", ""),
    }


def test_each_applied_import_is_audited_with_its_counts(frameworks, tmp_path):
    import_mapping(write(tmp_path, csv_file(*GOOD), "nps-to-cciaf.csv"))
    event = only_event("mapping.imported")
    assert event.object_repr == "NPS 2022 to CCIAF"
    assert event.details == {
        "file": "nps-to-cciaf.csv",
        "added": 3,
        "removed": 0,
        "changed": 0,
        "checked": False,
    }


def test_a_dry_run_saves_nothing_and_records_nothing(frameworks, tmp_path):
    output = import_mapping(write(tmp_path, csv_file(*GOOD)), "--dry-run")
    assert "would be imported (dry run, nothing saved)" in output
    assert "3 links added" in output
    assert not Mapping.objects.exists()
    assert events("mapping.imported") == []


def test_checked_clears_the_draft_tag_and_without_it_a_draft_stays_draft(frameworks, tmp_path):
    path = write(tmp_path, csv_file(*GOOD))
    import_mapping(path)
    import_mapping(path)
    assert Mapping.objects.get().is_draft
    assert "no longer draft" in import_mapping(path, "--checked")
    assert not Mapping.objects.get().is_draft


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_exporting_then_importing_changes_nothing(frameworks, tmp_path, format):
    import_mapping(write(tmp_path, csv_file(*GOOD)))
    before = Mapping.objects.get().updated_at
    path = str(tmp_path / f"export.{format}")
    call_command(
        "export_mapping", "--source", "NPS 2022", "--target", "CCIAF", "-o", path,
        stdout=io.StringIO(),
    )  # fmt: skip
    assert "0 links added, 0 removed, 0 changed" in import_mapping(path)
    assert Mapping.objects.get().updated_at == before
    assert len(links()) == 3


def test_the_exported_workbook_has_one_sheet_named_mapping_with_the_statements(
    frameworks, tmp_path
):
    import_mapping(write(tmp_path, csv_file(*GOOD)))
    path = tmp_path / "export.xlsx"
    call_command(
        "export_mapping", "--source", "nps 2022", "--target", "cciaf", "-o", str(path),
        stdout=io.StringIO(),
    )  # fmt: skip
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Mapping"]
    rows = list(workbook["Mapping"].values)
    assert rows[0] == tuple(HEADER.split(","))
    assert rows[1][:4] == ("NPS 2022", "SL1", "Engaging councillors", "same")


def test_exporting_a_mapping_that_does_not_exist_names_those_that_do(frameworks, tmp_path):
    import_mapping(write(tmp_path, csv_file(*GOOD)))
    with pytest.raises(
        CommandError, match="No mapping from CCIAF to NPS 2022; mappings: NPS 2022 to CCIAF"
    ):
        call_command("export_mapping", "--source", "CCIAF", "--target", "NPS 2022")


# Bad input: refused whole, each problem where the person fixing it will look.

BAD_ROWS = {
    "unknown framework": (
        "NPS 2030,SL1,,same,CCIAF,C1,,",
        "Row 2, column 'source_framework': No framework is called 'NPS 2030'",
    ),
    "unknown source code": (
        "NPS 2022,SL99,,same,CCIAF,C1,,",
        "Row 2, column 'source_code': NPS 2022 has no statement with the code SL99",
    ),
    "unknown target code": (
        "NPS 2022,SL1,,same,CCIAF,C7,,",
        "Row 2, column 'target_code': CCIAF has no statement with the code C7",
    ),
    "retired code": (
        "NPS 2022,SL9,,same,CCIAF,C1,,",
        "Row 2, column 'source_code': SL9 is retired in NPS 2022",
    ),
    "ambiguous code": (
        "NPS 2022,DUP,,same,CCIAF,C1,,",
        "Row 2, column 'source_code': DUP names 2 statements of NPS 2022 "
        "(in Engaging councillors and Engaging senior managers)",
    ),
    "one framework twice": (
        "NPS 2022,SL1,,same,NPS 2022,SL2,,",
        "Row 2, column 'target_framework': A mapping joins two frameworks: "
        "the source and target are both NPS 2022",
    ),
    "unknown relation": (
        "NPS 2022,SL1,,is like,CCIAF,C1,,",
        "Row 2, column 'relation': Enter one of the four relations: "
        "'same', 'part of', 'contains' or 'overlaps'",
    ),
    "no relation": ("NPS 2022,,,,CCIAF,C1,,", "Row 2, column 'relation': Enter the relation"),
}


@pytest.mark.parametrize(("row", "problem"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_saved(
    frameworks, tmp_path, row, problem
):
    message = refused(write(tmp_path, csv_file(row)))
    assert problem in message
    assert not Mapping.objects.exists()


def test_every_problem_of_a_file_is_named_and_no_good_row_is_saved(frameworks, tmp_path):
    rows = [
        *GOOD,
        "NPS 2022,SL99,,same,CCIAF,C1,,",
        "NPS 2022,SL1,,same,CCIAF,C1,,",
        "NPS 2022,SL1,,same,CCIAF,C2,,",
    ]
    message = refused(write(tmp_path, csv_file(*rows)))
    assert "Row 5, column 'source_code': NPS 2022 has no statement with the code SL99" in message
    assert (
        "Row 6, column 'target_code': The link from SL1 to C1 is already on row 2; "
        "keep one of the two rows" in message
    )
    assert "2 problems" in message
    assert not Mapping.objects.exists()


def test_a_second_pair_of_frameworks_is_refused(frameworks, tmp_path):
    message = refused(write(tmp_path, csv_file(GOOD[0], "NPS 2018,OLD1,,same,CCIAF,C1,,")))
    assert (
        "Row 3, column 'source_framework': A file holds one mapping: every row must map "
        "NPS 2022 to CCIAF, as row 2 does"
    ) in message


def test_missing_and_unknown_columns_are_named(frameworks, tmp_path):
    header = "source_framework,source_code,relation,target_framework,colour"
    message = refused(write(tmp_path, csv_file("NPS 2022,SL1,same,CCIAF,red", header=header)))
    assert "Row 1, column 'target_code': The column is missing" in message
    assert "Row 1, column 'colour': Remove this column" in message


def test_a_formula_in_a_workbook_is_refused(frameworks, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["NPS 2022", "SL1", "", "same", "CCIAF", "C1", "", '=HYPERLINK("x")'])
    out = io.BytesIO()
    workbook.save(out)
    message = refused(write(tmp_path, out.getvalue(), "mapping.xlsx"))
    assert "Row 2, column 'note': Replace the formula with plain text" in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "The file is empty"),
        (HEADER.encode(), "Row 2: Add a row for each link under the header row"),
        (b"%PDF-1.4\n%\xe2\xe3", "this file is not"),
        (b"PK\x03\x04 not really a workbook", "could not be opened as a workbook"),
    ],
    ids=["empty", "header only", "a PDF", "a broken workbook"],
)
def test_an_empty_file_or_not_a_spreadsheet_is_refused(frameworks, tmp_path, content, problem):
    assert problem in refused(write(tmp_path, content))


# The drafted mappings, loaded with the reference data.


def drafted(tmp_path, *rows):
    folder = tmp_path / "mappings"
    folder.mkdir(exist_ok=True)
    (folder / "nps-2022-to-cciaf.csv").write_bytes(csv_file(*rows))
    return folder


def test_the_drafted_mappings_load_as_draft_and_loading_again_changes_nothing(frameworks, tmp_path):
    folder = drafted(tmp_path, *GOOD)
    out = io.StringIO()
    load_drafted_mappings(folder=folder, stdout=out)
    mapping = Mapping.objects.get()
    stamp = mapping.updated_at
    load_drafted_mappings(folder=folder, stdout=out)
    assert (
        "NPS 2022 to CCIAF (nps-2022-to-cciaf.csv): 0 links added, 0 removed, 0 changed"
        in out.getvalue()
    )
    assert Mapping.objects.get().updated_at == stamp
    assert Mapping.objects.get().is_draft
    assert len(links()) == 3
    assert events("mapping.imported") == []


def test_the_drafted_file_never_replaces_a_mapping_lga_staff_imported(frameworks, tmp_path):
    import_mapping(write(tmp_path, csv_file(GOOD[0])))
    load_drafted_mappings(folder=drafted(tmp_path, *GOOD), stdout=io.StringIO())
    assert links() == {("SL1", "same", "C1", "")}


def test_a_drafted_file_with_a_problem_stops_the_load_naming_it(frameworks, tmp_path):
    folder = drafted(tmp_path, "NPS 2022,SL99,,same,CCIAF,C1,,")
    with pytest.raises(ValueError, match="nps-2022-to-cciaf.csv:\nRow 2, column 'source_code'"):
        load_drafted_mappings(folder=folder)


def test_a_workbook_is_read_from_its_mapping_sheet_wherever_that_sheet_is(tmp_path, frameworks):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Read me"
    workbook.active.append(["This workbook's links are on the next sheet."])
    sheet = workbook.create_sheet("Mapping")
    for line in [HEADER, *GOOD]:
        sheet.append(line.split(","))
    content = io.BytesIO()
    workbook.save(content)
    import_mapping(write(tmp_path, content.getvalue(), name="mapping.xlsx"))
    assert MappingLink.objects.count() == 3
