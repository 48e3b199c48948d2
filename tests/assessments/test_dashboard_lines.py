"""How a dashboard line writes its levels in a table cell (no database)."""

from assessments.dashboards import peers
from assessments.dashboards.council import KeyAreaLine, figure_and_name
from assessments.models import KeyArea


def test_a_level_reads_as_its_figure_then_its_name_and_none_as_a_dash():
    assert figure_and_name(3, "Mature") == "3 Mature"
    assert figure_and_name(None, "Not assessed") == "– Not assessed"


def test_a_line_without_a_target_says_so_beside_a_dash():
    line = KeyAreaLine(KeyArea(name="Engaging"), 2, None, peers.trend(None, 2))
    assert (line.current_words, line.target_words) == ("2 Developing", "– No target set")
