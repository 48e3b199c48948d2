"""How people sign in: email and password, with every permission answered by rules."""

from django.contrib.auth.backends import ModelBackend


class EmailPasswordBackend(ModelBackend):
    """Django's password sign-in, without Django's per-model permissions.

    Every permission is a rule in an app's rules.py, answered by rules' ObjectPermissionBackend,
    and nobody is given Django's model permissions: asking the database for them whenever a rule
    says no (the navigation asks on every page) only cost two queries a request.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()
