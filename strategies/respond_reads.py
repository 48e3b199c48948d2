"""What every page of the response journey reads, in SQL compiled once per process.

A response is a dozen pages, each reading the consultation's questions; Django took longer to
build and compile that query than the database took to answer it (npsportal.compiled).
"""

import functools

from npsportal.compiled import columns_of, fetch, instance, with_value
from strategies.models import Question

ANY_CONSULTATION = -1


@functools.cache
def questions_sql() -> tuple[str, tuple]:
    """The SQL of `questions_of`, compiled once."""
    columns = [field.attname for field, _ in columns_of(Question)]
    found = Question.objects.filter(consultation_id=ANY_CONSULTATION).values_list(*columns)
    return found.query.sql_with_params()


def questions_of(consultation) -> list[Question]:
    """The consultation's questions in order, as `consultation.questions.all()` reads them."""
    rows = fetch(with_value(questions_sql(), ANY_CONSULTATION, consultation.pk))
    return [instance(Question, row) for row in rows]
