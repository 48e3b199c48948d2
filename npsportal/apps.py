from django.apps import AppConfig


class NpsPortalConfig(AppConfig):
    name = "npsportal"
    verbose_name = "People and councils"
    # Service navigation items this app contributes: (label, url name, permission or None).
    navigation = [
        ("Home", "home", None),
        ("Your team", "teams:team_choose", "npsportal.manage_a_team"),
        ("Councils", "teams:council_list", "npsportal.invite_heads"),
    ]

    def ready(self):
        from axes.signals import user_locked_out

        from npsportal import audit
        from npsportal.teams import sessions  # noqa: F401 - connects its sign-in receiver

        user_locked_out.connect(audit._record_lockout, dispatch_uid="audit_locked_out")
