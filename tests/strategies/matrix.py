"""Every strategies URL and what each role gets from it. Reading and responding are public;
responses, exports and outcomes are for LGA staff only."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from tests.matrix import ROLES, Row, for_roles, statuses

PUBLIC = {
    "strategies:strategy_list",
    "strategies:strategy_detail",
    "strategies:document_download",
    "strategies:consultation_list",
    "strategies:consultation_detail",
    "strategies:respond_about",
    "strategies:respond_question",
    "strategies:respond_publication",
    "strategies:respond_check",
    "strategies:respond_confirmation",
    # The signed link in the receipt is its own permission (tests/security/test_change_links.py).
    "strategies:respond_change_link",
}

DOCUMENT = "strategies/documents/permission-matrix.pdf"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def _objects(world):
    """A published strategy with a document, a draft one, and open, closed and draft
    consultations, the open one with a question and a response from Stockport."""
    from strategies.models import StrategyDocument
    from tests.strategies import factories as f

    if "strategies" not in world.objects:
        strategy = f.CategoryStrategyFactory()
        # One file for every run, rather than a new one per role and row.
        if not default_storage.exists(DOCUMENT):
            default_storage.save(DOCUMENT, ContentFile(PDF))
        document = StrategyDocument.objects.create(
            strategy=strategy, title="Strategy", original_name="strategy.pdf",
            content_type="application/pdf", size=len(PDF), file=DOCUMENT,
        )  # fmt: skip
        open_ = f.ConsultationFactory(strategy=strategy)
        f.QuestionFactory(consultation=open_)
        past = timezone.now() - timedelta(days=30)
        world.objects["strategies"] = {
            "strategy": strategy,
            "draft_strategy": f.CategoryStrategyFactory(status="draft"),
            "document": document,
            "open": open_,
            "closed": f.ConsultationFactory(opens_at=past - timedelta(days=30), closes_at=past),
            "draft": f.ConsultationFactory(is_draft=True),
            "response": f.ConsultationResponseFactory(
                consultation=open_, respondent_type="council", council=world.own
            ),
        }
    return world.objects["strategies"]


def strategy(world):
    return {"slug": _objects(world)["strategy"].slug}


def draft_strategy(world):
    return {"slug": _objects(world)["draft_strategy"].slug}


def document(world):
    objects = _objects(world)
    return {"slug": objects["strategy"].slug, "pk": objects["document"].pk}


def consultation(name):
    return lambda world: {"slug": _objects(world)[name].slug}


def question(world):
    return {"slug": _objects(world)["open"].slug, "number": 1}


def response(world):
    objects = _objects(world)
    return {"slug": objects["open"].slug, "reference": objects["response"].reference}


def change_link(world):
    from strategies.change_links import change_token

    objects = _objects(world)
    return {"slug": objects["open"].slug, "token": change_token(objects["response"])}


EVERYONE = dict.fromkeys(ROLES, 200)
STAFF_ONLY = for_roles(["lga_staff"], refused=403) | {"anonymous": 302}
OPEN, CLOSED, DRAFT = consultation("open"), consultation("closed"), consultation("draft")

ROWS = [
    Row("strategies:strategy_list", EVERYONE),
    Row("strategies:strategy_detail", EVERYONE, strategy),
    Row(
        "strategies:strategy_detail", for_roles(["lga_staff"]) | {"anonymous": 404}, draft_strategy
    ),
    Row("strategies:document_download", EVERYONE, document),
    Row("strategies:consultation_list", EVERYONE),
    Row("strategies:consultation_detail", EVERYONE, OPEN),
    Row("strategies:consultation_detail", EVERYONE, CLOSED),
    Row("strategies:consultation_detail", for_roles(["lga_staff"]) | {"anonymous": 404}, DRAFT),
    Row("strategies:respond_about", EVERYONE, OPEN),
    Row("strategies:respond_about", dict.fromkeys(ROLES, 410), CLOSED),
    Row("strategies:respond_about", dict.fromkeys(ROLES, 410), CLOSED, "post", {"name": "x"}),
    # Not even LGA staff may respond to a draft consultation.
    Row("strategies:respond_about", dict.fromkeys(ROLES, 404), DRAFT),
    Row("strategies:respond_question", EVERYONE, question),
    Row("strategies:respond_publication", EVERYONE, OPEN),
    # With nothing answered yet, check your answers sends people to the first page.
    Row("strategies:respond_check", dict.fromkeys(ROLES, 302), OPEN),
    Row("strategies:respond_check", dict.fromkeys(ROLES, 410), CLOSED),
    Row("strategies:respond_confirmation", dict.fromkeys(ROLES, 302), OPEN),
    Row("strategies:response_list", STAFF_ONLY, OPEN),
    Row("strategies:response_detail", STAFF_ONLY, response),
    Row(
        "strategies:response_detail",
        statuses(403) | {"lga_staff": 302},
        response,
        "post",
        {"mark": "read"},
    ),
    Row("strategies:response_maturity", STAFF_ONLY, OPEN),
    Row("strategies:export_csv", STAFF_ONLY, OPEN),
    Row("strategies:export_xlsx", STAFF_ONLY, OPEN),
    Row("strategies:outcome", STAFF_ONLY, CLOSED),
    Row("strategies:outcome_from_summary", STAFF_ONLY, CLOSED),
    Row("strategies:summary", STAFF_ONLY, CLOSED),
    Row("strategies:summary_pdf", STAFF_ONLY, CLOSED),
    Row("strategies:summary_xlsx", STAFF_ONLY, CLOSED),
    # The response was sent by nobody signed in: no role may change it that way, only the link.
    Row("strategies:respond_change", statuses(404), response),
    Row("strategies:respond_change_link", EVERYONE, change_link),
    Row("strategies:response_enter", STAFF_ONLY, OPEN),
    Row("strategies:response_enter", statuses(403) | {"lga_staff": 200}, OPEN, "post", {}),
    # Before the close the page explains that publication waits for it.
    Row("strategies:response_publish", STAFF_ONLY | {"lga_staff": 403}, response),
    Row("strategies:response_unpublish", statuses(403) | {"lga_staff": 302}, response, "post"),
]
