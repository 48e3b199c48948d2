"""The strategies API's URLs: public, with drafts never found."""

from tests.api_matrix import PUBLIC, ApiRow, api_statuses

NOT_FOUND = api_statuses(404, anonymous=404)


def _strategy(world, status="published"):
    from tests.strategies.factories import CategoryStrategyFactory

    return {"slug": CategoryStrategyFactory(slug=f"api-matrix-{status}", status=status).slug}


def _consultation(world, is_draft=False):
    from tests.strategies.factories import ConsultationFactory

    slug = "api-matrix-draft" if is_draft else "api-matrix-open"
    return {"slug": ConsultationFactory(slug=slug, is_draft=is_draft).slug}


ROWS = [
    ApiRow("strategies_api:strategy_list", PUBLIC),
    ApiRow("strategies_api:strategy_detail", PUBLIC, _strategy),
    ApiRow("strategies_api:strategy_detail", NOT_FOUND, lambda w: _strategy(w, "draft")),
    ApiRow("strategies_api:consultation_list", PUBLIC),
    ApiRow("strategies_api:consultation_detail", PUBLIC, _consultation),
    ApiRow("strategies_api:consultation_detail", NOT_FOUND, lambda w: _consultation(w, True)),
]
