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
        from assessments.dashboards.svg_text import mend_svg_text

        # WeasyPrint's parser and SVG text mended once for every PDF (decision 0020).
        mend_html_parser_cache()
        mend_svg_text()
