"""The framework's back office follows the one back-office rule, inlines included."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from assessments.admin import DescriptorInline
from assessments.models import Statement
from tests.factories import lga_staff

pytestmark = pytest.mark.django_db


def test_a_descriptor_inline_refuses_lga_staff_without_back_office_access():
    person = lga_staff()
    person.is_staff = False  # staff role kept, back-office access taken away
    request = RequestFactory().get("/admin/")
    request.user = person
    inline = DescriptorInline(Statement, admin.site)
    assert not inline.has_view_permission(request)
    assert not inline.has_change_permission(request)
