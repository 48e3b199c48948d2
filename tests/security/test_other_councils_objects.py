"""Ids swapped into every URL that names an object: a council never reaches another's data.

Every URL with an object in its path is either listed in CASES (Trafford's object, or Stockport's
assessment with Trafford's file or action in it, must be a 404 to Stockport's members with none of
Trafford's words in the page) or in NOT_COUNCIL_DATA with the reason it holds no council's data.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Action, Answer, Assessment, Evidence, KeyAreaAssignment
from tests.security.objects import council_work

MARKER = "TRAFFORDONLY"
STOCKPORT = ["officer", "lead", "councillor"]
# Stockport's contributor reaches none of Trafford's objects either.
TRIED = [*STOCKPORT, "contributor"]


def object_urls(patterns=None, namespace="", outer=None):
    """{name: {argument: converter}} for every URL outside the Django admin with arguments."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        converters = (outer or {}) | {
            arg: type(c).__name__.removesuffix("Converter").lower()
            for arg, c in pattern.pattern.converters.items()
        }
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= object_urls(pattern.url_patterns, ns, converters)
        elif isinstance(pattern, URLPattern) and pattern.name and converters:
            found[f"{namespace}{pattern.name}"] = converters
    return found


# (url name, method, kwargs from (Stockport's work, Trafford's work), POST data)
CASES = [
    ("assessments:assessment_start", "get", lambda o, t: {"council": "trafford", "round": "r"}),
    ("assessments:assessment_start", "post", lambda o, t: {"council": "trafford", "round": "r"}),
    ("assessments:assessment_detail", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:key_area", "get", lambda o, t: t.kwargs("pk", "key_area")),
    ("assessments:key_area", "post", lambda o, t: t.kwargs("pk", "key_area")),
    ("assessments:check_answers", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:check_answers", "post", lambda o, t: t.kwargs("pk")),
    ("assessments:sign_off", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:sign_off", "post", lambda o, t: t.kwargs("pk")),
    ("assessments:activity", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:assessment_report", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:evidence_download", "get", lambda o, t: t.kwargs("pk", "evidence")),
    ("assessments:evidence_download", "get", lambda o, t: o.kwargs("pk") | t.kwargs("evidence")),
    ("assessments:evidence_remove", "get", lambda o, t: o.kwargs("pk") | t.kwargs("evidence")),
    ("assessments:evidence_remove", "post", lambda o, t: t.kwargs("pk", "evidence")),
    ("assessments:evidence_remove", "post", lambda o, t: o.kwargs("pk") | t.kwargs("evidence")),
    ("assessments:action_change", "get", lambda o, t: t.kwargs("pk", "action")),
    ("assessments:action_change", "get", lambda o, t: o.kwargs("pk") | t.kwargs("action")),
    ("assessments:action_change", "post", lambda o, t: o.kwargs("pk") | t.kwargs("action")),
    ("assessments:action_remove", "get", lambda o, t: o.kwargs("pk") | t.kwargs("action")),
    ("assessments:action_remove", "post", lambda o, t: t.kwargs("pk", "action")),
    ("assessments:action_remove", "post", lambda o, t: o.kwargs("pk") | t.kwargs("action")),
    ("assessments:questionnaire_answers", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:give_views", "get", lambda o, t: t.kwargs("pk", "key_area")),
    ("assessments:give_views", "post", lambda o, t: t.kwargs("pk", "key_area")),
]


def assignment_of(work) -> dict:
    """The URL kwargs of a key area of the council's assessment given to one of its officers."""
    from assessments.models import KeyAreaAssignment
    from tests.factories import member_of

    found = KeyAreaAssignment.objects.filter(assessment=work.assessment).first()
    if found is None:
        found = KeyAreaAssignment.objects.create(
            assessment=work.assessment,
            key_area=work.key_area,
            assignee=member_of(work.assessment.council),
            due_on=work.assessment.round.closes_on,
        )
    return {"pk": work.assessment.pk, "assignment": found.pk}


def swapped_assignment(own, other) -> dict:
    """Stockport's assessment with Trafford's assignment id under it."""
    return own.kwargs("pk") | {"assignment": assignment_of(other)["assignment"]}


# Key areas handed to colleagues (issue 16).
CASES += [
    ("assessments:assign_key_area", "get", lambda o, t: t.kwargs("pk", "key_area")),
    ("assessments:assign_key_area", "post", lambda o, t: t.kwargs("pk", "key_area")),
    *[
        (name, method, kwargs)
        for name, method in [
            ("assessments:assignment", "get"),
            ("assessments:assignment_done", "post"),
            ("assessments:assignment_accept", "post"),
            ("assessments:assignment_changes", "get"),
            ("assessments:assignment_changes", "post"),
            ("assessments:assignment_remove", "get"),
            ("assessments:assignment_remove", "post"),
        ]
        for kwargs in (lambda o, t: assignment_of(t), swapped_assignment)
    ],
]


def mapped_framework(work) -> dict:
    """The assessment's pk and a framework its own is mapped to (made on first use)."""
    from assessments.models import Framework, Mapping, MappingLink
    from tests.assessments.factories_framework import StatementFactory

    own = work.assessment.round.framework
    other = Framework.objects.filter(slug="mapped-elsewhere").first()
    if other is None:
        other_statement = StatementFactory(
            key_area__theme__framework__name="Mapped elsewhere",
            key_area__theme__framework__slug="mapped-elsewhere",
            key_area__theme__framework__family=Framework.Family.CCIAF,
        )
        other = other_statement.key_area.theme.framework
        mapping = Mapping.objects.create(source=own, target=other)
        MappingLink.objects.create(
            mapping=mapping, source=work.answer.statement, target=other_statement, relation="same"
        )
    return {"pk": work.assessment.pk, "framework": other.slug}


def priority_of(work) -> dict:
    """The assessment's pk and a priority of the National Procurement Policy Statement."""
    from assessments.models import Framework
    from tests.assessments.factories_framework import KeyAreaFactory

    npps = Framework.objects.filter(family=Framework.Family.NPPS).first()
    key_area = (
        npps.themes.first().key_areas.first()
        if npps
        else KeyAreaFactory(
            theme__framework__name="NPPS 2025",
            theme__framework__slug="npps-2025",
            theme__framework__family=Framework.Family.NPPS,
        )
    )
    return {"pk": work.assessment.pk, "priority": key_area.pk}


# Seen against other frameworks, and the NPPS record (issue 17).
CASES += [
    ("assessments:projection_choose", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:projection", "get", lambda o, t: mapped_framework(t)),
    (
        "assessments:projection_download",
        "get",
        lambda o, t: mapped_framework(t) | {"format": "xlsx"},
    ),
    ("assessments:regard_list", "get", lambda o, t: t.kwargs("pk")),
    ("assessments:regard_record", "get", lambda o, t: priority_of(t)),
    ("assessments:regard_record", "post", lambda o, t: priority_of(t)),
]

# Data that every POST above would need to change something, had the ids been Stockport's.
POST_DATA = {
    "assessments:sign_off": {"decision": "return", "comment": "Redo it"},
    "assessments:check_answers": {"declaration": "on"},
    "assessments:action_change": {
        "what": "Changed",
        "owner": "Someone",
        "due_on_0": "1",
        "due_on_1": "1",
        "due_on_2": "2099",
        "status": "done",
    },
    "assessments:key_area": {"later": "1"},
    "assessments:regard_record": {"how_considered": "Changed", "departure": ""},
    "assessments:assignment_changes": {"comment": "Redo it"},
}

# URLs whose objects belong to no council: public pages, LGA staff pages (a council member gets
# 403 there, as tests/test_permission_matrix.py proves) and the pieces of a response in progress,
# which live in the respondent's own session. Ids swapped between their parents are in
# test_ids_of_one_parent_do_not_open_under_another below.
NOT_COUNCIL_DATA = {
    "password_reset_confirm": "a signed token, not an object id",
    "casestudies:reply_moderate": "LGA staff only",
    "casestudies:case_study_preview": "LGA staff only",
    "casestudies:case_study_revisions": "LGA staff only",
    "casestudies:case_study_change_status": "LGA staff only",
    "casestudies:case_study_detail": "public; drafts 404 (matrix)",
    "casestudies:case_study_document": "public; swapped parent below",
    "casestudies:reply_create": "public case study; drafts 404 (matrix)",
    "strategies:strategy_detail": "public; drafts 404 (matrix)",
    "strategies:document_download": "public; swapped parent below",
    "strategies:consultation_detail": "public; drafts 404 (matrix)",
    "strategies:respond_about": "the respondent's own session",
    "strategies:respond_question": "the respondent's own session",
    "strategies:respond_publication": "the respondent's own session",
    "strategies:respond_check": "the respondent's own session",
    "strategies:respond_confirmation": "the reference is read from the sender's session",
    "strategies:response_list": "LGA staff only",
    "strategies:response_detail": "LGA staff only; swapped parent below",
    "strategies:response_maturity": "LGA staff only",
    "strategies:export_csv": "LGA staff only",
    "strategies:export_xlsx": "LGA staff only",
    "strategies:outcome": "LGA staff only",
    "assessments:questionnaire": "the round's blank questionnaire: no council's answers",
    "assessments:matrix_download": "LGA staff only",
    "assessments:matrix_upload": "LGA staff only",
    "assessments:matrix_preview": "LGA staff only",
    "assessments:matrix_applied": "LGA staff only",
    "assessments:round_detail": "LGA staff only",
    "assessments:round_participation_csv": "LGA staff only",
    "assessments:round_participation_xlsx": "LGA staff only",
    "assessments:round_chase": "LGA staff only",
    "assessments:round_extend": "LGA staff only",
    "assessments:round_close": "LGA staff only",
    "assessments:round_reports": "LGA staff only",
    "assessments:report_build_progress": "LGA staff only",
    "assessments:report_build_archive": "LGA staff only",
    "teams:invite_head": "LGA staff only",
    "teams:lga_member_remove": "LGA staff only",
    "teams:accept": "a secret link, not an object id (tests/security/test_invitation_attacks.py)",
    "teams:team": "tests/security/test_other_councils_teams.py",
    "teams:invite": "tests/security/test_other_councils_teams.py",
    "teams:member_role": "tests/security/test_other_councils_teams.py",
    "teams:member_remove": "tests/security/test_other_councils_teams.py",
    "teams:invitation_resend": "tests/security/test_other_councils_teams.py",
    "teams:invitation_revoke": "tests/security/test_other_councils_teams.py",
    # Issue 17: mappings between frameworks hold no council's data.
    "assessments:mapping_download": "LGA staff only",
    "assessments:mapping_applied": "LGA staff only",
    # Issue 18: consultation analysis and responses after sending.
    **dict.fromkeys(
        [
            "strategies:analysis",
            "strategies:analysis_codebook",
            "strategies:analysis_counts",
            "strategies:analysis_group",
            "strategies:analysis_grouping",
            "strategies:analysis_grouping_progress",
            "strategies:analysis_question",
            "strategies:analysis_theme",
            "strategies:analysis_theme_move",
            "strategies:analysis_theme_remove",
            "strategies:summary",
            "strategies:summary_pdf",
            "strategies:summary_xlsx",
            "strategies:outcome_from_summary",
            "strategies:response_enter",
            "strategies:response_publish",
            "strategies:response_unpublish",
        ],
        "LGA staff only",
    ),
    "strategies:respond_change": "the sender's own response: another's is a 404 "
    "(tests/strategies/test_change_response.py)",
    "strategies:respond_change_link": "a signed link, not an object id "
    "(tests/security/test_change_links.py)",
    # Issue 19: open data is public and anonymised; the API answers to tokens, not sessions.
    "assessments:open_data_csv": "public, anonymised open data",
    "assessments:open_data_metadata": "public, anonymised open data",
    "assessments:open_data_publish": "LGA staff only",
    "assessments:open_data_withdraw": "LGA staff only",
    "tokens:revoke": "the person's own token: another's is a 404 "
    "(tests/npsportal/test_api_tokens.py)",
    "assessments_api:framework_detail": "public",
    "assessments_api:mapping_detail": "public",
    "casestudies_api:case_study_detail": "public; drafts 404",
    "strategies_api:strategy_detail": "public; drafts 404",
    "strategies_api:consultation_detail": "public; drafts 404",
    **dict.fromkeys(
        [
            "assessments_api:assessment_detail",
            "assessments_api:assessment_actions",
            "assessments_api:assessment_progress",
        ],
        "with another council's token a 404 (tests/assessments/test_api.py)",
    ),
}


def test_every_url_naming_an_object_is_checked_with_another_councils_ids():
    covered = {name for name, _, _ in CASES} | set(NOT_COUNCIL_DATA)
    missing = sorted(set(object_urls()) - covered)
    assert not missing, f"Add a case (or a reason) to tests/security for: {missing}"


@pytest.fixture
def work(world):
    """Stockport's and Trafford's self-assessments in the same round."""
    own = council_work(world.own, "STOCKPORT")
    other = council_work(world.other, MARKER, round=own.assessment.round)
    return own, other


def snapshot(other):
    """What Trafford has, to prove a refused POST changed nothing."""
    return (
        list(Assessment.objects.filter(pk=other.assessment.pk).values("status", "return_comment")),
        list(Answer.objects.filter(assessment=other.assessment).values()),
        list(Action.objects.filter(pk=other.action.pk).values()),
        Evidence.objects.filter(pk=other.evidence.pk).exists(),
        list(KeyAreaAssignment.objects.filter(assessment=other.assessment).values()),
    )


@pytest.mark.parametrize(
    ("name", "method", "kwargs"), CASES, ids=[f"{n}-{m}-{i}" for i, (n, m, _) in enumerate(CASES)]
)
def test_stockports_members_get_404_for_trafford_objects(
    work, world, client_as, name, method, kwargs
):
    own, other = work
    args = kwargs(own, other)
    url = reverse(name, kwargs=args)
    before = snapshot(other)
    for role in TRIED:
        response = getattr(client_as(world.users[role]), method)(url, POST_DATA.get(name, {}))
        # A councillor may not edit even their own council's assessment: refused before lookup.
        own_pk = args.get("pk") == own.assessment.pk
        refused = {404, 403} if role == "councillor" and own_pk else {404}
        assert response.status_code in refused, f"{role} {method.upper()} {url}"
        assert MARKER.encode() not in response.content
        assert snapshot(other) == before


@pytest.mark.parametrize("role", STOCKPORT)
def test_another_councils_dashboard_is_a_404(world, client_as, work, role):
    response = client_as(world.users[role]).get(
        reverse("assessments:dashboard"), {"council": "trafford"}
    )
    assert response.status_code == 404
    assert MARKER.encode() not in response.content


def test_the_same_urls_with_stockports_own_ids_work(world, client_as, work):
    # The control: the 404s above come from the ids, not from a broken URL.
    own, _ = work
    client = client_as(world.users["lead"])
    for name, method, kwargs in CASES:
        if method == "get" and "trafford" not in str(kwargs(own, own)):
            url = reverse(name, kwargs=kwargs(own, own))
            assert client.get(url).status_code in (200, 302), url


def test_ids_of_one_parent_do_not_open_under_another(world, client_as):
    """A document or response id put under another case study, strategy or consultation."""
    from django.core.files.base import ContentFile

    from casestudies.models import CaseStudyDocument
    from strategies.models import StrategyDocument
    from tests.casestudies.factories import CaseStudyFactory
    from tests.strategies import factories as s

    public, draft = CaseStudyFactory(), CaseStudyFactory(status="draft")
    hidden = CaseStudyDocument(case_study=draft, title="Hidden", content_type="application/pdf")
    hidden.file.save("hidden.pdf", ContentFile(b"%PDF-1.4 " + MARKER.encode()), save=False)
    hidden.size = hidden.file.size
    hidden.save()
    strategy, draft_strategy = (
        s.CategoryStrategyFactory(),
        s.CategoryStrategyFactory(status="draft"),
    )
    document = StrategyDocument(
        strategy=draft_strategy, title="Hidden", content_type="text/plain", size=len(MARKER)
    )
    document.file.save("hidden.pdf", ContentFile(MARKER.encode()), save=False)
    document.save()
    one, two = s.ConsultationFactory(), s.ConsultationFactory()
    response = s.ConsultationResponseFactory(consultation=two, name=MARKER)
    cases = [
        ("officer", "casestudies:case_study_document", [public.slug, hidden.pk]),
        ("anonymous", "casestudies:case_study_document", [public.slug, hidden.pk]),
        ("officer", "strategies:document_download", [strategy.slug, document.pk]),
        ("anonymous", "strategies:document_download", [strategy.slug, document.pk]),
        ("lga_staff", "strategies:response_detail", [one.slug, response.reference]),
    ]
    for role, name, args in cases:
        answer = client_as(world.users[role]).get(reverse(name, args=args))
        assert answer.status_code == 404, (role, name)
        body = b"".join(answer.streaming_content) if answer.streaming else answer.content
        assert MARKER.encode() not in body


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_ids_too_big_for_the_database_are_a_404(world, client_as, huge):
    """Every object URL with an out-of-range number where an id goes: not found, never a 500."""
    from npsportal.tokens.services import create_token

    client = client_as(world.users["lga_staff"])
    _token, key = create_token(user=world.users["lga_staff"], name="Huge ids", days=1)
    for name, converters in object_urls().items():
        if "int" not in converters.values():
            continue
        kwargs = {arg: huge if kind == "int" else "x" for arg, kind in converters.items()}
        # The API reads a bearer token, never the session.
        headers = {"authorization": f"Bearer {key}"} if "_api:" in name else {}
        for method in ("get", "post"):
            response = getattr(client, method)(reverse(name, kwargs=kwargs), headers=headers)
            assert response.status_code in (404, 403, 405), f"{method} {name}"
