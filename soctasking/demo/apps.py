from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "soctasking.demo"
    label = "demo"
    verbose_name = "Demo picture"
