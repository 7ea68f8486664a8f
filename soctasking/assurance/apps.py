from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    name = "soctasking.assurance"
    label = "assurance"
    verbose_name = "Assurance"
