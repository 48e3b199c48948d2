"""The summary report as a spreadsheet: one sheet per part, numbers as numbers, words never ids."""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from assessments.framework_io.spreadsheet import neutralise_formula
from strategies.summary.selectors import Summary


def cell(value):
    """Numbers stay numbers; text loses control characters and cannot run as a formula."""
    if isinstance(value, int | float):
        return value
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))


def _sheet(workbook, title: str, header: list[str], rows) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append([cell(h) for h in header])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for row in rows:
        sheet.append([cell(v) for v in row])
    sheet.freeze_panes = "A2"
    for column, heading in zip(sheet.columns, header, strict=False):
        widest = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(
            60, max(12, len(heading), widest)
        )


def summary_xlsx(summary: Summary) -> bytes:
    """The workbook's bytes."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    _about(workbook, summary)
    _sheet(
        workbook,
        "Responses",
        ["Responding as", *summary.channels, "All"],
        [
            [row["label"], *row["counts"], row["total"]]
            for row in [*summary.type_rows, summary.total_row]
        ],
    )
    _sheet(
        workbook,
        "Share analysed",
        ["Question", "Answers analysed", "Answers given", "Share analysed (%)"],
        [
            [s["question"], s["analysed"], s["total"], s["percent"]]
            for s in [*summary.shares, summary.overall_share]
        ],
    )
    _sheet(
        workbook,
        "Choice questions",
        ["Question", "Answer", "Responses"],
        [
            [f"{q['number']}. {q['text']}", choice, n]
            for q in summary.choice_questions
            for choice, n in q["counts"]
        ],
    )
    _text_sheets(workbook, summary)
    _grouping_sheet(workbook, summary)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _about(workbook, summary: Summary) -> None:
    _sheet(
        workbook,
        "About",
        ["", ""],
        [
            ["Report", summary.title],
            ["Strategy", summary.strategy],
            ["Opened", summary.opened],
            ["Closed", summary.closed],
            ["Produced", summary.produced],
            ["Responses", summary.total_row["total"]],
        ],
    )


def _text_sheets(workbook, summary: Summary) -> None:
    questions = summary.text_questions
    _sheet(
        workbook,
        "Themes",
        ["Question", "Theme", "Responses"],
        [[f"{q.number}. {q.text}", t.name, t.responses] for q in questions for t in q.themes],
    )
    _sheet(
        workbook,
        "Quotes",
        ["Question", "Theme", "Quote", "Responding as"],
        [
            [f"{q.number}. {q.text}", x.theme, x.text, x.respondent]
            for q in questions
            for x in q.quotes
        ],
    )


def _grouping_sheet(workbook, summary: Summary) -> None:
    grouping = summary.grouping
    header = ["Question", "Group", "Campaign", "Submissions", "Distinct texts",
              "Distinct respondents"]  # fmt: skip
    rows = []
    if grouping:
        rows = [
            [
                g.question,
                g.label,
                "Yes" if g.campaign else "No",
                g.submissions,
                g.distinct_texts,
                g.distinct_respondents,
            ]  # fmt: skip
            for g in grouping["groups"]
        ]
        rows += [
            [
                q["question"],
                "All answers",
                "",
                q["submissions"],
                q["distinct_texts"],
                q["distinct_respondents"],
            ]  # fmt: skip
            for q in grouping["questions"]
        ]
        rows += [[], ["Method", grouping["method"]], ["Threshold", grouping["threshold"]]]
    else:
        rows = [["Not grouped yet: run grouping on the analysis pages."]]
    _sheet(workbook, "Campaigns and duplicates", header, rows)
