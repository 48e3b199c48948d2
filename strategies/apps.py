from django.apps import AppConfig


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = "Category strategies and consultations"
    navigation = [
        ("Strategies", "strategies:strategy_list", None),
        ("Consultations", "strategies:consultation_list", None),
    ]
