from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"
    # Service navigation items this app contributes: (label, url name, permission or None).
    navigation = [
        ("Case studies", "casestudies:case_study_list", None),
        ("Manage case studies", "casestudies:staff_list", "casestudies.manage_case_study"),
    ]
