"""The case-study filter lists NPS key areas, not those of frameworks seen through mappings."""

import pytest
from django.urls import reverse

from assessments.models import Framework
from tests.assessments.factories_framework import KeyAreaFactory
from tests.casestudies.factories import CaseStudyFactory, key_area

pytestmark = pytest.mark.django_db


def test_the_key_area_filter_offers_nps_key_areas_only(client):
    key_area("working-with-partners", "Working with partners")
    KeyAreaFactory(
        name="Commercial pipeline",
        key="commercial-pipeline",
        theme__framework__name="CCIAF",
        theme__framework__family=Framework.Family.CCIAF,
    )
    CaseStudyFactory(title="Shared services", tags={"working-with-partners": 4})
    html = client.get(reverse("casestudies:case_study_list")).content.decode()
    assert "Working with partners" in html
    assert "Commercial pipeline" not in html
