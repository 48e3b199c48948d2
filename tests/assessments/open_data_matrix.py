"""Open data's URLs and what each role gets from them (issue 19): LGA staff publish and withdraw;
the list and the downloads are public."""

from tests.matrix import Row, for_roles, statuses

PUBLIC = {"assessments:open_data", "assessments:open_data_csv", "assessments:open_data_metadata"}


def closed_round(world):
    from django.utils import timezone

    from tests.assessments.factories import RoundFactory

    if "closed_round" not in world.objects:
        world.objects["closed_round"] = RoundFactory(name="2024/25", closed_at=timezone.now())
    return world.objects["closed_round"]


def a_closed_round(world):
    return {"round": closed_round(world).slug}


def _release(world):
    from assessments.open_data.services import publish_release

    if "release" not in world.objects:
        round = closed_round(world)
        world.objects["release"] = publish_release(round=round, user=world.users["lga_staff"])
    return world.objects["release"]


def a_release(world):
    return {"pk": _release(world).pk}


def release_csv(world):
    from assessments.open_data.files import csv_name

    release = _release(world)
    return {"pk": release.pk, "filename": csv_name(release.round)}


STAFF = for_roles(["lga_staff"], refused=403)
EVERYONE = statuses(200, anonymous=200)
ROWS = [
    Row("assessments:open_data_publish", STAFF, a_closed_round),
    Row("assessments:open_data_publish", STAFF | {"lga_staff": 302}, a_closed_round, "post"),
    Row("assessments:open_data_withdraw", STAFF, a_release),
    Row("assessments:open_data_withdraw", STAFF | {"lga_staff": 302}, a_release, "post"),
    Row("assessments:open_data", EVERYONE),
    Row("assessments:open_data_csv", EVERYONE, release_csv),
    Row("assessments:open_data_metadata", EVERYONE, a_release),
]
