"""Identical and near-identical answers are grouped in the background, labelled and counted three
ways, never hidden; on SQLite and on PostgreSQL (`make test` runs both) with one threshold."""

import json
import random
import string

import pytest
from django.db import connection
from django.urls import reverse

from strategies.analysis import grouping
from strategies.models import DuplicateGroup, GroupingRun, ResponseAnswer
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)
from tests.strategies.grouping_reference import postgres_neighbours, reference_groups

pytestmark = pytest.mark.django_db

TEMPLATE = (
    "We oppose the plan to centralise construction buying. Local firms lose work, apprentices "
    "lose places and councils lose control of social value. Keep buying local."
)
# The template with a word changed and one added: well above the threshold.
EDITED = TEMPLATE.replace("Keep buying local.", "Please keep buying local, always.")
# The same topic in other words: well below it.
OTHER = "Centralised buying could save money, but only if local firms still win some work."


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


@pytest.fixture
def question():
    return QuestionFactory(consultation=ConsultationFactory(), text="What do you think?")


def answer(question, text, email=None):
    fields = {"email": email} if email else {}
    response = ConsultationResponseFactory(consultation=question.consultation, **fields)
    return ResponseAnswerFactory(response=response, question=question, text=text)


def group_now(staff, question):
    """Starts a grouping from the staff page; tests run the task at once."""
    response = staff.post(
        reverse("strategies:analysis_grouping", args=[question.consultation.slug])
    )
    assert response.status_code == 302
    return GroupingRun.objects.get()


# pg_trgm's measure, reproduced for SQLite


def test_trigrams_are_pg_trgms_each_word_padded_two_spaces_before_and_one_after():
    assert grouping.trigrams("Cat!") == {"  c", " ca", "cat", "at "}


def test_similarity_matches_pg_trgms_documented_example():
    # PostgreSQL's documentation: similarity('word', 'two words') is 0.363636 (4 of 11).
    value = grouping.similarity(grouping.trigrams("word"), grouping.trigrams("two words"))
    assert value == pytest.approx(4 / 11)


def test_the_template_and_its_edit_are_above_the_threshold_and_the_other_text_below():
    template, edited, other = (grouping.trigrams(t) for t in (TEMPLATE, EDITED, OTHER))
    assert grouping.similarity(template, edited) >= grouping.THRESHOLD
    assert grouping.similarity(template, other) < grouping.THRESHOLD


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Compares with pg_trgm itself.")
def test_python_similarity_equals_pg_trgms_on_postgresql():
    with connection.cursor() as cursor:
        for a, b in [(TEMPLATE, EDITED), (TEMPLATE, OTHER), ("word", "two words")]:
            cursor.execute("SELECT similarity(%s, %s)", [a, b])
            expected = cursor.fetchone()[0]
            found = grouping.similarity(grouping.trigrams(a), grouping.trigrams(b))
            assert found == pytest.approx(expected, abs=1e-6)


# Grouping through the staff page and the task


def test_identical_answers_group_whatever_their_case_spaces_and_punctuation(staff, question):
    texts = ["Keep buying local.", "keep   BUYING local", "Keep buying, local!"]
    members = [answer(question, t) for t in texts]
    lone = answer(question, "Something else entirely, about training.")
    run = group_now(staff, question)
    group = DuplicateGroup.objects.get(run=run)
    assert set(group.answers.all()) == set(members)
    assert (group.submissions, group.distinct_texts) == (3, 1)
    lone.refresh_from_db()
    assert lone.duplicate_group is None


def test_near_identical_answers_group_and_a_merely_similar_one_does_not(staff, question):
    campaign = [answer(question, TEMPLATE) for _ in range(3)] + [answer(question, EDITED)]
    other = answer(question, OTHER)
    run = group_now(staff, question)
    group = DuplicateGroup.objects.get(run=run)
    assert set(group.answers.all()) == set(campaign)
    assert (group.submissions, group.distinct_texts) == (4, 2)
    assert ResponseAnswer.objects.get(pk=other.pk).duplicate_group is None


def test_distinct_respondents_count_an_email_once_in_any_case(staff, question):
    answer(question, TEMPLATE, email="pat@example.org")
    answer(question, TEMPLATE, email="PAT@Example.org")
    answer(question, EDITED, email="sam@example.org")
    group_now(staff, question)
    group = DuplicateGroup.objects.get()
    assert (group.submissions, group.distinct_texts, group.distinct_respondents) == (3, 2, 2)


