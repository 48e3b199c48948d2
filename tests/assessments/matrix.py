"""Every assessments URL and what each role gets from it."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.matrix import OTHER_COUNCIL, OWN_COUNCIL, Row, for_roles, statuses

# URL names anyone may open without signing in.
PUBLIC: set[str] = set()

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
EDITORS = ["officer", "lead"]
MATRIX_FILE = "evidence/permission-matrix-test.pdf"


def _assessment(world, status="draft"):
    """Stockport's assessment in the given status, with an answer, an action and a file."""
    from assessments.models import Evidence, KeyAreaAssignment
    from tests.assessments.factories import ActionFactory, AnswerFactory, AssessmentFactory

    key = f"assessment_{status}"
    if key not in world.objects:
        assessment = AssessmentFactory(council=world.own, status=status)
        statement = assessment.round.framework.themes.first().key_areas.first().statements.first()
        answer = AnswerFactory(assessment=assessment, statement=statement)
        evidence = Evidence(
            answer=answer, original_name="plan.pdf", content_type="application/pdf", size=len(PDF)
        )
        # One fixed file, so that the matrix's many runs leave nothing behind but it.
        if not default_storage.exists(MATRIX_FILE):
            default_storage.save(MATRIX_FILE, ContentFile(PDF))
        evidence.file.name = MATRIX_FILE
        evidence.save()
        # The contributor has this key area: it opens no other page of the assessment to them.
        KeyAreaAssignment.objects.create(
            assessment=assessment,
            key_area=statement.key_area,
            assignee=world.users["contributor"],
            due_on=assessment.round.closes_on,
        )
        world.objects[key] = (assessment, answer, ActionFactory(answer=answer), evidence)
    return world.objects[key]


def draft(world):
    return {"pk": _assessment(world)[0].pk}


def submitted(world):
    return {"pk": _assessment(world, "submitted")[0].pk}


def key_area(world):
    assessment, answer, _, _ = _assessment(world)
    return {"pk": assessment.pk, "key_area": answer.statement.key_area_id}


def evidence(world, status="draft"):
    assessment, _, _, file = _assessment(world, status)
    return {"pk": assessment.pk, "evidence": file.pk}


def action(world):
    assessment, _, thing, _ = _assessment(world)
    return {"pk": assessment.pk, "action": thing.pk}


def start(world):
    from tests.assessments.factories import RoundFactory

    return {"council": world.own.slug, "round": RoundFactory().slug}


def framework(world):
    from tests.assessments.factories_framework import FrameworkFactory

    return {"framework": FrameworkFactory(name="NPS 2030").slug}


def spreadsheet(format):
    return lambda world: framework(world) | {"format": format}


def applied(world):
    return framework(world) | {"upload": "never-uploaded"}


MATRIX_STAFF = for_roles(["lga_staff"], refused=403)

# Editors: 200; the council's councillor: 403; other councils and (for drafts) LGA staff: 404.
EDIT = for_roles(EDITORS) | {"councillor": 403}
READ_DRAFT = for_roles(OWN_COUNCIL)
READ_SUBMITTED = for_roles([*OWN_COUNCIL, "lga_staff"])

# A contributor sees no list of self-assessments, no blank questionnaire, and only the key areas
# given to them: any other page of the assessment is a 404, as another council's is.
NOT_CONTRIBUTOR = {"contributor": 403}

ROWS = [
    Row("assessments:assessment_list", statuses(200) | NOT_CONTRIBUTOR),
    Row("assessments:assessment_start", EDIT, start),
    Row("assessments:assessment_detail", READ_DRAFT, draft),
    Row("assessments:assessment_detail", READ_SUBMITTED, submitted),
    Row("assessments:key_area", EDIT, key_area),
    Row("assessments:key_area", EDIT | {r: 302 for r in EDITORS}, key_area, "post", {"later": "1"}),
    Row("assessments:check_answers", READ_DRAFT, draft),
    Row("assessments:check_answers", READ_SUBMITTED, submitted),
    # Without the declaration the form comes back with an error (200) to editors only.
    Row("assessments:check_answers", EDIT, draft, "post"),
    Row(
        "assessments:sign_off",
        for_roles(["lead"], refused=403) | dict.fromkeys([*OTHER_COUNCIL, "contributor"], 404),
        submitted,
    ),
    Row("assessments:activity", READ_DRAFT, draft),
    Row("assessments:activity", READ_SUBMITTED, submitted),
    Row("assessments:evidence_download", READ_DRAFT, evidence),
    Row("assessments:evidence_download", READ_SUBMITTED, lambda w: evidence(w, "submitted")),
    Row("assessments:evidence_remove", EDIT, evidence),
    Row("assessments:action_change", EDIT, action),
    Row("assessments:action_remove", EDIT, action),
    # The printable questionnaire: blank for everyone signed in, answers as the assessment is seen.
    Row(
        "assessments:questionnaire",
        statuses(200) | NOT_CONTRIBUTOR,
        lambda w: {"round": start(w)["round"]},
    ),
    Row("assessments:questionnaire_answers", READ_DRAFT, draft),
    Row("assessments:questionnaire_answers", READ_SUBMITTED, submitted),
    # The matrix's spreadsheet: LGA staff only, everyone else 403 as on the national picture.
    Row("assessments:matrix", MATRIX_STAFF),
    *[Row("assessments:matrix_download", MATRIX_STAFF, spreadsheet(f)) for f in ("xlsx", "csv")],
    Row("assessments:matrix_upload", MATRIX_STAFF, framework),
    # Without a file: back to the upload form (staff), no file taken (others).
    Row("assessments:matrix_upload", MATRIX_STAFF, framework, "post"),
    Row("assessments:matrix_preview", MATRIX_STAFF | {"lga_staff": 302}, framework),
    Row("assessments:matrix_preview", MATRIX_STAFF | {"lga_staff": 302}, framework, "post"),
    Row("assessments:matrix_applied", MATRIX_STAFF | {"lga_staff": 404}, applied),
]


