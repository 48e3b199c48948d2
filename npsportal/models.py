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

    class Reminders(models.TextChoices):
        ALL = "all", "Every reminder and a weekly summary"
        ESSENTIAL = "essential", "Only reminders about things overdue or about to close"

    reminders = models.CharField(max_length=10, choices=Reminders.choices, default=Reminders.ALL)

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


class OutgoingEmail(models.Model):
    """An email the portal has promised to send: kept until it is sent, tried again if it fails."""

    # The same key is the same email: queueing it again, or running its task twice, sends once.
    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=250)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    given_up_at = models.DateTimeField(
        null=True, blank=True, help_text="Every retry failed: send it again from here."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "email"

    def __str__(self):
        return f"{self.subject} to {self.to}"

    @property
    def state(self) -> str:
        if self.sent_at:
            return "Sent"
        return "Given up" if self.given_up_at else "Waiting to send"


class Invitation(models.Model):
    """An invitation to take a role: at a council, or as LGA staff (no council)."""

    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="invitations", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The link carries a random secret; only its SHA-256 is kept, so the table alone opens nothing.
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    sends = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "council"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_address_per_council",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(
                    council__isnull=True, accepted_at__isnull=True, revoked_at__isnull=True
                ),
                name="one_open_lga_staff_invitation_per_address",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.LGA_STAFF, council__isnull=True)
                    | Q(role__in=COUNCIL_ROLES, council__isnull=False)
                ),
                name="invitation_council_roles_have_a_council",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.email}) – {self.get_role_display()}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        return self.State.EXPIRED if self.expires_at <= timezone.now() else self.State.WAITING

    def get_state_display(self) -> str:
        return self.State(self.state).label

    @property
    def where(self) -> str:
        return self.council.name if self.council else "the LGA"


class SignedInSession(models.Model):
    """A session a person signed in with: so that removing them ends every one of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    signed_in_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user} at {self.signed_in_at:%Y-%m-%d %H:%M}"


class AccessToken(models.Model):
    """A personal access token for the API, which acts as its person with their roles of the
    moment: shown once when made; only its SHA-256 is kept, so the table alone opens nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, e.g. Power BI dashboard.")
    # The first characters of the token, so that people can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
