"""The case study API's URLs: public, with drafts never found."""

from tests.api_matrix import PUBLIC, ApiRow, api_statuses


def _published(world):
    from tests.casestudies.factories import CaseStudyFactory

    return {"slug": CaseStudyFactory(slug="api-matrix-published").slug}


def _draft(world):
    from tests.casestudies.factories import CaseStudyFactory

    return {"slug": CaseStudyFactory(slug="api-matrix-draft", status="draft").slug}


ROWS = [
    ApiRow("casestudies_api:case_study_list", PUBLIC),
    ApiRow("casestudies_api:case_study_detail", PUBLIC, _published),
    # Not even LGA staff's tokens see a draft through the API.
    ApiRow("casestudies_api:case_study_detail", api_statuses(404, anonymous=404), _draft),
]
