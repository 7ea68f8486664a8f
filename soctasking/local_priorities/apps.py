from django.apps import AppConfig


class LocalPrioritiesConfig(AppConfig):
    name = "soctasking.local_priorities"
    label = "local_priorities"
    verbose_name = "Local priorities"