def test_the_run_records_its_method_threshold_and_finished_progress(staff, question):
    for _ in range(3):
        answer(question, TEMPLATE)
    answer(question, "")  # skipped questions are not compared
    run = group_now(staff, question)
    assert run.state == GroupingRun.State.DONE
    assert (run.total, run.done) == (3, 3)
    assert run.threshold == grouping.THRESHOLD
    expected = "PostgreSQL" if connection.vendor == "postgresql" else "computed in Python"
    assert expected in run.method
    assert run.finished_at is not None


def test_progress_is_counted_as_each_group_is_done(question):
    seen = []
    answers = [grouping.Answer(n, t, "a@b.c") for n, t in enumerate([TEMPLATE] * 3 + [OTHER])]
    grouping.group_answers(answers, threshold=grouping.THRESHOLD, progress=seen.append)
    assert seen == [3, 1]


def test_the_grouping_page_shows_the_three_counts_with_the_method_and_threshold(staff, question):
    for email in ["a@example.org", "A@example.org", "b@example.org"]:
        answer(question, TEMPLATE, email=email)
    answer(question, OTHER)
    group_now(staff, question)
    page = staff.get(reverse("strategies:analysis_grouping", args=[question.consultation.slug]))
    text = page.content.decode()
    assert "at least 70% of the three-letter sequences" in text
    assert "Method: Trigram similarity" in text
    question_row = text.split("Every answer, per question</caption>")[1].split("</tr>")[1]
    assert _numbers(question_row) == [4, 2, 3]  # submissions, distinct texts, respondents
    group_row = text.split("near-identical answers</caption>")[1].split("</tr>")[1]
    assert "Group of 3" in group_row
    assert _numbers(group_row) == [3, 1, 2]


def _numbers(row_html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"numeric\">(\d+)<", row_html)]


def test_staff_name_a_group_and_mark_it_a_campaign_and_every_answer_still_counts(staff, question):
    for _ in range(2):
        answer(question, TEMPLATE)
    group_now(staff, question)
    group = DuplicateGroup.objects.get()
    slug = question.consultation.slug
    staff.post(
        reverse("strategies:analysis_group", args=[slug, group.pk]),
        {"label": "Keep it local campaign", "is_campaign": "on"},
    )
    group.refresh_from_db()
    assert (group.label, group.is_campaign) == ("Keep it local campaign", True)
    page = staff.get(reverse("strategies:analysis_question", args=[slug, question.pk]))
    assert page.content.decode().count("Keep it local campaign</a> (a campaign)") == 2


def test_a_group_of_another_consultation_is_not_found(staff, question):
    for _ in range(2):
        answer(question, TEMPLATE)
    group_now(staff, question)
    group = DuplicateGroup.objects.get()
    elsewhere = ConsultationFactory().slug
    url = reverse("strategies:analysis_group", args=[elsewhere, group.pk])
    assert staff.get(url).status_code == 404


def test_grouping_again_moves_answers_to_the_new_groups_and_keeps_the_earlier_counts(
    staff, question
):
    for _ in range(2):
        answer(question, TEMPLATE)
    first = group_now(staff, question)
    answer(question, EDITED)
    staff.post(reverse("strategies:analysis_grouping", args=[question.consultation.slug]))
    second = GroupingRun.objects.exclude(pk=first.pk).get()
    assert first.groups.get().submissions == 2
    assert second.groups.get().submissions == 3
    assert set(ResponseAnswer.objects.values_list("duplicate_group__run", flat=True)) == {second.pk}


def test_a_second_start_while_one_runs_is_refused_with_a_message(staff, question, world):
    GroupingRun.objects.create(
        consultation=question.consultation, method="m", threshold=0.7, state="running", total=5
    )
    response = staff.post(
        reverse("strategies:analysis_grouping", args=[question.consultation.slug]), follow=True
    )
    assert "being grouped already" in response.content.decode()
    assert GroupingRun.objects.count() == 1


