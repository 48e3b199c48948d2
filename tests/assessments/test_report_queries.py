"""The PDF report's first download reads its figures in a set number of queries, however many
statements it shows."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Statement
from tests.assessments.factories_dashboard import rated, rounds


def queries_of_first_download(client, assessment) -> int:
    for cache in caches.all():
        cache.clear()
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_statements_named_by_their_key_area_cost_no_query_each(world, client_as):
    # NPS 2022's statements have no text of their own: each is headed by its key area's name,
    # which comes with the answers rather than one query per statement.
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3, target=4)
    client = client_as(world.users["councillor"])
    with_text = queries_of_first_download(client, assessment)
    Statement.objects.filter(key_area__theme__framework=this.framework).update(text="")
    assert queries_of_first_download(client, assessment) == with_text
