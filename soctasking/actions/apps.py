from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "soctasking.actions"
    label = "actions"
    verbose_name = "Actions"
