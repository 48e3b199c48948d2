"""Reading the audit log in tests: the events of an action, and one recorded from a test client."""

from npsportal.models import AuditEvent


def events(action):
    return list(AuditEvent.objects.filter(action=action))


def only_event(action):
    (event,) = events(action)
    return event


def assert_recorded(action, user, obj=None):
    """Exactly one event of the action, by the user from the test client's address, on obj."""
    event = only_event(action)
    assert (event.actor, event.actor_email, event.ip_address) == (user, user.email, "127.0.0.1")
    if obj is not None:
        assert (event.object_type, event.object_id) == (obj._meta.label, str(obj.pk))
    return event
