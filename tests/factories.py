"""factory_boy factories for people and councils; apps' own are in tests/<app>/factories.py."""

import factory
import faker
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from npsportal.models import Council, Membership, User
from npsportal.roles import Role

PASSWORD = "correct-horse-battery-staple"
# Every factory user's authenticator app shares this secret, so tests can work out its codes.
TOTP_KEY = "3132333435363738393031323334353637383930"
FAKE = faker.Faker("en_GB")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@council.example.org")
    # A made-up British name without an apostrophe: "O'Connor" is O&#x27;Connor in a page's HTML,
    # so every test that looks for a person's name there would pass or fail by the draw.
    # tests/npsportal/test_names_in_pages.py shows names with apostrophes to people correctly.
    full_name = factory.LazyFunction(lambda: FAKE.name().replace("'", ""))
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def totp_device(obj, create, extracted, **kwargs):
        # A confirmed authenticator app, unless the test says `totp_device=False`.
        if create and extracted is not False:
            TOTPDevice.objects.create(user=obj, name="Authenticator app", key=TOTP_KEY)


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


def authenticator_code(user, confirmed: bool = True) -> str:
    """The code the user's authenticator app shows now (the next one once this one is used)."""
    device = TOTPDevice.objects.get(user=user, confirmed=confirmed)
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return f"{hotp(device.bin_key, max(now, device.last_t + 1)):06d}"
