"""Email addresses are stored in one spelling, including those saved before that rule."""

from importlib import import_module

import pytest
from django.apps import apps

from npsportal.models import User, normalise_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = import_module("npsportal.migrations.0003_lower_case_email_addresses")


def test_an_address_is_stored_stripped_and_in_lower_case():
    assert normalise_email("  Some.One@Council.TEST ") == "some.one@council.test"


def test_the_migration_lower_cases_addresses_saved_with_capitals():
    user = UserFactory(email="someone@council.test")
    User.objects.filter(pk=user.pk).update(email="SomeOne@Council.TEST")
    migration.lower_case_email_addresses(apps, schema_editor=None)
    user.refresh_from_db()
    assert user.email == "someone@council.test"


def test_the_migration_names_accounts_it_cannot_merge(monkeypatch):
    UserFactory(email="someone@council.test")
    other = UserFactory(email="other@council.test")
    # The constraint forbids such a pair now; the migration runs before it existed.
    rows = [(1, "someone@council.test"), (other.pk, "SOMEONE@council.test")]
    monkeypatch.setattr(User.objects, "values_list", lambda *fields: rows, raising=False)
    with pytest.raises(RuntimeError, match="someone@council.test: someone@council.test, SOMEONE"):
        migration.lower_case_email_addresses(apps, schema_editor=None)


def test_a_person_is_found_by_their_address_in_any_capitals():
    user = UserFactory(email="someone@council.test")
    assert User.objects.get_by_natural_key(" SomeOne@COUNCIL.test") == user
