from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "soctasking.performance"
    label = "performance"
    verbose_name = "National performance report"
