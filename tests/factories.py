"""factory_boy factories for people and councils; apps' own are in tests/<app>/factories.py."""

import factory

from npsportal.models import Council, Membership, User
from npsportal.roles import Role

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@council.example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ["gss_code"]

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    gss_code = factory.Sequence(lambda n: f"E0{9000000 + n:07d}")
    kind = Council.Kind.METROPOLITAN_DISTRICT
    region = Council.Region.NORTH_WEST


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    role = Role.OFFICER


def member_of(council, role=Role.OFFICER, **user_fields) -> User:
    """A new user holding a role at a council."""
    return MembershipFactory(council=council, role=role, user=UserFactory(**user_fields)).user


def lga_staff(**user_fields) -> User:
    """A new LGA staff member (with back-office access)."""
    user = UserFactory(is_staff=True, **user_fields)
    MembershipFactory(user=user, council=None, role=Role.LGA_STAFF)
    return user