def test_the_progress_of_a_running_grouping_is_shown_with_a_refresh_link_and_as_json(
    staff, question
):
    run = GroupingRun.objects.create(
        consultation=question.consultation,
        method="m",
        threshold=0.7,
        state="running",
        total=200,
        done=50,
    )
    slug = question.consultation.slug
    page = staff.get(reverse("strategies:analysis_grouping", args=[slug])).content.decode()
    assert "50 of 200 answers compared" in page
    assert 'data-module="app-report-build"' in page
    assert ">Refresh</a>" in page
    progress = staff.get(reverse("strategies:analysis_grouping_progress", args=[slug, run.pk]))
    assert json.loads(progress.content) == {
        "total": 200,
        "counted": 50,
        "finished": False,
        "words": "50 of 200 answers compared",
    }


def test_many_answers_are_grouped_without_comparing_every_pair(question):
    """Prefix filtering compares a text only with texts sharing one of its rarest trigrams."""
    draw = random.Random(18)
    words = ["".join(draw.choices(string.ascii_lowercase, k=7)) for _ in range(3000)]
    texts = [" ".join(draw.choices(words, k=12)) for _ in range(600)]
    answers = [grouping.Answer(n, t, f"{n}@x.org") for n, t in enumerate(texts + [TEMPLATE] * 5)]
    compared = []
    real = grouping.similarity

    def counting(a, b):
        compared.append(1)
        return real(a, b)

    grouping.similarity = counting
    try:
        groups = grouping.group_answers(answers, threshold=grouping.THRESHOLD)
    finally:
        grouping.similarity = real
    assert len(groups[0].answer_ids) == 5
    assert len(compared) < 601 * 600 / 2 / 5  # far fewer than every pair


# The faster grouping finds exactly the groups the first version found


def near_duplicates(seed=18, templates=4, variants=40, others=60) -> list[str]:
    """Templates each copied with 0–6 words changed, added or dropped, and unrelated texts."""
    draw = random.Random(seed)
    words = [
        "".join(draw.choices("abcdefghiklmnoprstuw", k=draw.randint(3, 8))) for _ in range(400)
    ]
    texts = []
    for _ in range(templates):
        base = draw.choices(words, k=draw.randint(10, 30))
        for _ in range(variants):
            copy = list(base)
            for _ in range(draw.randint(0, 6)):
                at = draw.randrange(len(copy))
                action = draw.choice(["change", "add", "drop"])
                if action == "change":
                    copy[at] = draw.choice(words)
                elif action == "add":
                    copy.insert(at, draw.choice(words))
                elif len(copy) > 3:
                    del copy[at]
            text = " ".join(copy)
            texts.append(text.upper() + "!" if draw.random() < 0.1 else text.capitalize() + ".")
    texts += [" ".join(draw.choices(words, k=draw.randint(4, 25))) for _ in range(others)]
    draw.shuffle(texts)
    return texts


def found(groups) -> set:
    return {(frozenset(g.texts), frozenset(g.answer_ids)) for g in groups}


def test_the_groups_are_the_first_versions_on_a_sample_of_near_duplicates():
    answers = [grouping.Answer(n, t, f"{n}@x.org") for n, t in enumerate(near_duplicates())]
    expected = set(reference_groups(answers, threshold=grouping.THRESHOLD))
    assert len(expected) >= 4  # the sample has groups to find, of edited texts
    assert sum(len(texts) > 1 for texts, _ids in expected) >= 4
    for threshold in (0.5, grouping.THRESHOLD, 0.9):
        new = grouping.group_answers(answers, threshold=threshold)
        assert found(new) == set(reference_groups(answers, threshold=threshold))


def test_the_grouping_task_stores_the_first_versions_groups_on_this_database(staff, question):
    for text in near_duplicates(seed=7, templates=3, variants=25, others=30):
        answer(question, text)
    rows = ResponseAnswer.objects.filter(question=question).values_list("pk", "text")
    answers = [grouping.Answer(pk, text, "") for pk, text in rows]
    neighbours = None
    if connection.vendor == "postgresql":
        neighbours = postgres_neighbours(question.pk, grouping.THRESHOLD)
    expected = reference_groups(answers, threshold=grouping.THRESHOLD, neighbours=neighbours)
    run = group_now(staff, question)
    stored = {
        frozenset(g.answers.values_list("pk", flat=True)): g.distinct_texts
        for g in run.groups.all()
    }
    assert stored == {ids: len(texts) for texts, ids in expected}
    assert len(stored) >= 3
