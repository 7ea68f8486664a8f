from django.apps import AppConfig


class ThreatsConfig(AppConfig):
    name = "soctasking.threats"
    label = "threats"
    verbose_name = "Threats"
