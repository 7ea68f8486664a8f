from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "soctasking.operations"
    label = "operations"
    verbose_name = "Operations"
