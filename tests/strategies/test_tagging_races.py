"""Two analysts tag the same answer at the same moment: neither loses the other's tags."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection, connections

from strategies.analysis import services
from strategies.models import AnalysisTheme, ThemeTag
from tests.factories import lga_staff
from tests.strategies.factories import QuestionFactory, ResponseAnswerFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Simultaneous writers need PostgreSQL; `make test` runs this on its pass.",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_two_analysts_ticking_different_themes_at_once_keep_both():
    question = QuestionFactory()
    answer = ResponseAnswerFactory(question=question, response__consultation=question.consultation)
    themes = [
        AnalysisTheme.objects.create(consultation=question.consultation, name=name)
        for name in ("Cost", "Skills")
    ]
    analysts = [lga_staff(email=f"analyst{n}@lga.test") for n in range(2)]
    barrier = Barrier(2)

    def tag(n):
        barrier.wait()
        try:
            services.change_tags(answer=answer, add={themes[n].pk}, remove=set(), user=analysts[n])
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(tag, range(2)))
    assert set(answer.themes.values_list("name", flat=True)) == {"Cost", "Skills"}


def test_two_analysts_ticking_the_same_theme_at_once_make_one_tag_and_no_error():
    question = QuestionFactory()
    answer = ResponseAnswerFactory(question=question, response__consultation=question.consultation)
    cost = AnalysisTheme.objects.create(consultation=question.consultation, name="Cost")
    barrier = Barrier(2)

    def tag(_):
        barrier.wait()
        try:
            services.change_tags(answer=answer, add={cost.pk}, remove=set(), user=None)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(tag, range(2)))
    assert ThemeTag.objects.filter(answer=answer).count() == 1
