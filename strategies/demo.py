"""Demo strategies and consultations: the two 2017 consultations as they happened (seed 001), the
IT strategy's advice (seed 004), and one consultation open now, with a few demo responses."""

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape, linebreaks

from assessments.models import KeyArea
from npsportal.formatting import LONDON, govuk_deadline
from npsportal.models import Council, User
from strategies.analysis.demo import create_analysis_demo
from strategies.models import (
    CategoryStrategy,
    Consultation,
    ConsultationResponse,
    Question,
    StrategyDocument,
)
from strategies.services import confirms_council, response_digest

CONTACT = "nps-consultations@lga.example.org"
# Seed 001 gives the close (Friday 12 May 2017); seed 004 shows the IT consultation open on
# 17 January 2017. We assume both opened then.
OPENED_2017 = datetime(2017, 1, 17, 9, 0, tzinfo=LONDON)
CLOSED_2017 = datetime(2017, 5, 12, 23, 59, tzinfo=LONDON)

IT_SUMMARY = """A strategic approach to IT sourcing in councils can ensure better value from technology as well as greater flexibility, avoiding creating future IT legacy challenges from disparate IT solutions, which has become a problem today for many councils."""  # noqa: E501

IT_DESCRIPTION = """A strategic approach to IT sourcing in councils can ensure better value from technology as well as greater flexibility, avoiding creating future IT legacy challenges from disparate IT solutions, which has become a problem today for many councils.

The challenge for IT procurement is to create the agility and flexibility needed to meet the unprecedented demand for new technology and new ways of using technology in a way which manages risk and does not compromise probity or value.

This category strategy aims to help IT and digital leaders maximise the opportunity of technology to transform local public services, by establishing guidance in key areas and act as a conduit for sharing best practice."""  # noqa: E501

IT_RECOMMENDATIONS = """approach the market early, conduct pre-market engagement and spend time researching good practice
incorporate forward planning into the commissioning process to avoid being locked into out-dated legacy systems down the line
consider sharing back-office systems with other local and district authorities to aggregate buying power
use of SMEs, and encourage first tier suppliers to use SMEs, to realise pre-defined social value
design online services with citizens, businesses and other stakeholders to ensure they meet real needs
use “vanilla” rather than custom solutions to increase compatibility"""  # noqa: E501

ENERGY_SUMMARY = """The energy sector is evolving rapidly with opportunities emerging for councils to get involved in generating and supplying energy, as well as purchasing it."""  # noqa: E501

ENERGY_DESCRIPTION = """The energy sector is evolving rapidly with opportunities emerging for councils to get involved in generating and supplying energy, as well as purchasing it.

Councils are increasingly exploring options for greater independence to increase their own capacities and capabilities within the current rules and regulations of the energy market. Such activities have enabled councils to raise revenues and leverage public-sector borrowing to drive green investment and encourage demand management.

This strategy is designed to provide an overview of these opportunities with ideas for how councils can minimise their costs and maximise the benefits for their local communities through their energy procurement."""  # noqa: E501

COMMENTS_QUESTION = (
    "Your comments on the strategy",
    "Tell us what works, what is missing and what you would change.",
)  # noqa: E501

CONSTRUCTION_DESCRIPTION = """**Demo consultation.** This consultation exists in the demo world only, so that you can try responding.

The draft strategy suggests how councils can buy construction works and services together: shared frameworks, early contractor involvement, and contracts that leave social value in the places where councils build."""  # noqa: E501

CONSTRUCTION_QUESTIONS = [
    ("How far do you agree that councils should buy construction through shared frameworks?", "",
     "Strongly agree\nAgree\nNeither agree nor disagree\nDisagree\nStrongly disagree"),
    ("What stops your organisation from involving contractors early?", "", ""),
    ("What else should the strategy say?", "Optional.", ""),
]  # fmt: skip


def _key_areas(*names: str):
    """Key areas of the current framework (none until the reference data is loaded)."""
    return KeyArea.objects.filter(theme__framework__is_current=True, name__in=names)


def _strategy(slug: str, **fields) -> CategoryStrategy:
    strategy, _ = CategoryStrategy.objects.update_or_create(slug=slug, defaults=fields)
    return strategy


def _consultation(slug: str, questions, **fields) -> Consultation:
    consultation, _ = Consultation.objects.update_or_create(slug=slug, defaults=fields)
    for order, (text, hint, choices) in enumerate(questions, start=1):
        Question.objects.update_or_create(
            consultation=consultation,
            order=order,
            defaults={
                "text": text,
                "hint": hint,
                "choices": choices,
                "kind": Question.Kind.CHOICE if choices else Question.Kind.TEXT,
                "is_required": not hint.startswith("Optional"),
            },
        )
    return consultation


