"""People, councils and roles: what every app shares."""

import unicodedata

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import Exact
from django.utils import timezone

from npsportal.roles import COUNCIL_ROLES, Role


def normalise_email(email: str) -> str:
    """An email address as stored and compared everywhere: NFKC, stripped, lower case."""
    # One spelling per address, so an address has one account, one sign-in lockout counter
    # and one password reset allowance whatever capitals or spaces are typed.
    return unicodedata.normalize("NFKC", email).strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def with_email(self, email: str):
        """The people with this address (at most one), whatever its capitals."""
        # lower(email) = …: the expression the unique constraint indexes, so PostgreSQL uses it.
        return self.filter(Exact(Lower("email"), normalise_email(email)))

    def get_by_natural_key(self, email):
        return self.with_email(email).get()

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "Django admin access", default=False, help_text="Can sign in to the back office."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_whatever_its_case",
                violation_error_message="A person with this email address already exists",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @classmethod
    def normalize_username(cls, username):
        # Django's clean() runs this on the email (USERNAME_FIELD), so every model form of a
        # person stores the one spelling the sign-in lockout counts by.
        return normalise_email(username) if isinstance(username, str) else username

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Council(models.Model):
    """An English local authority taking part in the NPS self-assessment."""

    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"
        LONDON_BOROUGH = "london_borough", "London borough"
        COMBINED_AUTHORITY = "combined_authority", "Combined authority"

    class Region(models.TextChoices):
        NORTH_EAST = "north_east", "North East"
        NORTH_WEST = "north_west", "North West"
        YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east_midlands", "East Midlands"
        WEST_MIDLANDS = "west_midlands", "West Midlands"
        EAST = "east", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south_east", "South East"
        SOUTH_WEST = "south_west", "South West"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    gss_code = models.CharField(
        "GSS code", max_length=9, unique=True, help_text="The ONS code, for example E08000007."
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    region = models.CharField(max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gss_code__regex=r"^E[0-9]{8}$"), name="council_gss_code_format"
            ),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role: at one council, or as LGA staff (no council)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="memberships", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["council__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "council"], name="one_role_per_user_per_council"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(council__isnull=True),
                name="one_lga_staff_membership_per_user",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.LGA_STAFF, council__isnull=True)
                    | Q(role__in=COUNCIL_ROLES, council__isnull=False)
                ),
                name="council_roles_have_a_council_and_lga_staff_none",
            ),
        ]

    def __str__(self):
        where = self.council or "LGA"
        return f"{self.user} – {self.get_role_display()} ({where})"


class AuditEvent(models.Model):
    """A security event: who did what, when (UTC) and from where. Never holds secrets."""

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events"
    )
    # Kept as typed, so failed sign-ins for unknown addresses and deleted users stay readable.
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_email}"
