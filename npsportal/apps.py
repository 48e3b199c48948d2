from django.apps import AppConfig


class NpsPortalConfig(AppConfig):
    name = "npsportal"
    verbose_name = "People and councils"
    # Service navigation items this app contributes: (label, url name, permission or None).
    navigation = [
        ("Home", "home", None),
        ("Back office", "admin:index", "npsportal.use_back_office"),
    ]

    def ready(self):
        from axes.signals import user_locked_out

        from npsportal import audit

        user_locked_out.connect(audit._record_lockout, dispatch_uid="audit_locked_out")
