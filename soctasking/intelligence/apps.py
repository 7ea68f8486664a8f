from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "soctasking.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"