def _the_2017_consultations() -> None:
    it = _strategy(
        "national-technological-and-digital-procurement-category-strategy",
        title="National Technological and Digital Procurement Category Strategy",
        category=CategoryStrategy.Category.ICT,
        summary=IT_SUMMARY,
        body=IT_DESCRIPTION,
        key_recommendations=IT_RECOMMENDATIONS,
        # Seed 001 offers both as consultation drafts, never as final strategies.
        status=CategoryStrategy.Status.IN_CONSULTATION,
        version="Consultation draft",
        published_on=date(2017, 1, 17),
    )
    it.related_key_areas.set(_key_areas("Exploiting digital technology"))
    energy = _strategy(
        "energising-procurement-national-energy-procurement-category-strategy",
        title="Energising Procurement: National Energy Procurement Category Strategy",
        category=CategoryStrategy.Category.ENERGY,
        summary=ENERGY_SUMMARY,
        body=ENERGY_DESCRIPTION,
        status=CategoryStrategy.Status.IN_CONSULTATION,
        version="Consultation draft",
        # Published for consultation with the IT strategy (both consultations opened then).
        published_on=OPENED_2017.date(),
    )
    for strategy, description in [(it, IT_DESCRIPTION), (energy, ENERGY_DESCRIPTION)]:
        _consultation(
            f"{strategy.slug}-consultation",
            [(*COMMENTS_QUESTION, "")],
            strategy=strategy,
            title=f"{strategy.title} - Consultation",
            description=description,
            opens_at=OPENED_2017,
            closes_at=CLOSED_2017,
            contact_email=CONTACT,
            is_draft=False,
        )


def _open_consultation() -> Consultation:
    strategy = _strategy(
        "demo-national-construction-procurement-category-strategy",
        title="National Construction Procurement Category Strategy (demo)",
        category=CategoryStrategy.Category.CONSTRUCTION,
        summary="A demo draft strategy on buying construction works and services together.",
        body=CONSTRUCTION_DESCRIPTION,
        status=CategoryStrategy.Status.IN_CONSULTATION,
        version="Draft for consultation",
        published_on=timezone.localdate() - timedelta(days=14),
    )
    strategy.related_key_areas.set(
        _key_areas("Engaging local SMEs and micro-businesses", "Obtaining social value")
    )
    # Always open in the demo: from two weeks ago until 11:59pm six weeks from today.
    today = timezone.localdate()
    return _consultation(
        "demo-construction-strategy-consultation",
        CONSTRUCTION_QUESTIONS,
        strategy=strategy,
        title="National Construction Procurement Category Strategy (demo) - Consultation",
        description=CONSTRUCTION_DESCRIPTION,
        opens_at=datetime.combine(today - timedelta(days=14), time(9, 0), tzinfo=LONDON),
        closes_at=datetime.combine(today + timedelta(weeks=6), time(23, 59), tzinfo=LONDON),
        contact_email=CONTACT,
        is_draft=False,
    )


# The Stockport response was sent by the demo officer, signed in (so confirmed as Stockport's);
# the Trafford one anonymously (not confirmed).
DEMO_RESPONSES = [
    ("NPS-DEMO-0001", "Sam Officer", "stockport", True, ["Agree", "Budgets are set too late.", ""]),
    (
        "NPS-DEMO-0002",
        "Taylor Officer",
        "trafford",
        False,
        ["Strongly agree", "Skills.", "More on VCSE."],
    ),
    (
        "NPS-DEMO-0003",
        "Robin Builder",
        None,
        False,
        ["Disagree", "Frameworks favour big firms.", ""],
    ),
]


def _demo_responses(consultation: Consultation) -> None:
    questions = list(consultation.questions.order_by("order"))
    for n, (reference, name, council_slug, signed_in, texts) in enumerate(DEMO_RESPONSES):
        council = Council.objects.filter(slug=council_slug).first() if council_slug else None
        answers = {str(q.pk): t for q, t in zip(questions, texts, strict=True)}
        sender = (
            User.objects.filter(full_name=name, memberships__council=council).first()
            if signed_in
            else None
        )
        email = sender.email if sender else f"demo-respondent-{n + 1}@example.org"
        response, _ = ConsultationResponse.objects.update_or_create(
            reference=reference,
            defaults={
                "consultation": consultation,
                "name": name,
                "email": email,
                "respondent_type": "council" if council else "supplier",
                "council": council,
                "user": sender,
                "council_confirmed": confirms_council(
                    user=sender, council_id=council.pk if council else None
                ),
                "organisation_name": "" if council else "Demo Builders Ltd",
                "publication": ConsultationResponse.Publication.WITH_NAME,
                "submitted_at": consultation.opens_at + timedelta(days=n + 1),
                "digest": response_digest(
                    consultation_id=consultation.pk, email=email, answers=answers
                ),
            },
        )
        for question in questions:
            response.answers.update_or_create(
                question=question, defaults={"text": answers[str(question.pk)]}
            )


