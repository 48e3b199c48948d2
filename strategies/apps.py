from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = "Category strategies and consultations"
    navigation = [
        ("Strategies", "strategies:strategy_list", None),
        ("Consultations", "strategies:consultation_list", None),
    ]
    # What the app shows on a signed-in person's start page (decision 0007).
    start_page = "strategies.start_page.start_page"
