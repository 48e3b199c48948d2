"""Case-study sections go through the shared Markdown renderer (npsportal.markdown)."""

import pytest
from django.urls import reverse

from tests.casestudies.factories import CaseStudyFactory


@pytest.mark.django_db
def test_the_detail_page_shows_sanitised_govuk_styled_sections(client):
    case_study = CaseStudyFactory(
        background="<script>alert(1)</script>Safe **text**",
        what_they_did='<img src=x onerror="alert(2)">',
        what_they_learned="[x](javascript:alert(3))",
    )
    html = client.get(reverse("casestudies:case_study_detail", args=[case_study.slug]))
    html = html.content.decode()
    assert '<p class="govuk-body">Safe <strong>text</strong></p>' in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert "javascript:alert" not in html
