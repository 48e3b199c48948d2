from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"
    # Service navigation items this app contributes: (label, url name, permission or None).
    navigation = [
        ("Case studies", "casestudies:case_study_list", None),
        ("Manage case studies", "casestudies:staff_list", "casestudies.manage_case_study"),
    ]
    # What the app shows on a signed-in person's start page (decision 0007).
    start_page = "casestudies.start_page.start_page"
