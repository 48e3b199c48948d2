"""On PostgreSQL the reads every page makes run as statements prepared once per connection
(npsportal/compiled.py): they must give the same rows, survive a rolled-back transaction and a
new connection, and stay plain SQL where they cannot be used (PgBouncer in transaction mode)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from npsportal.compiled import fetch, numbered_placeholders, with_value
from npsportal.roles import Role
from npsportal.selectors import ANY_USER, memberships_sql, read_memberships
from tests.factories import CouncilFactory, member_of

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Prepared statements are PostgreSQL's; `make test` runs this on its pass.",
)


def test_percent_signs_and_parameters_are_written_as_prepare_takes_them():
    assert numbered_placeholders("a = %s AND b LIKE '%%x' OR c = %s") == (
        "a = $1 AND b LIKE '%x' OR c = $2"
    )


def memberships_fetched(user_id):
    with CaptureQueriesContext(connection) as queries:
        rows = fetch(with_value(memberships_sql(), ANY_USER, user_id))
    return rows, [q["sql"] for q in queries]


@on_postgresql
@pytest.mark.django_db
def test_a_compiled_read_runs_prepared_and_gives_the_same_rows():
    person = member_of(CouncilFactory(), Role.OFFICER)
    with connection.cursor() as cursor:
        cursor.execute(*with_value(memberships_sql(), ANY_USER, person.pk))
        plain = cursor.fetchall()

    rows, sql = memberships_fetched(person.pk)

    assert rows == plain
    assert len(rows) == 1
    assert len(sql) == 1
    assert sql[0].startswith("EXECUTE nps_")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_prepared_read_outlives_a_rolled_back_transaction_and_a_new_connection():
    person = member_of(CouncilFactory(), Role.LEAD)

    def read_then_fail():
        with transaction.atomic():
            assert len(read_memberships(person.pk)) == 1
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        read_then_fail()
    assert len(read_memberships(person.pk)) == 1

    connection.close()

    assert [m.role for m in read_memberships(person.pk)] == [Role.LEAD]


@on_postgresql
@pytest.mark.django_db
def test_behind_pgbouncer_the_reads_stay_plain_sql(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    person = member_of(CouncilFactory(), Role.OFFICER)

    rows, sql = memberships_fetched(person.pk)

    assert len(rows) == 1
    assert not sql[0].startswith("EXECUTE")
