import pytest
from django.core.management import CommandError, call_command

from assessments import reports
from assessments.management.commands.build_reports import progress_bar
from assessments.models import Assessment
from tests.assessments.factories_dashboard import rated, rounds
from tests.factories import CouncilFactory


@pytest.fixture
def three_councils(world):
    this = rounds(count=1)[0]
    rated(world.own, this)
    rated(world.other, this)
    rated(CouncilFactory(name="Rochdale", slug="rochdale"), this)
    rated(CouncilFactory(name="Bury", slug="bury"), this, status=Assessment.Status.DRAFT)
    return this


def test_build_reports_writes_each_shared_assessment_and_reports_failures(
    three_councils, tmp_path, monkeypatch, capsys
):
    real = reports.render_pdf

    def fail_for_trafford(template, context):
        if context["council"].slug == "trafford":
            raise RuntimeError("font missing")
        return real(template, context)

    monkeypatch.setattr(reports, "render_pdf", fail_for_trafford)
    with pytest.raises(CommandError, match="1 report"):
        call_command("build_reports", round=three_councils.name, output=str(tmp_path), workers=1)
    slug = three_councils.slug
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"rochdale-nps-{slug}.pdf",
        f"stockport-nps-{slug}.pdf",
    ]
    out = capsys.readouterr()
    assert "Failed: trafford: RuntimeError: font missing" in out.err
    assert f"2 of 3 reports written to {tmp_path}" in out.out
    assert "[##############################] 3/3" in out.out


def test_build_reports_can_render_one_council(three_councils, tmp_path):
    call_command(
        "build_reports",
        round=three_councils.name,
        council="stockport",
        output=str(tmp_path),
        workers=1,
    )
    assert [p.name for p in tmp_path.iterdir()] == [f"stockport-nps-{three_councils.slug}.pdf"]


def test_build_reports_refuses_an_unknown_round(db, tmp_path):
    with pytest.raises(CommandError, match="no round called 1999/00"):
        call_command("build_reports", round="1999/00", output=str(tmp_path))


def test_progress_bar_fills_in_proportion():
    assert progress_bar(5, 10) == "[###############---------------]  5/10"
