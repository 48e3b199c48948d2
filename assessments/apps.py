from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Self-assessments"
    navigation = [
        ("Self-assessment", "assessments:assessment_list", "assessments.view_own_assessments"),
        ("Dashboard", "assessments:dashboard", "assessments.view_dashboard"),
        ("National picture", "assessments:national", "npsportal.view_national_picture"),
        ("Rounds", "assessments:round_list", "assessments.run_rounds"),
    ]
    # What the app shows on a signed-in person's start page (decision 0007).
    start_page = "assessments.start_page.start_page"

    def ready(self):
        from assessments.dashboards.layout import mend_html_parser_cache

        mend_html_parser_cache()