def _demo_postal_response(consultation: Consultation) -> None:
    """A letter typed in by LGA staff, to show how responses received by post are marked."""
    questions = list(consultation.questions.order_by("order"))
    texts = ["Neither agree nor disagree", "Small firms cannot price early work.", ""]
    answers = {str(q.pk): t for q, t in zip(questions, texts, strict=True)}
    response, _ = ConsultationResponse.objects.update_or_create(
        reference="NPS-DEMO-0004",
        defaults={
            "consultation": consultation,
            "name": "Alex Writer",
            "email": "",
            "respondent_type": "other_body",
            "organisation_name": "Demo Parish Council",
            "publication": ConsultationResponse.Publication.ANONYMOUS,
            "channel": ConsultationResponse.Channel.POST,
            "entered_by": User.objects.filter(email="staff@lga.example.org").first(),
            "submitted_at": consultation.opens_at + timedelta(days=5, hours=3),
            "digest": response_digest(
                consultation_id=consultation.pk, email="name:alex writer", answers=answers
            ),
        },
    )
    for question in questions:
        response.answers.update_or_create(
            question=question, defaults={"text": answers[str(question.pk)]}
        )


def _demo_published_response() -> None:
    """A published, redacted response on the closed 2017 IT consultation."""
    consultation = Consultation.objects.get(
        slug="national-technological-and-digital-procurement-category-strategy-consultation"
    )
    question = consultation.questions.get()
    said = (
        "Councils should publish their pipelines early. Our account manager, Chris Smith, "
        "found three tenders a week before they closed."
    )
    response, _ = ConsultationResponse.objects.update_or_create(
        reference="NPS-DEMO-0101",
        defaults={
            "consultation": consultation,
            "name": "Jamie Seller",
            "email": "demo-respondent-101@example.org",
            "respondent_type": "supplier",
            "organisation_name": "Demo Software Ltd",
            "publication": ConsultationResponse.Publication.WITH_NAME,
            "submitted_at": OPENED_2017 + timedelta(days=30),
            "digest": response_digest(
                consultation_id=consultation.pk,
                email="demo-respondent-101@example.org",
                answers={str(question.pk): said},
            ),
            "published_at": CLOSED_2017 + timedelta(days=20),
            "published_by": User.objects.filter(email="staff@lga.example.org").first(),
            "redaction_reason": "Removed the name of the supplier's account manager.",
        },
    )
    response.answers.update_or_create(
        question=question,
        defaults={"text": said, "published_text": said.replace("Chris Smith", "[redacted]")},
    )


def _demo_pdf(strategy: CategoryStrategy) -> bytes:
    """A short PDF of the strategy's own words, standing in for the LGA's document."""
    from weasyprint import HTML  # only the demo command needs it here

    recommendations = "".join(f"<li>{escape(r)}</li>" for r in strategy.recommendation_list)
    html = (
        '<html lang="en-GB"><head><meta charset="utf-8"><title>{title}</title><style>'
        "body {{ font-family: Arial, sans-serif; font-size: 11pt; margin: 2cm; }}"
        "</style></head><body><h1>{title}</h1><p><em>Demo document: made by the NPS Portal demo "
        "from the strategy's summary.</em></p><p><strong>{summary}</strong></p>{body}{recs}"
        "</body></html>"
    ).format(
        title=escape(strategy.title),
        summary=escape(strategy.summary),
        body=linebreaks(escape(strategy.body.removeprefix(strategy.summary).strip())),
        recs=f"<h2>Key recommendations</h2><ul>{recommendations}</ul>" if recommendations else "",
    )
    return HTML(string=html).write_pdf()


def _attach_demo_document(strategy: CategoryStrategy) -> StrategyDocument:
    pdf = _demo_pdf(strategy)
    return StrategyDocument.objects.create(
        strategy=strategy,
        title=strategy.title,
        file=ContentFile(pdf, name="strategy.pdf"),
        original_name=f"{strategy.slug}.pdf",
        content_type="application/pdf",
        size=len(pdf),
    )


def create_demo_data(stdout=None) -> None:
    """Creates or refreshes the demo strategies and consultations; safe to run again."""
    _the_2017_consultations()
    consultation = _open_consultation()
    _demo_responses(consultation)
    _demo_postal_response(consultation)
    _demo_published_response()
    create_analysis_demo(consultation)
    for strategy in CategoryStrategy.objects.filter(documents__isnull=True):
        _attach_demo_document(strategy)
    if stdout:
        stdout.write(
            "  3 category strategies, 2 consultations closed on 12 May 2017 and 1 open until "
            f"{govuk_deadline(consultation.closes_at)}, with 4 demo responses (one by post), "
            "and a published response on the closed IT consultation"
        )
