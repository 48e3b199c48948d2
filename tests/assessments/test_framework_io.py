import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assessments.framework_io.data import LEVEL_COLUMNS
from assessments.framework_io.spreadsheet import (
    neutralise_formula,
    read_table,
    strip_formula_guard,
    write_csv,
    write_xlsx,
)
from assessments.framework_io.validation import framework_from_table
from assessments.models import Descriptor, Framework, KeyArea, Level, Statement, Theme
from assessments.reference import load_reference_data
from assessments.selectors import assessed_statements
from tests.assessments.factories_framework import (
    DescriptorFactory,
    FrameworkFactory,
    KeyAreaFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

# Other frameworks (NPS 2018) share the codes and keys, so every lookup names its framework.
NPS_2022 = "nps-2022"

NEW_MATURE = "Councillors review procurement and commercial performance twice a year."


def snapshot():
    """Every row of the matrix tables, to prove a refused file changed nothing."""
    models = [Framework, Theme, KeyArea, Statement, Descriptor]
    return {model: list(model.objects.order_by("pk").values()) for model in models}


def exported_rows(*args) -> list[dict]:
    out = io.StringIO()
    call_command("export_framework", *args, stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def csv_file(path, rows, columns=None):
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_import(path, *args):
    """The command's output and its problems (empty when it succeeded)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_framework", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return str(error), err.getvalue().splitlines()
    return out.getvalue(), []


def row_of(rows, code):
    return next(row for row in rows if row["statement_code"] == code)


@pytest.fixture
def nps_2022():
    load_reference_data()
    return Framework.objects.get(slug="nps-2022")


def test_an_exported_workbook_edited_in_a_spreadsheet_imports_the_edit(nps_2022, tmp_path):
    path = tmp_path / "nps-2022.xlsx"
    call_command(
        "export_framework", "--framework", "nps-2022", "-o", str(path), stdout=io.StringIO()
    )
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Framework"]
    header = [cell.value for cell in sheet[1]]
    sl1 = next(
        row
        for row in sheet.iter_rows(min_row=2)
        if row[header.index("statement_code")].value == "SL1"
    )
    sl1[header.index("mature")].value = NEW_MATURE
    workbook.save(path)

    output, problems = run_import(path)

    assert problems == []
    assert "NPS 2022 imported" in output
    assert "0 created, 1 updated, 0 retired" in output
    mature = Descriptor.objects.get(
        statement__key_area__theme__framework__slug=NPS_2022,
        statement__code="SL1",
        level=Level.MATURE,
    )
    assert mature.text == NEW_MATURE


def test_an_exported_csv_edited_and_imported_updates_the_key_area_text(nps_2022, tmp_path):
    rows = exported_rows("--format", "csv")
    row_of(rows, "BC1")["what_it_is"] = "The LGA's own words for what it is."
    row_of(rows, "BC1")["draft_wording"] = "no"

    output, problems = run_import(csv_file(tmp_path / "edited.csv", rows))

    assert problems == []
    key_area = KeyArea.objects.get(
        theme__framework__slug=NPS_2022, key="creating-commercial-opportunities"
    )
    assert key_area.what_it_is == "The LGA's own words for what it is."
    assert not key_area.is_draft_wording


def test_importing_an_unedited_export_changes_nothing(nps_2022, tmp_path):
    before = snapshot()
    for format in ["csv", "xlsx"]:
        path = tmp_path / f"nps.{format}"
        call_command("export_framework", "-o", str(path), stdout=io.StringIO())
        output, problems = run_import(path)
        assert problems == []
        assert "0 created, 0 updated, 0 retired" in output
    assert snapshot() == before


def test_the_export_has_a_row_per_statement_in_use_with_keys_and_draft_flags(nps_2022):
    rows = exported_rows()
    assert len(rows) == 15
    assert [row["statement_code"] for row in rows[:5]] == ["SL1", "SL2", "SL3", "SL4", "BC1"]
    sl1 = row_of(rows, "SL1")
    assert (sl1["theme_key"], sl1["key_area_key"], sl1["draft_wording"]) == (
        "showing-leadership",
        "engaging-councillors",
        "no",
    )
    assert row_of(rows, "CB3")["draft_wording"] == "yes"
    enabler = row_of(rows, "DT1")
    assert enabler["theme_kind"] == "enabler"
    assert [enabler[level] for level in ["minimum", "innovator"]] == ["", ""]


def test_a_file_without_a_level_column_is_refused_naming_the_column(nps_2022, tmp_path):
    rows = exported_rows()
    columns = [column for column in rows[0] if column != "mature"]
    before = snapshot()

    message, problems = run_import(csv_file(tmp_path / "bad.csv", rows, columns))

    assert "Nothing was changed" in message
    assert problems == ["Row 1, column 'mature': The column is missing; add it to the first row"]
    assert snapshot() == before


def test_every_problem_is_reported_with_its_row_and_column_and_nothing_changes(nps_2022, tmp_path):
    rows = exported_rows()
    rows[0]["mature"] = NEW_MATURE  # a good edit on row 2 must not be saved either
    rows[2]["mature"] = ""  # row 4
    rows[6]["statement_code"] = "SL1"  # row 8
    rows[10]["theme_kind"] = "pillar"  # row 12, the only row of Developing talent
    before = snapshot()

    message, problems = run_import(csv_file(tmp_path / "bad.csv", rows))

    assert message == "Nothing was changed: 3 problems in " + str(tmp_path / "bad.csv") + "."
    assert problems == [
        "Row 4, column 'mature': Enter the Mature descriptor, or leave all five levels empty "
        "for a statement that is not described yet",
        "Row 8, column 'statement_code': SL1 is already used on row 2; "
        "give each statement its own code",
        "Row 12, column 'theme_kind': Enter 'theme' or 'enabler'",
    ]
    assert snapshot() == before


def test_framework_wording_over_5000_characters_is_refused_at_its_cell(nps_2022, tmp_path):
    rows = exported_rows()
    rows[0]["what_it_is"] = "w" * 5_001  # row 2
    rows[1]["mature"] = "m" * 5_001  # row 3
    before = snapshot()

    message, problems = run_import(csv_file(tmp_path / "long.csv", rows))

    assert "Nothing was changed" in message
    assert "Row 2, column 'what_it_is': Shorten this to 5,000 characters or fewer" in problems
    assert "Row 3, column 'mature': Shorten this to 5,000 characters or fewer" in problems
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("picture.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ("letter.xlsx", b"PK\x03\x04 not really a workbook"),
        ("report.csv", b"%PDF-1.7\n\xe2\x28\xa1 binary"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(nps_2022, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot()

    message, problems = run_import(path)

    assert "Nothing was changed: 1 problem in" in message
    assert len(problems) == 1
    assert problems[0].startswith("File: Choose an XLSX workbook or a CSV file saved as UTF-8")
    assert snapshot() == before


def test_a_missing_file_is_reported_plainly(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_framework", str(tmp_path / "nowhere.xlsx"))


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised_and_restored(nps_2022, tmp_path):
    formula = '=HYPERLINK("http://example.com","Click")'
    Descriptor.objects.filter(
        statement__key_area__theme__framework__slug=NPS_2022,
        statement__code="SL2",
        level=Level.LEADER,
    ).update(text=formula)
    Descriptor.objects.filter(
        statement__key_area__theme__framework__slug=NPS_2022,
        statement__code="SL2",
        level=Level.MINIMUM,
    ).update(text="-1 is bad")

    assert row_of(exported_rows(), "SL2")["leader"] == "'" + formula
    path = tmp_path / "nps.xlsx"
    call_command("export_framework", "-o", str(path), stdout=io.StringIO())
    sheet = openpyxl.load_workbook(path).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    Descriptor.objects.filter(
        statement__key_area__theme__framework__slug=NPS_2022, statement__code="SL2"
    ).update(text="changed")
    output, problems = run_import(path)
    assert problems == []
    texts = Descriptor.objects.filter(
        statement__key_area__theme__framework__slug=NPS_2022, statement__code="SL2"
    )
    assert texts.get(level=Level.LEADER).text == formula
    assert texts.get(level=Level.MINIMUM).text == "-1 is bad"


def test_a_workbook_with_a_formula_is_refused_at_its_cell(nps_2022, tmp_path):
    path = tmp_path / "nps.xlsx"
    call_command("export_framework", "-o", str(path), stdout=io.StringIO())
    workbook = openpyxl.load_workbook(path)
    workbook.active["O3"] = "=1+1"  # column O is "leader"
    workbook.save(path)

    message, problems = run_import(path)

    assert problems == ["Row 3, column 'leader': Replace the formula with plain text"]


def test_a_statement_left_out_of_the_file_is_retired_and_comes_back_when_restored(
    nps_2022, tmp_path
):
    rows = exported_rows()
    without_sl3 = [row for row in rows if row["statement_code"] != "SL3"]

    output, problems = run_import(csv_file(tmp_path / "fewer.csv", without_sl3))

    assert "1 retired" in output
    statement = Statement.objects.get(key_area__theme__framework__slug=NPS_2022, code="SL3")
    assert statement.is_retired
    assert statement.descriptors.count() == 5
    assert statement not in assessed_statements(nps_2022)
    assert "SL3" not in [row["statement_code"] for row in exported_rows()]

    run_import(csv_file(tmp_path / "all.csv", rows))
    statement.refresh_from_db()
    assert not statement.is_retired


def test_a_new_statement_and_a_renamed_key_area_keep_their_stable_keys(nps_2022, tmp_path):
    rows = exported_rows()
    for row in rows:
        if row["key_area_key"] == "managing-strategic-risk":
            row["key_area"] = "Managing risk"
    extra = dict(row_of(rows, "BC3"), statement_code="BC3.2", statement="A second principle")
    rows.insert(rows.index(row_of(rows, "BC3")) + 1, extra)

    output, problems = run_import(csv_file(tmp_path / "more.csv", rows))

    assert problems == []
    key_area = KeyArea.objects.get(theme__framework__slug=NPS_2022, key="managing-strategic-risk")
    assert key_area.name == "Managing risk"
    assert list(key_area.statements.values_list("code", flat=True)) == ["BC3", "BC3.2"]
    assert (
        Statement.objects.get(
            key_area__theme__framework__slug=NPS_2022, code="BC3.2"
        ).descriptors.count()
        == 5
    )


def test_removing_all_descriptors_of_a_described_statement_is_refused(nps_2022, tmp_path):
    rows = exported_rows()
    for level in ["minimum", "developing", "mature", "leader", "innovator"]:
        row_of(rows, "CB1")[level] = ""

    message, problems = run_import(csv_file(tmp_path / "bad.csv", rows))

    assert problems == [
        "Row 9, column 'minimum': CB1 already has descriptors, which an import does not "
        "remove; enter all five levels, or leave the statement out to retire it"
    ]
    assert (
        Descriptor.objects.filter(
            statement__key_area__theme__framework__slug=NPS_2022, statement__code="CB1"
        ).count()
        == 5
    )


def test_describing_an_enabler_makes_its_statement_assessable(nps_2022, tmp_path):
    rows = exported_rows()
    for level in ["minimum", "developing", "mature", "leader", "innovator"]:
        row_of(rows, "DT1")[level] = f"Developing talent at {level}."

    run_import(csv_file(tmp_path / "enablers.csv", rows))

    assert assessed_statements(nps_2022).filter(code="DT1").exists()


def test_key_area_text_that_differs_between_its_rows_is_refused(nps_2022, tmp_path):
    rows = exported_rows()
    second = dict(row_of(rows, "SL1"), statement_code="SL1.2", what_it_is="Something else")
    rows.insert(1, second)

    message, problems = run_import(csv_file(tmp_path / "bad.csv", rows))

    assert problems == [
        "Row 3, column 'what_it_is': Differs from row 2; give it the same text on every row of "
        "the same theme or key area"
    ]


def test_a_new_framework_is_created_from_a_file_without_becoming_current(nps_2022, tmp_path):
    rows = exported_rows()
    for row in rows:
        row["framework"] = "NPS 2018"

    output, problems = run_import(csv_file(tmp_path / "nps-2018.csv", rows))

    assert problems == []
    older = Framework.objects.get(slug="nps-2018")
    assert (older.name, older.year, older.is_current) == ("NPS 2018", 2018, False)
    assert assessed_statements(older).count() == 10
    assert Framework.objects.get(is_current=True) == nps_2022


def test_a_new_framework_needs_a_year_in_its_name(nps_2022, tmp_path):
    rows = exported_rows()
    for row in rows:
        row["framework"] = "Delivering the ambition"

    message, problems = run_import(csv_file(tmp_path / "bad.csv", rows))

    assert problems == [
        "Row 2, column 'framework': Include the year in a new framework's name, "
        "for example NPS 2026"
    ]
    assert not Framework.objects.filter(slug="delivering-the-ambition").exists()


def test_rows_naming_different_frameworks_are_refused(nps_2022, tmp_path):
    rows = exported_rows()
    rows[3]["framework"] = "NPS 2018"

    message, problems = run_import(csv_file(tmp_path / "bad.csv", rows))

    assert problems == [
        "Row 5, column 'framework': Every row must name the same framework as row 2: 'NPS 2022'"
    ]


def test_a_dry_run_reports_the_changes_and_saves_nothing(nps_2022, tmp_path):
    rows = exported_rows()
    row_of(rows, "SL1")["mature"] = NEW_MATURE
    before = snapshot()

    output, problems = run_import(csv_file(tmp_path / "edited.csv", rows), "--dry-run")

    assert "dry run, nothing saved" in output
    assert "1 updated" in output
    assert snapshot() == before


def test_a_minimal_file_with_friendly_headers_creates_a_framework(db, tmp_path):
    path = tmp_path / "minimal.csv"
    path.write_text(
        "Framework,Theme,Key area,Statement code,Minimum,Developing,Mature,Leader,Innovator\n"
        "NPS 2030,Showing leadership,Engaging councillors,SL1,one,two,three,four,five\n"
        "\n",
        encoding="utf-8-sig",
    )

    output, problems = run_import(path)

    assert problems == []
    statement = Statement.objects.get(code="SL1")
    assert statement.key_area.key == "engaging-councillors"
    assert statement.key_area.theme.kind == Theme.Kind.THEME
    assert list(statement.descriptors.values_list("text", flat=True)) == [
        "one",
        "two",
        "three",
        "four",
        "five",
    ]


def test_a_file_without_theme_kinds_keeps_the_enablers_as_enablers(nps_2022, tmp_path):
    rows = exported_rows()
    columns = [column for column in rows[0] if column != "theme_kind"]

    output, problems = run_import(csv_file(tmp_path / "no-kinds.csv", rows, columns))

    assert problems == []
    assert nps_2022.themes.filter(kind=Theme.Kind.ENABLER).count() == 5


def test_the_framework_sheet_is_read_even_when_it_is_not_the_first(nps_2022, tmp_path):
    path = tmp_path / "nps.xlsx"
    call_command("export_framework", "-o", str(path), stdout=io.StringIO())
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("Notes", 0)["A1"] = "LGA notes on this edition"
    workbook["Framework"]["L2"] = "Edited minimum"  # SL1's minimum descriptor
    workbook.save(path)

    output, problems = run_import(path)

    assert problems == []
    assert Descriptor.objects.get(
        statement__key_area__theme__framework__slug=NPS_2022,
        statement__code="SL1",
        level=Level.MINIMUM,
    ).text == ("Edited minimum")


def test_exporting_an_unknown_framework_names_the_known_ones():
    FrameworkFactory(name="NPS 2022", slug="nps-2022", year=2022)
    with pytest.raises(CommandError, match="No framework 'nps-1999'; frameworks: nps-2022"):
        call_command("export_framework", "--framework", "nps-1999")


def test_an_xlsx_export_needs_an_output_file():
    FrameworkFactory(is_current=True)
    with pytest.raises(CommandError, match="-o FILE.xlsx"):
        call_command("export_framework", "--format", "xlsx")


def test_assessable_statements_leave_out_retired_and_partly_described_ones():
    key_area = KeyAreaFactory()
    framework = key_area.theme.framework
    asked = StatementFactory(key_area=key_area)
    StatementFactory(key_area=key_area, is_retired=True)
    StatementFactory(key_area=key_area, descriptors=False)
    partly = StatementFactory(key_area=key_area)
    partly.descriptors.filter(level=Level.LEADER).update(text="")
    DescriptorFactory(statement=StatementFactory(key_area=key_area, descriptors=False))

    assert list(assessed_statements(framework)) == [asked]


@given(st.text())
@example("'=")
@example("''+1")
def test_neutralising_a_formula_is_undone_exactly_by_the_import(text):
    neutralised = neutralise_formula(text)
    assert not neutralised.startswith(("=", "+", "-", "@"))
    assert strip_formula_guard(neutralised) == text


def test_an_empty_file_is_refused(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    message, problems = run_import(path)

    assert problems == ["Row 1: The file is empty"]


def test_rows_are_numbered_as_the_spreadsheet_shows_them_blank_rows_included(db, tmp_path):
    path = tmp_path / "gappy.csv"
    path.write_text(
        "framework,theme,key_area,statement_code,minimum,developing,mature,leader,innovator\n"
        ",,,,,,,,\n"
        "NPS 2030,Showing leadership,Engaging councillors,SL1,,,,,\n"
        "NPS 2031,Showing leadership,Engaging councillors,SL2,,,,,\n",
        encoding="utf-8",
    )

    message, problems = run_import(path)

    assert problems == [
        "Row 4, column 'framework': Every row must name the same framework as row 3: 'NPS 2030'"
    ]
    assert not Framework.objects.exists()


cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")), min_size=1, max_size=30
).map(str.strip)
descriptor_text = st.one_of(
    cell_text,
    st.sampled_from("=+-@'")
    .map(str)
    .flatmap(lambda start: cell_text.map(lambda text: start + text)),
).filter(bool)


@settings(max_examples=40, deadline=None)
@example(texts=["'=", "''x", "-1", "@a", "+"], format="csv")
@example(texts=["'=", "''x", "-1", "@a", "+"], format="xlsx")
@given(
    texts=st.lists(descriptor_text, min_size=5, max_size=5), format=st.sampled_from(["csv", "xlsx"])
)
def test_any_descriptor_text_survives_a_spreadsheet_round_trip(texts, format):
    row = {
        "framework": "NPS 2030",
        "theme": "Showing leadership",
        "key_area": "Engaging councillors",
        "statement_code": "SL1",
        **dict(zip(LEVEL_COLUMNS, texts, strict=True)),
    }
    if format == "csv":
        stream = io.StringIO()
        write_csv([row], stream)
        content = stream.getvalue().encode()
    else:
        stream = io.BytesIO()
        write_xlsx([row], stream)
        content = stream.getvalue()

    framework = framework_from_table(*read_table(content))

    statement = framework.themes[0].key_areas[0].statements[0]
    assert [statement.descriptors[level] for level in sorted(statement.descriptors)] == texts
