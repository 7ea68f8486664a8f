from django.apps import AppConfig


class PrioritisationConfig(AppConfig):
    name = "soctasking.prioritisation"
    label = "prioritisation"
    verbose_name = "Prioritisation"
