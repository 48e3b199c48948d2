import re

from django.template import Context, Template


def render_table(columns: str, params: str, **context) -> str:
    """The table component with the head {% columns %} makes of `columns`."""
    source = (
        f"{{% columns {columns} as head %}}"
        f'{{% include "components/table.html" with head=head {params} %}}'
    )
    return re.sub(r">\s+<", "><", Template(source).render(Context(context))).strip()


def test_a_table_heads_its_columns_and_aligns_figures_right():
    html = render_table(
        '"Answer" "Responses"|numeric',
        'caption="Agreement" caption_size="s" rows=rows row_header=True',
        rows=[("Agree", 2)],
    )
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">Agreement</caption>' in html
    )
    assert '<th scope="col" class="govuk-table__header">Answer</th>' in html
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Responses</th>'
        in html
    )
    assert (
        '<th scope="row" class="govuk-table__header">Agree</th>'
        '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>'
    ) in html


def test_a_list_of_labels_heads_a_column_each():
    html = render_table(
        '"Council" key_areas "Response"', 'caption="Responses"', key_areas=["A", "B"]
    )
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', html)
    assert headers == ["Council", "A", "B", "Response"]


def test_an_empty_value_shows_the_blank_text():
    html = render_table(
        '"Question" "Saved"',
        'caption="Differences" rows=rows blank="(blank)"',
        rows=[("Level", "")],
    )
    assert '<td class="govuk-table__cell">(blank)</td>' in html


def test_a_zero_stays_a_figure_in_a_table_without_blank_text():
    html = render_table('"Owner" "Open"|numeric', 'caption="Actions" rows=rows', rows=[("Ann", 0)])
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">0</td>' in html


def test_a_table_without_rows_says_so_across_every_column():
    html = render_table(
        '"Title" "Status"', 'caption="Case studies" rows=rows empty="None yet."', rows=[]
    )
    assert '<td class="govuk-table__cell" colspan="2">None yet.</td>' in html


def test_a_visually_hidden_caption_still_names_the_table():
    html = render_table('"Question"', 'caption="What differs" caption_hidden=True')
    assert (
        '<caption class="govuk-table__caption govuk-visually-hidden">What differs</caption>' in html
    )


def test_a_table_scrolls_inside_a_focusable_region_named_by_its_caption_not_the_page():
    html = render_table('"Council" "Status"', 'caption="Assessments by round" rows=rows', rows=[])
    assert html.startswith(
        '<div class="app-table-container" tabindex="0" role="region" '
        'aria-label="Assessments by round"><table class="govuk-table">'
    )
    assert html.endswith("</table></div>")
