"""Publishing a round's open dataset, and withdrawing it."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from assessments.models import OpenDataRelease, Round
from assessments.open_data import files
from assessments.open_data.builder import build_dataset
from npsportal.audit import record_event
from npsportal.models import User


class CannotPublish(Exception):
    """The round's open data cannot be published now; the message says why."""


def live_release(round: Round) -> OpenDataRelease | None:
    """The round's release that has not been withdrawn, if any."""
    return round.open_data_releases.filter(withdrawn_at=None).first()


def why_not_publishable(round: Round) -> str:
    """Why the round's open data cannot be published, or "" when it can."""
    if round.closed_at is None:
        return (
            f"The {round} round is not closed. Open data can be published once the round is "
            "closed, when no self-assessment can change any more."
        )
    if live_release(round):
        return f"The {round} open data is already published. Withdraw it to publish it again."
    return ""


@transaction.atomic
def publish_release(*, round: Round, user: User) -> OpenDataRelease:
    """Publishes a closed round's open dataset (CSV and datapackage.json); one live a round."""
    # Two people confirming at once publish once: the second waits here, then finds the first.
    round = Round.objects.select_for_update().select_related("framework").get(pk=round.pk)
    reason = why_not_publishable(round)
    if reason:
        raise CannotPublish(reason)
    dataset = build_dataset(round)
    release = OpenDataRelease(round=round, published_by=user, rows=len(dataset.rows))
    data = files.csv_bytes(dataset)
    package = files.datapackage(dataset, data, created=release.published_at)
    release.data.save(files.csv_name(round), ContentFile(data), save=False)
    release.metadata.save(
        f"{round.slug}-{files.METADATA_NAME}",
        ContentFile(files.metadata_bytes(package)),
        save=False,
    )
    release.save()
    details = {"round": round.slug, "rows": release.rows, "suppressed": dataset.suppressed_rows}
    record_event(action="open_data.published", actor=user, obj=release, details=details)
    return release


@transaction.atomic
def withdraw_release(*, release: OpenDataRelease, user: User) -> OpenDataRelease:
    """Withdraws a release: it stays listed as withdrawn, its files are deleted, never served."""
    release = OpenDataRelease.objects.select_for_update().get(pk=release.pk)
    if release.withdrawn_at is not None:
        return release
    release.withdrawn_at = timezone.now()
    release.save(update_fields=["withdrawn_at"])
    record_event(
        action="open_data.withdrawn",
        actor=user,
        obj=release,
        details={"round": release.round.slug},
    )
    transaction.on_commit(lambda: delete_files(release))
    return release


def delete_files(release: OpenDataRelease) -> None:
    """Deletes a withdrawn release's stored files (once its withdrawal is committed)."""
    for stored in (release.data, release.metadata):
        if stored.name:
            stored.storage.delete(stored.name)
