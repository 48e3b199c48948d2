"""Every session a person signed in with, so that switching them off signs them out everywhere."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from npsportal.models import SignedInSession, User


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore()


@receiver(user_logged_in, dispatch_uid="teams_remember_session")
def _remember_session(sender, request, user, **kwargs):
    # Only remembering: Django's session store keeps no index by person, so without this record
    # ending someone's sessions would mean reading every session there is.
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key and getattr(user, "pk", None):
        forget_ended_sessions(user)
        SignedInSession.objects.get_or_create(session_key=key, defaults={"user": user})


def forget_ended_sessions(user: User) -> None:
    """Drops the records of the person's sessions that have expired or ended."""
    store = _store()
    for record in SignedInSession.objects.filter(user=user):
        if not store.exists(record.session_key):
            record.delete()


def end_sessions_of(user: User) -> int:
    """Deletes every session the person signed in with; returns how many there were."""
    store = _store()
    records = list(SignedInSession.objects.filter(user=user))
    for record in records:
        store.delete(record.session_key)
    SignedInSession.objects.filter(pk__in=[r.pk for r in records]).delete()
    return len(records)
