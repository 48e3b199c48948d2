"""The API access token pages and what each role gets from them (issue 19): everyone signed in
has their own; another person's token is a 404."""

from datetime import timedelta

from django.utils import timezone

from npsportal.models import AccessToken
from tests.matrix import Row, for_roles, statuses

PUBLIC: set[str] = set()


def _officers_token(world):
    if "officer_token" not in world.objects:
        world.objects["officer_token"] = AccessToken.objects.create(
            user=world.users["officer"],
            name="Officer's dashboard",
            prefix="nps_matrix00",
            key_hash="0" * 64,
            expires_at=timezone.now() + timedelta(days=30),
        )
    return {"pk": world.objects["officer_token"].pk}


ROWS = [
    Row("tokens:list", statuses(200)),
    Row("tokens:create", statuses(200)),
    # Without input the form comes back with its errors.
    Row("tokens:create", statuses(200), method="post"),
    # Nothing to show once: back to the list.
    Row("tokens:created", statuses(302)),
    Row("tokens:revoke", for_roles(["officer"]), _officers_token),
    Row("tokens:revoke", for_roles(["officer"], ok=302), _officers_token, "post"),
]
