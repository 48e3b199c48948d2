"""Staff start "What you said, what we did" from the summary report, edit it and publish it."""

import pytest
from django.urls import reverse

from strategies.models import AnalysisTheme
from tests.strategies.test_summary_report import analysed, staff  # noqa: F401 – fixtures

pytestmark = pytest.mark.django_db


def test_outcome_page_offers_to_start_from_the_summary(staff, analysed):  # noqa: F811
    page = staff.get(reverse("strategies:outcome", args=[analysed.slug])).content.decode()

    assert "Start from the summary" in page
    assert reverse("strategies:outcome_from_summary", args=[analysed.slug]) in page


def test_starting_from_the_summary_fills_the_box_with_counts_and_themes(staff, analysed):  # noqa: F811
    page = staff.get(reverse("strategies:outcome_from_summary", args=[analysed.slug]))

    text = page.content.decode()
    assert "We received 5 responses between 1 April 2026 and 12 May 2026" in text
    assert "- An individual: 3" in text
    assert "- A supplier: 1" in text
    assert "How they were sent: 3 online, 1 by post, 1 by email." in text
    assert "### What should change?" in text
    assert "- Local suppliers: 4 responses" in text
    assert "Nothing is saved until you publish it" in text


def test_starting_from_the_summary_saves_nothing(staff, analysed):  # noqa: F811
    staff.get(reverse("strategies:outcome_from_summary", args=[analysed.slug]))

    analysed.refresh_from_db()
    assert analysed.outcome == ""
    assert analysed.outcome_published_at is None


def test_staff_publish_the_outcome_they_edited_from_the_summary(staff, analysed):  # noqa: F811
    url = reverse("strategies:outcome_from_summary", args=[analysed.slug])
    draft = staff.get(url).context["form"].initial["outcome"]
    edited = draft.replace("(Say what you changed in the strategy and why.)", "We kept local lots.")

    response = staff.post(url, {"outcome": edited})

    assert response.status_code == 302
    analysed.refresh_from_db()
    assert "We kept local lots." in analysed.outcome
    assert analysed.outcome_published_at
    page = staff.get(reverse("strategies:consultation_detail", args=[analysed.slug]))
    assert "Local suppliers: 4 responses" in page.content.decode()


def test_theme_names_in_the_draft_are_escaped_on_the_page(staff, analysed):  # noqa: F811
    AnalysisTheme.objects.filter(name="Speed").update(name="<b>Speed</b>")

    page = staff.get(reverse("strategies:outcome_from_summary", args=[analysed.slug]))

    assert "<b>Speed</b>" not in page.content.decode()


def test_outcome_from_summary_is_for_lga_staff_only(world, client_as, analysed):  # noqa: F811
    officer = client_as(world.users["officer"])

    url = reverse("strategies:outcome_from_summary", args=[analysed.slug])
    assert officer.get(url).status_code == 403
    assert officer.post(url, {"outcome": "Hacked"}).status_code == 403
