"""The analysis pages of a consultation: LGA staff only; others are refused as on the staff
response pages (403 signed in, the sign-in page for anonymous people)."""

from tests.matrix import Row, for_roles

PUBLIC: set[str] = set()
STAFF_ONLY = for_roles(["lga_staff"], refused=403) | {"anonymous": 302}
POSTED = for_roles(["lga_staff"], ok=302, refused=403) | {"anonymous": 302}


def _objects(world):
    from strategies.models import AnalysisTheme, DuplicateGroup, GroupingRun
    from tests.strategies.factories import (
        ConsultationFactory,
        QuestionFactory,
        ResponseAnswerFactory,
    )

    if "analysis" not in world.objects:
        consultation = ConsultationFactory()
        question = QuestionFactory(consultation=consultation)
        answer = ResponseAnswerFactory(question=question, response__consultation=consultation)
        run = GroupingRun.objects.create(
            consultation=consultation, method="m", threshold=0.7, state="done"
        )
        world.objects["analysis"] = {
            "consultation": consultation,
            "question": question,
            "answer": answer,
            "theme": AnalysisTheme.objects.create(consultation=consultation, name="Cost"),
            "run": run,
            "group": DuplicateGroup.objects.create(run=run, question=question, submissions=2),
        }
    return world.objects["analysis"]


def _slug(world):
    return {"slug": _objects(world)["consultation"].slug}


def _with(name):
    return lambda world: _slug(world) | {"pk": _objects(world)[name].pk}


ROWS = [
    Row("strategies:analysis", STAFF_ONLY, _slug),
    Row("strategies:analysis_codebook", STAFF_ONLY, _slug),
    Row("strategies:analysis_codebook", POSTED, _slug, "post", {"name": "Skills"}),
    Row("strategies:analysis_theme", STAFF_ONLY, _with("theme")),
    Row("strategies:analysis_theme_move", POSTED, _with("theme"), "post", {"direction": "up"}),
    Row("strategies:analysis_theme_remove", STAFF_ONLY, _with("theme")),
    Row("strategies:analysis_question", STAFF_ONLY, _with("question")),
    Row("strategies:analysis_counts", STAFF_ONLY, _slug),
    Row("strategies:analysis_grouping", STAFF_ONLY, _slug),
    Row("strategies:analysis_grouping_progress", STAFF_ONLY, _with("run")),
    Row("strategies:analysis_group", STAFF_ONLY, _with("group")),
]
