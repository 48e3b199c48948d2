"""The library's public pages are rendered once and shared, and every change shows at once."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from casestudies import services
from casestudies.models import CaseStudy, Reply
from tests.casestudies.factories import CaseStudyFactory, ReplyFactory
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db

LIST = reverse("casestudies:case_study_list")


def page(client, url=LIST, **query) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    assert "{#" not in response.content.decode()  # template comments stay comments
    return response.content.decode()


def test_a_second_anonymous_view_of_the_list_costs_one_query(client, django_assert_num_queries):
    CaseStudyFactory.create_batch(3, tags={"working-with-partners": 3})
    page(client)
    with django_assert_num_queries(1):  # the library's fingerprint
        page(client)


def test_a_second_anonymous_view_of_a_case_study_costs_three_queries(
    client, django_assert_num_queries
):
    case_study = CaseStudyFactory(tags={"working-with-partners": 3})
    CaseStudyFactory(tags={"working-with-partners": 2})
    page(client, case_study.get_absolute_url())
    # The case study, the library's fingerprint, and the replies (which differ per person).
    with django_assert_num_queries(3):
        page(client, case_study.get_absolute_url())


def test_a_published_case_study_appears_on_the_list_at_once(client, world):
    draft = CaseStudyFactory(title="Shared waste contract", status=CaseStudy.Status.DRAFT)
    assert "Shared waste contract" not in page(client)
    services.publish_case_study(case_study=draft, by=world.users["lga_staff"])
    assert "Shared waste contract" in page(client)


def test_an_archived_case_study_leaves_the_list_and_its_page_says_so(client, world):
    case_study = CaseStudyFactory(title="Shared waste contract")
    assert "Shared waste contract" in page(client)
    assert "was archived" not in page(client, case_study.get_absolute_url())
    services.archive_case_study(case_study=case_study, by=world.users["lga_staff"])
    assert "Shared waste contract" not in page(client)
    assert "was archived" in page(client, case_study.get_absolute_url())


def test_a_case_study_returned_to_draft_is_no_longer_found(client, world):
    case_study = CaseStudyFactory(title="Shared waste contract")
    page(client, case_study.get_absolute_url())
    services.archive_case_study(case_study=case_study, by=world.users["lga_staff"])
    services.return_to_draft(case_study=case_study, by=world.users["lga_staff"])
    assert client.get(case_study.get_absolute_url()).status_code == 404
    assert "Shared waste contract" not in page(client)


def test_an_edited_case_study_shows_its_new_words_on_the_list_and_its_page(client):
    case_study = CaseStudyFactory(title="Shared waste contract", background="Old background.")
    page(client), page(client, case_study.get_absolute_url())
    case_study.title, case_study.background = "Joint waste contract", "New background."
    services.save_case_study(case_study=case_study, reason="Retitled")
    assert "Joint waste contract" in page(client)
    detail = page(client, case_study.get_absolute_url())
    assert "Joint waste contract" in detail
    assert "New background." in detail


def test_a_new_case_study_appears_on_the_list_and_among_related_ones(client):
    first = CaseStudyFactory(title="Shared waste contract", tags={"working-with-partners": 3})
    page(client), page(client, first.get_absolute_url())
    CaseStudyFactory(title="Joint highways framework", tags={"working-with-partners": 2})
    assert "Joint highways framework" in page(client)
    assert "Joint highways framework" in page(client, first.get_absolute_url())


def test_each_search_gets_its_own_results(client):
    CaseStudyFactory(title="Shared waste contract")
    CaseStudyFactory(title="Joint highways framework")
    waste = page(client, q="waste")
    highways = page(client, q="highways")
    assert "Shared waste contract" in waste
    assert "Joint highways framework" not in waste
    assert "Joint highways framework" in highways
    assert "Shared waste contract" not in highways
    assert "<title>Case studies: highways – " in highways


def test_a_signed_in_person_never_sees_another_persons_details_from_the_shared_page(world):
    case_study = CaseStudyFactory(title="Shared waste contract")
    officer, other = world.users["officer"], world.users["other_officer"]
    ReplyFactory(case_study=case_study, author=officer, body="Waiting reply from the officer")
    first = force_login_verified(Client(), officer)
    assert "Waiting reply from the officer" in page(first, case_study.get_absolute_url())
    page(first)

    second = force_login_verified(Client(enforce_csrf_checks=True), other)
    detail = page(second, case_study.get_absolute_url())
    assert "Waiting reply from the officer" not in detail
    assert officer.email not in detail
    assert officer.email not in page(second)
    # The reply form's CSRF token is the second person's own, so their reply is accepted.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', detail).group(1)
    reply = second.post(
        reverse("casestudies:reply_create", args=[case_study.slug]),
        {"body": "Thank you", "csrfmiddlewaretoken": token},
    )
    assert reply.status_code == 302
    assert Reply.objects.filter(author=other).exists()


def test_the_shared_parts_hold_no_csrf_token(client, world):
    case_study = CaseStudyFactory(title="Shared waste contract")
    force_login_verified(client, world.users["officer"])
    page(client), page(client, case_study.get_absolute_url())
    assert cache._cache  # LocMemCache's entries: the two pages' shared parts
    for value in cache._cache.values():
        assert b"csrfmiddlewaretoken" not in value


def test_signed_in_views_of_the_library_are_still_never_stored(client, world):
    case_study = CaseStudyFactory()
    force_login_verified(client, world.users["officer"])
    for url in (LIST, case_study.get_absolute_url()):
        client.get(url)
        assert "no-store" in client.get(url)["Cache-Control"]