# Running a round (issue 15): LGA staff only, everyone else 403 as on the national picture.
def a_round(world):
    from assessments.models import Round
    from tests.assessments.factories import RoundFactory

    if "round" not in world.objects:
        # One 2026/27 round, whichever row made it first (the dashboard rows make one too).
        found = Round.objects.filter(name="2026/27").first()
        world.objects["round"] = found or RoundFactory(name="2026/27")
    return {"round": world.objects["round"].slug}


def round_and_council(world):
    return a_round(world) | {"council": world.own.slug}


ROUND_STAFF = for_roles(["lga_staff"], refused=403)
ROWS += [
    Row("assessments:round_list", ROUND_STAFF),
    Row("assessments:round_create", ROUND_STAFF),
    # Without input the form comes back with its errors (200) to staff only.
    Row("assessments:round_create", ROUND_STAFF, method="post"),
    Row("assessments:round_detail", ROUND_STAFF, a_round),
    Row("assessments:round_participation_csv", ROUND_STAFF, a_round),
    Row("assessments:round_participation_xlsx", ROUND_STAFF, a_round),
    Row("assessments:round_chase", ROUND_STAFF, a_round),
    Row("assessments:round_chase", ROUND_STAFF, a_round, "post", {"who": "not_started"}),
    Row("assessments:round_extend", ROUND_STAFF, round_and_council),
    Row("assessments:round_extend", ROUND_STAFF, round_and_council, "post"),
    Row("assessments:round_close", ROUND_STAFF, a_round),
    Row("assessments:round_close", ROUND_STAFF | {"lga_staff": 302}, a_round, "post"),
]


# Key areas handed to colleagues (issue 16): officers and heads assign and review; the person
# given one (here the contributor) opens it and marks it done; everyone else gets a 404.
def _assignment(world):
    from assessments.models import KeyAreaAssignment

    assessment, answer, _, _ = _assessment(world)
    return KeyAreaAssignment.objects.get(assessment=assessment, assignee=world.users["contributor"])


def assignment(world):
    found = _assignment(world)
    return {"pk": found.assessment_id, "assignment": found.pk}


# A councillor sees the assessment but not who was given what: 404, as for anyone else.
ASSIGNEE_OR_EDITORS = for_roles([*EDITORS, "contributor"])
REVIEW = for_roles(EDITORS) | {"contributor": 403}
ROWS += [
    Row("assessments:assign_key_area", EDIT, key_area),
    # Without input the form comes back with its errors (200) to editors only.
    Row("assessments:assign_key_area", EDIT, key_area, "post"),
    Row("assessments:assignment", ASSIGNEE_OR_EDITORS, assignment),
    Row(
        "assessments:assignment_done",
        ASSIGNEE_OR_EDITORS | {"contributor": 302, "officer": 403, "lead": 403},
        assignment,
        "post",
    ),
    Row("assessments:assignment_accept", REVIEW | {r: 302 for r in EDITORS}, assignment, "post"),
    Row("assessments:assignment_changes", REVIEW, assignment),
    # Without a comment the form comes back with its error (200) to editors only.
    Row("assessments:assignment_changes", REVIEW, assignment, "post"),
    Row("assessments:assignment_remove", REVIEW, assignment),
]


# Several views, one agreed level (issue 16): officers, heads and the colleague given the key
# area give their own view; a councillor 403; other councils and LGA staff (a draft) 404.
GIVE_VIEWS = EDIT | {"contributor": 200}
ROWS += [
    Row("assessments:give_views", GIVE_VIEWS, key_area),
    # Without a level the form comes back with its error (200) to those who may give views.
    Row("assessments:give_views", GIVE_VIEWS, key_area, "post"),
]
