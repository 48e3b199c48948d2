"""A report is laid out on a fresh stretch of Python's frame stack, whoever calls it (issue 20).

On CPython 3.11 a layout whose loops cross the edge of one of the stack's 16 KiB chunks maps and
unmaps a chunk on every such call, which shows as thousands of freshly touched pages a report;
where the edge fell depended on how deep the caller was."""

import gc
import resource

import pytest
from django.core.cache import caches

from assessments.dashboards import layout, reports
from tests.assessments.factories_dashboard import rated, rounds

# Callers from 0 to about 12 KiB deeper: the chunk's edge falls at a different place in the layout
# for each (a plain Python frame of this recursion takes about 100 bytes).
CALLER_DEPTHS = (0, 40, 80, 120)


def called_at_depth(depth: int, function):
    return function() if depth == 0 else called_at_depth(depth - 1, function)


def pages_touched_at(depth: int, function) -> int:
    return pages_touched_by(lambda: called_at_depth(depth, function))


def pages_touched_by(function) -> int:
    """Memory pages the process touched for the first time (minor faults) while it ran."""
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    function()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def test_a_report_layout_touches_few_fresh_pages_from_any_caller_depth(world):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3, target=4)
    html = reports.render_html(
        "reports/assessment.html", reports.assessment_report_context(assessment)
    )

    def lay_out():
        caches["reports"].clear()  # laid out each time, not read back
        return reports.html_to_pdf(html)

    lay_out()  # the first layout in a process loads fonts and stylesheets
    touched = {depth: pages_touched_at(depth, lay_out) for depth in CALLER_DEPTHS}
    # Without the room one depth or another touched 2,000 pages for this report (4,000 to 17,000
    # for a benchmark council's); with it, a few dozen.
    assert max(touched.values()) < 1_000, touched


def test_stack_room_returns_the_result_and_passes_errors_on():
    assert layout.with_stack_room(lambda: "laid out") == "laid out"
    with pytest.raises(ZeroDivisionError):
        layout.with_stack_room(lambda: 1 / 0)
